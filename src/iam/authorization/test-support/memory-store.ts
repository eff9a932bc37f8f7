import {
  type AccessKeyOwner, type AccessKeyRecord, type AccessKeyUse, type AccountRecord, type IamEntityKind, type IamEntityRecord, type IamLinkKind,
  type IamLinkRecord, type InlinePolicyRecord, type PageRequest, type Store, type StoreChange, StoreConflict, type StoreReads, type StoreTransaction,
} from '../../../store/port.js';

function page<T>(items: T[], key: (item: T) => string, request?: PageRequest): T[] {
  const sorted = items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const after = request?.after;
  const from = after === undefined ? sorted : sorted.filter((i) => key(i) > after);
  return request?.limit !== undefined ? from.slice(0, request.limit) : from;
}

/**
 * A store in memory for the domain's unit tests (authorization reads entities, links and inline policies).
 * Transactions run directly on it; nothing is isolated. The real adapters are tested by the conformance suite.
 */
export class MemoryStore implements Store {
  readonly dialect = 'sqlite' as const;
  /** How many times `transaction` or `read` was called (snapshot caching tests). */
  transactions = 0;
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly keys = new Map<string, AccessKeyRecord>();
  private readonly entities = new Map<string, IamEntityRecord>();
  private links: IamLinkRecord[] = [];
  private readonly inline = new Map<string, InlinePolicyRecord>();
  private readonly settings = new Map<string, string>();

  private static entityKey(accountId: string, kind: IamEntityKind, name: string): string {
    return `${accountId}/${kind}/${name.toLowerCase()}`;
  }

  private static inlineKey(accountId: string, kind: string, owner: string, name: string): string {
    return `${accountId}/${kind}/${owner.toLowerCase()}/${name.toLowerCase()}`;
  }

  async migrate(): Promise<void> {}
  async transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.transactions += 1;
    return work(this);
  }
  async read<T>(work: (tx: StoreReads) => Promise<T>): Promise<T> {
    this.transactions += 1;
    return work(this);
  }
  async truncateAll(): Promise<void> {}
  /** Listeners are kept but never called: these tests drop snapshots through `Enforcer.changed` themselves. */
  readonly changeListeners = new Set<(change: StoreChange) => void>();
  async onChanged(listener: (change: StoreChange) => void): Promise<() => void> {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }
  async close(): Promise<void> {}

  async createAccount(account: AccountRecord): Promise<void> {
    if (this.accounts.has(account.id)) throw new StoreConflict('account');
    this.accounts.set(account.id, account);
  }
  async getAccount(id: string): Promise<AccountRecord | undefined> {
    return this.accounts.get(id);
  }
  async listAccounts(request?: PageRequest): Promise<AccountRecord[]> {
    return page([...this.accounts.values()], (a) => a.id, request);
  }

  async createAccessKey(key: AccessKeyRecord): Promise<void> {
    if (this.keys.has(key.accessKeyId)) throw new StoreConflict('access-key');
    this.keys.set(key.accessKeyId, key);
  }
  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return this.keys.get(accessKeyId);
  }
  async listAccessKeys(accountId: string, owner: AccessKeyOwner): Promise<AccessKeyRecord[]> {
    return [...this.keys.values()].filter((k) => k.accountId === accountId && JSON.stringify(k.owner) === JSON.stringify(owner));
  }
  async updateAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean> {
    const key = this.keys.get(accessKeyId);
    if (key === undefined) return false;
    this.keys.set(accessKeyId, { ...key, status });
    return true;
  }
  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    return this.keys.delete(accessKeyId);
  }
  async recordAccessKeyUse(uses: readonly AccessKeyUse[]): Promise<number> {
    let updated = 0;
    for (const { accessKeyId, ...lastUsed } of uses) {
      const key = this.keys.get(accessKeyId);
      if (key === undefined || (key.lastUsed !== undefined && key.lastUsed.date >= lastUsed.date)) continue;
      this.keys.set(accessKeyId, { ...key, lastUsed });
      updated += 1;
    }
    return updated;
  }

  async createEntity(entity: IamEntityRecord): Promise<void> {
    const key = MemoryStore.entityKey(entity.accountId, entity.kind, entity.name);
    if (this.entities.has(key)) throw new StoreConflict(entity.kind);
    this.entities.set(key, entity);
  }
  async getEntity(accountId: string, kind: IamEntityKind, name: string): Promise<IamEntityRecord | undefined> {
    return this.entities.get(MemoryStore.entityKey(accountId, kind, name));
  }
  async updateEntity(entity: IamEntityRecord): Promise<boolean> {
    const key = MemoryStore.entityKey(entity.accountId, entity.kind, entity.name);
    if (!this.entities.has(key)) return false;
    this.entities.set(key, entity);
    return true;
  }
  async renameEntity(accountId: string, kind: IamEntityKind, oldName: string, entity: IamEntityRecord): Promise<boolean> {
    if (!this.entities.delete(MemoryStore.entityKey(accountId, kind, oldName))) return false;
    await this.createEntity(entity);
    return true;
  }
  async deleteEntity(accountId: string, kind: IamEntityKind, name: string): Promise<boolean> {
    return this.entities.delete(MemoryStore.entityKey(accountId, kind, name));
  }
  async listEntities(accountId: string, kind: IamEntityKind, options?: PageRequest & { pathPrefix?: string }): Promise<IamEntityRecord[]> {
    const all = [...this.entities.values()].filter((e) => e.accountId === accountId && e.kind === kind && e.path.startsWith(options?.pathPrefix ?? ''));
    return page(all, (e) => e.name.toLowerCase(), options);
  }
  async countEntities(accountId: string, kind: IamEntityKind): Promise<number> {
    return (await this.listEntities(accountId, kind)).length;
  }

  async addLink(link: IamLinkRecord): Promise<void> {
    if (this.links.some((l) => l.accountId === link.accountId && l.kind === link.kind && l.from === link.from && l.to === link.to)) {
      throw new StoreConflict('link');
    }
    this.links.push(link);
  }
  async removeLink(accountId: string, kind: IamLinkKind, from: string, to: string): Promise<boolean> {
    const before = this.links.length;
    this.links = this.links.filter((l) => !(l.accountId === accountId && l.kind === kind && l.from === from && l.to === to));
    return this.links.length < before;
  }
  async listLinksFrom(accountId: string, kind: IamLinkKind, from: string, request?: PageRequest): Promise<IamLinkRecord[]> {
    return page(this.links.filter((l) => l.accountId === accountId && l.kind === kind && l.from === from), (l) => l.to, request);
  }
  async listLinksTo(accountId: string, kind: IamLinkKind, to: string, request?: PageRequest): Promise<IamLinkRecord[]> {
    return page(this.links.filter((l) => l.accountId === accountId && l.kind === kind && l.to === to), (l) => l.from, request);
  }
  async countLinksFrom(accountId: string, kind: IamLinkKind, from: string): Promise<number> {
    return (await this.listLinksFrom(accountId, kind, from)).length;
  }
  async countLinksTo(accountId: string, kind: IamLinkKind, to: string): Promise<number> {
    return (await this.listLinksTo(accountId, kind, to)).length;
  }
  async removeLinksOf(accountId: string, kind: IamLinkKind, key: string, end: 'from' | 'to'): Promise<number> {
    const before = this.links.length;
    this.links = this.links.filter((l) => !(l.accountId === accountId && l.kind === kind && l[end] === key));
    return before - this.links.length;
  }

  async putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    this.inline.set(MemoryStore.inlineKey(policy.accountId, policy.ownerKind, policy.ownerName, policy.policyName), policy);
  }
  async getInlinePolicy(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return this.inline.get(MemoryStore.inlineKey(accountId, ownerKind, ownerName, policyName));
  }
  async listInlinePolicies(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, request?: PageRequest): Promise<InlinePolicyRecord[]> {
    const all = [...this.inline.values()].filter((p) => p.accountId === accountId && p.ownerKind === ownerKind && p.ownerName.toLowerCase() === ownerName.toLowerCase());
    return page(all, (p) => p.policyName.toLowerCase(), request);
  }
  async deleteInlinePolicy(accountId: string, ownerKind: InlinePolicyRecord['ownerKind'], ownerName: string, policyName: string): Promise<boolean> {
    return this.inline.delete(MemoryStore.inlineKey(accountId, ownerKind, ownerName, policyName));
  }

  async getSetting(name: string): Promise<string | undefined> {
    return this.settings.get(name);
  }
  async setSetting(name: string, value: string): Promise<void> {
    this.settings.set(name, value);
  }
}

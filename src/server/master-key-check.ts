import type { Store } from '../store/port.js';

const SETTING = 'master-key-check';
const PLAINTEXT = 'ward master key check';

/**
 * Makes sure the master key is the one this database's secrets were sealed with: the first start seals a
 * known text; every later start must open it. A wrong key then stops Ward at start, with a message that
 * says so, instead of failing every signature later.
 */
export async function checkMasterKey(
  store: Store, sealer: { seal(plaintext: string, aad: string): string; open(sealed: string, aad: string): string },
): Promise<void> {
  await store.transaction(async (tx) => {
    const sealed = await tx.getSetting(SETTING);
    if (sealed === undefined) {
      await tx.setSetting(SETTING, sealer.seal(PLAINTEXT, SETTING));
      return;
    }
    let opened: string | undefined;
    try {
      opened = sealer.open(sealed, SETTING);
    } catch {
      opened = undefined;
    }
    if (opened !== PLAINTEXT) {
      throw new Error(
        'The master key does not match the key this database\'s secrets were sealed with. ' +
        'Set WARD_MASTER_KEY (or restore DATA/master.key) to the key used when the database was created.',
      );
    }
  });
}

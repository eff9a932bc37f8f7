import { parseArn } from '../../kernel/index.js';
import type { StoreTransaction } from '../../store/port.js';
import { iamError } from '../errors.js';

/**
 * Checks that `arn` names a managed policy that may be a permissions boundary in `accountId`: an AWS
 * managed policy (`arn:PARTITION:iam::aws:policy/...`, the catalogue is another module's), or a customer
 * managed policy of the same account that exists. AWS answers InvalidInput for an ARN that is not a
 * policy ARN and NoSuchEntity "Scope ARN: ARN does not exist or is not attachable." otherwise
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html); the same
 * words as roles' boundary check (src/iam/roles/boundaries.ts), which Put/DeleteUserPermissionsBoundary use.
 */
export async function checkPermissionsBoundary(tx: StoreTransaction, partition: string, accountId: string, arn: string): Promise<void> {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || !parsed.resource.startsWith('policy/') ||
      parsed.resource.endsWith('/')) {
    throw iamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  const notAttachable = iamError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
  if (parsed.partition !== partition) throw notAttachable;
  if (parsed.account === 'aws') return;
  if (parsed.account !== accountId) throw notAttachable;
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const policy = await tx.getEntity(accountId, 'policy', name);
  if (policy === undefined || policy.arn !== arn) throw notAttachable;
}

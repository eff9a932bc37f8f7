/** Ward's kernel: ARNs, ids, the AWS error base and the ports the pure core needs. No I/O. */
export { AwsError, isAwsError, type AwsErrorType } from './aws-error.js';
export { parseArn, formatArn, partitionOf, isAccountId, type Arn } from './arn.js';
export type { Clock } from './clock.js';
export {
  IdPrefix, newId, newAccessKeyId, newEntityId, newAccountId, type RandomSource,
} from './ids.js';
export { pooledRandom } from './random-pool.js';

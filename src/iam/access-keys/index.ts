/** IAM access keys: long-term credentials of users and of the root user. */
export { accessKeyOperations } from './operations.js';
export { MAX_ACCESS_KEYS_PER_USER } from './access-keys.js';

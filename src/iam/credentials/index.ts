/** IAM's credential operations (passwords, SSH keys, certificates, service-specific credentials). */
export { credentialOperations } from './operations.js';
export { checkNoCredentials } from './user-credentials.js';
export { hashPassword, verifyPassword } from './password-hash.js';
export { passwordPolicyOf } from './password-policy.js';
export { ownerKey, ownerPath } from './owned.js';

/** AWS STS: temporary credentials and the caller's identity. */
export { getCallerIdentity, type CallerIdentity } from './get-caller-identity.js';

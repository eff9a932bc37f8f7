import type { IamDeps, OperationTable } from '../operation.js';
import { loginProfileOperations } from './login-profiles.js';
import { passwordPolicyOperations } from './password-policy.js';
import { serverCertificateOperations } from './server-certificates.js';
import { serviceCredentialOperations } from './service-credentials.js';
import { signingCertificateOperations } from './signing-certificates.js';
import { sshPublicKeyOperations } from './ssh-public-keys.js';

/**
 * IAM's credential operations besides access keys and MFA: login profiles and passwords, the account
 * password policy, SSH public keys, signing and server certificates, service-specific credentials.
 */
export function credentialOperations(deps: IamDeps): OperationTable {
  return {
    ...passwordPolicyOperations(deps),
    ...loginProfileOperations(deps),
    ...sshPublicKeyOperations(deps),
    ...signingCertificateOperations(deps),
    ...serverCertificateOperations(deps),
    ...serviceCredentialOperations(deps),
  };
}

/**
 * Virtual MFA: IAM's device operations, and the check STS makes of a `SerialNumber` + `TokenCode`
 * ({@link verifyMfaCode}). Devices are entities of kind `mfa-device` (data: `VirtualMfaDeviceData` in
 * `src/iam/records.ts`); a user's enabled devices are listed in its data (`UserData.mfaDevices`).
 */
export { mfaOperations } from './operations.js';
export { type MfaCodeCheck, type MfaFailure, type MfaVerification, mfaVerifier, verifyMfaCode, INVALID_MFA_CODE_MESSAGE } from './verify.js';
export { MAX_MFA_DEVICES_PER_USER, mfaSerialNumber } from './device.js';
export { TIME_STEP_MS, VERIFY_WINDOW, SYNC_WINDOW } from './totp.js';

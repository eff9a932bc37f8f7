import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { deriveKey } from './session-token.js';
import { stsError } from './errors.js';

/**
 * The details of a denied request, in the shape DecodeAuthorizationMessage answers
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html): whether it
 * was allowed, whether an explicit deny decided, the statements that matched, and the request context.
 */
export interface AuthorizationDetails {
  readonly accountId: string;
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: readonly { readonly policyType: string; readonly policyId?: string; readonly statementId?: string }[];
  readonly principal: { readonly id: string; readonly arn: string };
  readonly action: string;
  readonly resource: string;
  readonly conditions: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>;
}

/** Encodes decision details into an opaque, sealed message and back. */
export interface AuthorizationMessageCodec {
  /** The `Encoded authorization failure message` an AccessDenied may carry. */
  encode(details: AuthorizationDetails): string;
  /** The decoded JSON text; InvalidAuthorizationMessageException when it does not open or belongs to another account. */
  decode(encoded: string, callerAccountId: string): string;
}

const INFO = 'ward/sts/authorization-message/v1';

/**
 * The codec over the master key: AES-256-GCM under its own HKDF-derived key, the account id as
 * associated data (a message only decodes in the account it was made for).
 */
export function createAuthorizationMessageCodec(masterKey: Uint8Array): AuthorizationMessageCodec {
  const key = deriveKey(masterKey, INFO);
  return {
    encode(details) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(details.accountId, 'utf8'));
      const body = Buffer.concat([cipher.update(deflateRawSync(Buffer.from(JSON.stringify(details), 'utf8'))), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
    },
    decode(encoded, callerAccountId) {
      const invalid = () => stsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.');
      const bytes = Buffer.from(encoded, 'base64url');
      if (bytes.length < 28) throw invalid();
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(callerAccountId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      let details: AuthorizationDetails;
      try {
        details = JSON.parse(inflateRawSync(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()])).toString('utf8')) as AuthorizationDetails;
      } catch {
        throw invalid();
      }
      return JSON.stringify({
        allowed: details.allowed,
        explicitDeny: details.explicitDeny,
        matchedStatements: { items: details.matchedStatements },
        failures: { items: [] },
        context: {
          principal: { id: details.principal.id, arn: details.principal.arn },
          action: details.action,
          resource: details.resource,
          conditions: { items: Object.entries(details.conditions).map(([key, value]) => ({ key, values: { items: (Array.isArray(value) ? value : [value]).map((v) => ({ value: String(v) })) } })) },
        },
      });
    },
  };
}

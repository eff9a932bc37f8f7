import assert from 'node:assert/strict';
import type { Caller } from '../../../authn/caller.js';
import { isAwsError } from '../../../kernel/index.js';
import { type IamHarness, openIamHarness } from '../../test-support/harness.js';
import { iamOperations } from '../../operations.js';
import { providerOperations } from '../operations.js';

/**
 * The shared IAM harness (`src/iam/test-support/harness.ts`, a real store) whose `call`/`fails` also reach
 * the provider operations, which `src/iam/operations.ts` does not list until the lead wires them.
 */
export async function openProvidersHarness(options: Parameters<typeof openIamHarness>[0] = {}): Promise<IamHarness> {
  const base = await openIamHarness(options);
  const table = { ...iamOperations(base.deps), ...providerOperations(base.deps) };
  const call = async (action: string, input: Record<string, unknown> = {}, caller: Caller = base.root) => {
    const handler = table[action];
    assert.ok(handler, `no handler for ${action}`);
    return handler({ caller, input, requestId: 'test-request' });
  };
  return {
    ...base,
    call,
    async fails(action, input, code, status, caller = base.root) {
      try {
        await call(action, input, caller);
      } catch (error) {
        assert.ok(isAwsError(error), `expected an AwsError, got ${String(error)}`);
        assert.equal(error.code, code, error.message);
        if (status !== undefined) assert.equal(error.status, status);
        return error.message;
      }
      assert.fail(`${action} succeeded; expected ${code}`);
    },
  };
}

/** SAML 2.0 IdP metadata of at least 1,000 characters (the model's minimum), optionally with `validUntil`. */
export function idpMetadata(entityId = 'https://idp.example.com/saml', validUntil?: string): string {
  const certificate = 'MIIC'.padEnd(900, 'A');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"${validUntil !== undefined ? ` validUntil="${validUntil}"` : ''}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

// End to end: SetSecurityTokenServicePreferences and GetAccountSummary's GlobalEndpointTokenVersion against
// a real Ward process, with boto3 and the aws CLI. Rules: API_SetSecurityTokenServicePreferences (IAM API
// Reference) and its example in botocore's examples-1.json (v2Token, no output).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWard } from '../../server/test-support/use-ward.js';
import { BOTO3_IAM_PRELUDE, awsCli, boto3 } from '../../server/test-support/clients.js';

const BOTO3_SCRIPT = String.raw`${BOTO3_IAM_PRELUDE}
version = lambda: iam.get_account_summary()['SummaryMap']['GlobalEndpointTokenVersion']
out['default'] = version()
iam.set_security_token_service_preferences(GlobalEndpointTokenVersion='v2Token')
out['v2'] = version()
err('bad', iam.set_security_token_service_preferences, GlobalEndpointTokenVersion='v3Token')
out['afterBad'] = version()
iam.set_security_token_service_preferences(GlobalEndpointTokenVersion='v1Token')
out['v1'] = version()
print(json.dumps(out))
`;

describe('SetSecurityTokenServicePreferences end to end (SQLite)', () => {
  const ward = useWard({ accountId: '777766665533' });

  test('boto3: version 1 by default, 2 after v2Token, 1 after v1Token; a value outside the enum is a ValidationError', async () => {
    const result = await boto3(ward().root, BOTO3_SCRIPT);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(out.default, 1);
    assert.equal(out.v2, 2);
    assert.deepEqual(out.bad, ['ValidationError', 400,
      "1 validation error detected: Value 'v3Token' at 'globalEndpointTokenVersion' failed to satisfy constraint: Member must satisfy enum value set: [v1Token, v2Token]"]);
    assert.equal(out.afterBad, 2);
    assert.equal(out.v1, 1);
  });

  test('aws CLI: set-security-token-service-preferences, then get-account-summary', async () => {
    const set = await awsCli(ward().root, ['iam', 'set-security-token-service-preferences', '--global-endpoint-token-version', 'v2Token']);
    assert.equal(set.code, 0, set.stderr);
    const summary = await awsCli(ward().root, ['iam', 'get-account-summary']);
    assert.equal(summary.code, 0, summary.stderr);
    assert.equal((JSON.parse(summary.stdout) as { SummaryMap: Record<string, number> }).SummaryMap.GlobalEndpointTokenVersion, 2);
  });
});

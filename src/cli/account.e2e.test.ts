// `ward account create|list` against the store of a running server: the new account's root key, printed
// once, works at once with the aws CLI; the list shows both accounts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useWard } from '../server/test-support/use-ward.js';
import { awsCli, wardCli as ward } from '../server/test-support/clients.js';

describe('ward account', () => {
  const server = useWard({ accountId: '111111111111' });

  test('create prints the root credentials once; they work against the running server', async () => {
    const created = await ward(['account', 'create', '--name', 'Production', '--account-id', '222222222222', '--data', server().dataDir]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Created account 222222222222 \(Production\)/);
    const accessKeyId = /^export AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})$/m.exec(created.stdout)?.[1] ?? '';
    const secretAccessKey = /^export AWS_SECRET_ACCESS_KEY=(\S{40})$/m.exec(created.stdout)?.[1] ?? '';
    const identity = await awsCli({ url: server().url, accessKeyId, secretAccessKey }, ['sts', 'get-caller-identity']);
    assert.equal(identity.code, 0, identity.stderr);
    assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, 'arn:aws:iam::222222222222:root');
  });

  test('a duplicate id is EntityAlreadyExists; a bad id is refused; --name is required', async () => {
    const duplicate = await ward(['account', 'create', '--name', 'Again', '--account-id', '222222222222', '--data', server().dataDir]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /Account 222222222222 already exists/);
    const bad = await ward(['account', 'create', '--name', 'Bad', '--account-id', '12345', '--data', server().dataDir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not 12 digits/);
    const unnamed = await ward(['account', 'create', '--data', server().dataDir]);
    assert.equal(unnamed.code, 2);
  });

  test('list shows every account, the default one marked, and never a secret', async () => {
    const listed = await ward(['account', 'list', '--data', server().dataDir]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^111111111111 {2}default \(default\)/m);
    assert.match(listed.stdout, /^222222222222 {2}Production/m);
    assert.doesNotMatch(listed.stdout, /AKIA|SECRET/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { iamModel } from '../models/iam.js';
import { stsModel } from '../models/sts.js';
import { serializeQueryError, serializeQueryOutput } from './serialize-output.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

test('GetCallerIdentity: wrapper, result, model member order, namespace, request id', () => {
  const xml = serializeQueryOutput(stsModel, stsModel.operations.GetCallerIdentity!, { Arn: 'arn:aws:iam::123456789012:root', Account: '123456789012', UserId: '123456789012' }, 'req-1');
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><UserId>123456789012</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:root</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
});

test('lists as <member>, maps as <entry>, dates in ISO 8601, text escaped', () => {
  const users = serializeQueryOutput(iamModel, iamModel.operations.ListUsers!, {
    Users: [{ Path: '/', UserName: 'a&b<c>', UserId: 'AIDA', Arn: 'arn', CreateDate: new Date('2026-01-02T03:04:05.678Z') }],
    IsTruncated: false,
  }, 'r');
  const parsed = parser.parse(users) as { ListUsersResponse: { ListUsersResult: { Users: { member: { UserName: string; CreateDate: string } }; IsTruncated: boolean } } };
  assert.equal(parsed.ListUsersResponse.ListUsersResult.Users.member.UserName, 'a&b<c>');
  assert.equal(parsed.ListUsersResponse.ListUsersResult.Users.member.CreateDate, '2026-01-02T03:04:05Z');
  assert.match(users, /<IsTruncated>false<\/IsTruncated>/);
  const summary = serializeQueryOutput(iamModel, iamModel.operations.GetAccountSummary!, { SummaryMap: { Users: 2 } }, 'r');
  assert.match(summary, /<SummaryMap><entry><key>Users<\/key><value>2<\/value><\/entry><\/SummaryMap>/);
});

test('an empty list is an empty element', () => {
  const xml = serializeQueryOutput(iamModel, iamModel.operations.ListUsers!, { Users: [], IsTruncated: false }, 'r');
  assert.match(xml, /<Users><\/Users>/);
});

test('the error document is AWS\'s ErrorResponse', () => {
  const xml = serializeQueryError('https://iam.amazonaws.com/doc/2010-05-08/', { type: 'Sender', code: 'NoSuchEntity', message: 'The user with name x cannot be found.' }, 'r-2');
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name x cannot be found.</Message></Error><RequestId>r-2</RequestId></ErrorResponse>');
});

test('GetUser, exactly: boundary and tags in model order, all five XML specials escaped, control characters kept', () => {
  const xml = serializeQueryOutput(iamModel, iamModel.operations.GetUser!, {
    User: {
      Tags: [{ Key: 'k\'"', Value: '<&>\u0001\t' }],
      PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/b', PermissionsBoundaryType: 'PermissionsBoundaryPolicy' },
      CreateDate: new Date('0999-12-31T23:59:59.999Z'), Arn: 'arn', UserId: 'AIDA', UserName: 'u', Path: '/', PasswordLastUsed: undefined,
    },
  }, 'r&1');
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>'
    + '<Path>/</Path><UserName>u</UserName><UserId>AIDA</UserId><Arn>arn</Arn><CreateDate>0999-12-31T23:59:59Z</CreateDate>'
    + '<PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/b</PermissionsBoundaryArn></PermissionsBoundary>'
    + '<Tags><member><Key>k&apos;&quot;</Key><Value>&lt;&amp;&gt;\u0001\t</Value></member></Tags>'
    + '</User></GetUserResult><ResponseMetadata><RequestId>r&amp;1</RequestId></ResponseMetadata></GetUserResponse>');
});

test('an empty structure is an empty element; null members are left out', () => {
  const xml = serializeQueryOutput(iamModel, iamModel.operations.GetRole!, { Role: { RoleLastUsed: {}, Description: null } }, 'r');
  assert.match(xml, /<GetRoleResult><Role><RoleLastUsed><\/RoleLastUsed><\/Role><\/GetRoleResult>/);
});

test('a blob of any size is base64 (a credential report of a thousand users is hundreds of KB)', () => {
  const bytes = new Uint8Array(1_000_000).map((_, i) => (i * 7919) % 256);
  const xml = serializeQueryOutput(iamModel, iamModel.operations.GetCredentialReport!, { Content: bytes, ReportFormat: 'text/csv' }, 'r');
  assert.equal(/<Content>([^<]*)<\/Content>/.exec(xml)?.[1], Buffer.from(bytes).toString('base64'));
});

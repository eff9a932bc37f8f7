// Differential property tests: the direct XML writer (serialize-output.ts) against the XMLBuilder-based
// serializer it replaced (test-support/builder-serialize-output.ts), byte for byte, over generated outputs
// of every IAM and STS operation, of a small model with what those two lack (flattened lists, locationName,
// blobs, nested lists), and over error documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { iamModel } from '../models/iam.js';
import { stsModel } from '../models/sts.js';
import type { OperationModel, ServiceModel, Shape } from '../service-model.js';
import { type OutputValue, serializeQueryError, serializeQueryOutput } from './serialize-output.js';
import { builderSerializeQueryError, builderSerializeQueryOutput } from './test-support/builder-serialize-output.js';

const NUM_RUNS = 400;

// ------------------------------------------------------------------------------------------------ values
/** Text with what XML must escape, control characters, non-ASCII and astral characters. */
const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('&', '<', '>', '"', '\'', 'a', ' ', '\u0000', '\u0001', '\t', '\n', '\r', '\u007f', 'é', '€', '😀', ']]>', '&amp;', '%3C'), maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  // 32 characters and more take the writer's other path (indexOf scans): each special on its own in long text.
  fc.tuple(fc.string({ unit: fc.constantFrom('a', ' ', 'é', '😀'), minLength: 32, maxLength: 300 }), fc.constantFrom('&', '<', '>', '"', '\'', ''), fc.nat())
    .map(([plain, special, at]) => plain.slice(0, at % (plain.length + 1)) + special + plain.slice(at % (plain.length + 1))),
  fc.constantFrom('', 'true', 'false', 'undefined', '__proto__', 'arn:aws:iam::123456789012:user/a&b'),
);

/** Dates across the range toISOString writes, including years of other than four digits. */
const date = fc.oneof(
  fc.date({ noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') }),
  fc.date({ noInvalidDate: true }),
);

const timestamp: fc.Arbitrary<OutputValue> = fc.oneof(
  { weight: 5, arbitrary: date },
  { weight: 2, arbitrary: date.map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom<OutputValue>(new Date(Number.NaN), 'not a date', 0, 1_700_000_000_000) },
);

function scalar(shape: Shape): fc.Arbitrary<OutputValue> {
  switch (shape.type) {
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: text });
    case 'integer':
    case 'long':
      return fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(-0, 0, 3600));
    case 'double':
    case 'float':
      return fc.double();
    case 'timestamp':
      return timestamp;
    case 'blob':
      return fc.oneof(fc.uint8Array({ maxLength: 16 }), text);
    default:
      return fc.oneof({ weight: 6, arbitrary: text }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean()) });
  }
}

/** A value of a model's shape: members left out, undefined or null at random; lists short, sometimes sparse. */
function valueOf(model: ServiceModel, shapeName: string, depth = 0): fc.Arbitrary<OutputValue> {
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new Error(`model has no shape ${shapeName}`);
  const deeper = depth + 1;
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members ?? {});
      if (depth > 6 || members.length === 0) return fc.constant({});
      const record: Record<string, fc.Arbitrary<OutputValue>> = {};
      for (const [name, member] of members) {
        record[name] = fc.oneof(
          { weight: 8, arbitrary: fc.constant(null).chain(() => valueOf(model, member.shape, deeper)) },
          { weight: 1, arbitrary: fc.constantFrom<OutputValue>(undefined, null) },
        );
      }
      return fc.record(record, { requiredKeys: [] });
    }
    case 'list': {
      const item = shape.member;
      if (item === undefined || depth > 6) return fc.constant([]);
      const itemValue = fc.constant(null).chain(() => valueOf(model, item.shape, deeper));
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(itemValue, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.sparseArray(itemValue, { maxLength: 4 }) },
      );
    }
    case 'map': {
      const value = shape.value;
      if (value === undefined || depth > 6) return fc.constant({});
      return fc.dictionary(fc.oneof(text, fc.constantFrom('1', '10', '02', 'Users')), fc.constant(null).chain(() => valueOf(model, value.shape, deeper)), { maxKeys: 4 });
    }
    default:
      return scalar(shape);
  }
}

type Outcome = { readonly xml: string } | { readonly error: string };

function outcome(serialize: () => string): Outcome {
  try {
    return { xml: serialize() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

function assertSameBytes(model: ServiceModel, operation: OperationModel, output: Record<string, OutputValue>, requestId: string): void {
  const expected = outcome(() => builderSerializeQueryOutput(model, operation, output, requestId));
  const actual = outcome(() => serializeQueryOutput(model, operation, output, requestId));
  if ('error' in expected && 'error' in actual) return; // both refuse the output; the messages come from different code
  assert.deepEqual(actual, expected);
}

function operationsOf(model: ServiceModel): OperationModel[] {
  return Object.values(model.operations).filter((operation) => operation.output !== undefined);
}

function differential(model: ServiceModel, operations: readonly OperationModel[], numRuns: number): void {
  const cases = fc.constantFrom(...operations).chain((operation) =>
    fc.tuple(fc.constant(operation), valueOf(model, operation.output as string) as fc.Arbitrary<Record<string, OutputValue>>, fc.oneof(fc.uuid(), text)));
  fc.assert(fc.property(cases, ([operation, output, requestId]) => assertSameBytes(model, operation, output, requestId)), { numRuns });
}

// ------------------------------------------------------------------------------------------------ models
/** What IAM's and STS's models do not use: flattened lists, locationName, blobs, lists of lists, maps of structures. */
const otherModel: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'other', protocol: 'query', serviceId: 'Other', xmlNamespace: 'https://other.example/doc/"a&b"/' },
  operations: {
    Describe: { name: 'Describe', output: 'DescribeOutput', resultWrapper: 'DescribeThings', errors: [] },
    NoWrapper: { name: 'NoWrapper', output: 'Item', errors: [] },
    Empty: { name: 'Empty', output: 'Nothing', errors: [] },
  },
  shapes: {
    DescribeOutput: {
      type: 'structure',
      members: {
        Things: { shape: 'ThingList', locationName: 'thingSet' },
        Flat: { shape: 'FlatList', locationName: 'item' },
        FlatByMember: { shape: 'ThingList', flattened: true },
        Grid: { shape: 'Grid' },
        ByName: { shape: 'ThingMap' },
        Data: { shape: 'Bytes' },
        When: { shape: 'Time' },
        Count: { shape: 'Count' },
        Ratio: { shape: 'Ratio' },
      },
    },
    ThingList: { type: 'list', member: { shape: 'Item', locationName: 'item' } },
    FlatList: { type: 'list', flattened: true, member: { shape: 'Name' } },
    Grid: { type: 'list', member: { shape: 'Names' } },
    Names: { type: 'list', member: { shape: 'Name' } },
    ThingMap: { type: 'map', key: { shape: 'Name', locationName: 'Name' }, value: { shape: 'Item', locationName: 'Thing' } },
    Item: { type: 'structure', members: { Name: { shape: 'Name', locationName: 'name' }, Enabled: { shape: 'Flag' }, Tags: { shape: 'Names' } } },
    Nothing: { type: 'structure', members: {} },
    Name: { type: 'string' },
    Flag: { type: 'boolean' },
    Bytes: { type: 'blob' },
    Time: { type: 'timestamp' },
    Count: { type: 'integer' },
    Ratio: { type: 'double' },
  },
};

// ------------------------------------------------------------------------------------------------ tests
test('every IAM operation\'s output: the same bytes as the XMLBuilder serializer', () => {
  differential(iamModel, operationsOf(iamModel), NUM_RUNS * 3);
});

test('IAM\'s read mix (users, roles, policies): the same bytes', () => {
  const names = ['GetUser', 'ListUsers', 'GetRole', 'ListRoles', 'ListAttachedRolePolicies', 'GetPolicy', 'GetPolicyVersion', 'ListAccessKeys', 'GetAccountSummary', 'GetAccountAuthorizationDetails'];
  differential(iamModel, names.map((name) => iamModel.operations[name] as OperationModel), NUM_RUNS);
});

test('every STS operation\'s output: the same bytes', () => {
  differential(stsModel, operationsOf(stsModel), NUM_RUNS);
});

test('flattened lists, locationName, blobs, nested lists and maps of structures: the same bytes', () => {
  differential(otherModel, operationsOf(otherModel), NUM_RUNS);
});

test('an operation without output, and a namespace-less model: the same bytes', () => {
  const bare: ServiceModel = { ...otherModel, metadata: { ...otherModel.metadata, xmlNamespace: undefined } };
  for (const model of [iamModel, bare]) {
    const operation: OperationModel = { name: 'DeleteThing', errors: [] };
    fc.assert(fc.property(text, (requestId) => assertSameBytes(model, operation, {}, requestId)), { numRuns: 50 });
  }
  const truthy: ServiceModel = { ...otherModel, metadata: { ...otherModel.metadata, xmlNamespace: 'true' } };
  assertSameBytes(truthy, truthy.operations.Empty as OperationModel, {}, 'r');
});

test('error documents: the same bytes', () => {
  fc.assert(fc.property(text, text, text, text, fc.oneof(fc.uuid(), text), (namespace, type, code, message, requestId) => {
    assert.equal(serializeQueryError(namespace, { type, code, message }, requestId), builderSerializeQueryError(namespace, { type, code, message }, requestId));
  }), { numRuns: NUM_RUNS });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatAmzDate, parseAmzDate } from './amz-date.js';

/** The definition: ISO 8601 to the second, without separators. */
const byIsoString = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

describe('SigV4 basic-format dates', () => {
  it('formats any time as toISOString does, to the second', () => {
    fc.assert(fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
      assert.equal(formatAmzDate(ms), byIsoString(ms));
      assert.equal(formatAmzDate(new Date(ms)), byIsoString(ms));
    }), { numRuns: 2_000 });
    assert.equal(formatAmzDate(Date.UTC(2015, 7, 30, 12, 36, 0, 999)), '20150830T123600Z');
  });

  it('parses what it formats, and nothing that is not a real date', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }), (ms) => {
      const text = formatAmzDate(ms);
      assert.equal(parseAmzDate(text)?.getTime(), Math.floor(ms / 1000) * 1000);
    }), { numRuns: 2_000 });
    assert.equal(parseAmzDate('20150830T123600Z')?.toISOString(), '2015-08-30T12:36:00.000Z');
    for (const bad of ['20150231T000000Z', '20150830T240000Z', '20150830T123660Z', '20151330T000000Z', '00990101T000000Z',
      '2015-08-30T12:36:00Z', '20150830T123600', '20150830t123600z', '']) {
      assert.equal(parseAmzDate(bad), undefined, bad);
    }
  });
});

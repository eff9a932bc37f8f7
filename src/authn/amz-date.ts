const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses SigV4's ISO 8601 basic format (`20150830T123600Z`); `undefined` when malformed or not a real date. */
export function parseAmzDate(text: string): Date | undefined {
  const match = BASIC_FORMAT.exec(text);
  if (match === null) return undefined;
  const y = Number(match[1]);
  const mo = Number(match[2]);
  const d = Number(match[3]);
  const h = Number(match[4]);
  const mi = Number(match[5]);
  const s = Number(match[6]);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20150231 over to March (and 24:00 to the next day; years below 100 to 19xx): a date
  // whose fields do not come back as given was not a date.
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return real ? date : undefined;
}

/** Formats a time (ms since the epoch, or a Date) in SigV4's basic format, to the second. */
export function formatAmzDate(time: number | Date): string {
  const date = typeof time === 'number' ? new Date(time) : time;
  const year = date.getUTCFullYear();
  // Years outside 0000–9999 have no basic-format spelling: toISOString's (±YYYYYY), as before.
  if (!(year >= 0 && year <= 9999)) {
    const ms = date.getTime();
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  }
  return `${String(year).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}T`
    + `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

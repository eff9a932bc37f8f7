const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses SigV4's ISO 8601 basic format (`20150830T123600Z`); `undefined` when malformed or not a real date. */
export function parseAmzDate(text: string): Date | undefined {
  const match = BASIC_FORMAT.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20150231 over to March: a date that does not round-trip was not a date.
  return formatAmzDate(date) === text ? date : undefined;
}

/** Formats a time (ms since the epoch, or a Date) in SigV4's basic format, to the second. */
export function formatAmzDate(time: number | Date): string {
  const ms = typeof time === 'number' ? time : time.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

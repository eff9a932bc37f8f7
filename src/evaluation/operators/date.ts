/**
 * Parses a date as the Date operators read it: epoch seconds, or an ISO 8601 date / date-time; the
 * result is an instant in milliseconds (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).
 * A date-time without a zone is read as UTC (the pure core has no local time zone).
 */
export function parseDate(value: string): number | undefined {
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}(-\d{2})?([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const zoned = /[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T');
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

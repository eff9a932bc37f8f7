import { formatAmzDate } from './amz-date.js';
import { requestExpired, signatureDoesNotMatch } from './auth-errors.js';
import type { ParsedAuthentication } from './parse-authentication.js';

/** How far the request time may be from the server's clock, either way: AWS's 15 minutes. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Rejects a request signed too long ago or too far in the future. Header-signed requests must be within
 * 15 minutes of `now` ("Signature expired" / "Signature not yet current", AWS's SignatureDoesNotMatch
 * texts). A presigned URL lives from X-Amz-Date until X-Amz-Expires later, plus the same 15 minutes of
 * skew, as AWS's Common Errors define `RequestExpired`: "more than 15 minutes after the request expiration
 * date (such as for pre-signed URLs)".
 */
export function checkRequestTime(parsed: ParsedAuthentication, now: number): void {
  // Whole seconds on both sides, so the message never says a time is earlier than itself.
  const nowS = Math.floor(now / 1000) * 1000;
  const signedAt = parsed.amzDate.getTime();
  if (signedAt > nowS + MAX_CLOCK_SKEW_MS) {
    throw signatureDoesNotMatch(`Signature not yet current: ${formatAmzDate(signedAt)} is still later than ` +
      `${formatAmzDate(nowS + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(nowS)} + 15 min.)`);
  }
  if (parsed.kind === 'query') {
    if (nowS > signedAt + (parsed.expiresSeconds ?? 0) * 1000 + MAX_CLOCK_SKEW_MS) throw requestExpired();
    return;
  }
  if (signedAt < nowS - MAX_CLOCK_SKEW_MS) {
    throw signatureDoesNotMatch(`Signature expired: ${formatAmzDate(signedAt)} is now earlier than ` +
      `${formatAmzDate(nowS - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(nowS)} - 15 min.)`);
  }
}

import ipaddr from 'ipaddr.js';

/** A parsed address: IPv4 as a 32-bit number (fast path), IPv6 through ipaddr.js. */
export type IpValue = { readonly v4: number } | { readonly v6: ipaddr.IPv6 };
/** A parsed CIDR range. */
export type IpRange = { readonly v4: number; readonly mask: number } | { readonly v6: ipaddr.IPv6; readonly bits: number };

/**
 * A dotted quad as a 32-bit number: exactly four parts of one to three ASCII digits, each at most 255
 * (leading zeros allowed); `undefined` otherwise. One pass over the characters, no split or regex.
 */
function v4(text: string): number | undefined {
  const length = text.length;
  if (length < 7 || length > 15) return undefined;
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      part = part * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return (n * 256 + part) >>> 0;
}

/** Parses a request IP address (IPv4 dotted quad or IPv6; an IPv4-mapped IPv6 address counts as IPv4). */
export function parseIp(text: string): IpValue | undefined {
  const four = v4(text);
  if (four !== undefined) return { v4: four };
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const six = ipaddr.IPv6.parse(text);
  if (six.isIPv4MappedAddress()) return { v4: v4(six.toIPv4Address().toString()) as number };
  return { v6: six };
}

/**
 * Parses a policy range: a CIDR block (`203.0.113.0/24`, `2001:db8::/32`, `/0` included) or a bare
 * address (a /32 or /128), as the IP address operators accept
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress).
 */
export function parseRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? undefined : text.slice(slash + 1);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const four = v4(address);
  if (four !== undefined) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits > 32) return undefined;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v4: (four & mask) >>> 0, mask };
  }
  if (!ipaddr.IPv6.isValid(address)) return undefined;
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) return undefined;
  return { v6: ipaddr.IPv6.parse(address), bits };
}

/** True when the address lies in the range (an IPv4 address never lies in an IPv6 range, nor the reverse). */
export function inRange(ip: IpValue, range: IpRange): boolean {
  if ('v4' in ip) return 'mask' in range && ((ip.v4 & range.mask) >>> 0) === range.v4;
  return 'bits' in range && ip.v6.match(range.v6, range.bits);
}

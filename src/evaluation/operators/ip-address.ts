import { inRange, parseIp, parseRange, type IpRange, type IpValue } from './ip.js';
import type { ConditionOperator } from './types.js';

/** `IpAddress`: the request address lies in the policy's CIDR range (IPv4 and IPv6). */
export const IpAddress: ConditionOperator<IpRange, IpValue> = {
  name: 'IpAddress', negated: false, variables: false, family: 'ip',
  policy: parseRange, request: parseIp, match: inRange,
};

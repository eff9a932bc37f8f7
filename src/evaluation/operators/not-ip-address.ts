import { inRange, parseIp, parseRange, type IpRange, type IpValue } from './ip.js';
import type { ConditionOperator } from './types.js';

/** `NotIpAddress`: the request address lies in none of the policy's CIDR ranges. */
export const NotIpAddress: ConditionOperator<IpRange, IpValue> = {
  name: 'NotIpAddress', negated: true, variables: false, family: 'ip',
  policy: parseRange, request: parseIp, match: inRange,
};

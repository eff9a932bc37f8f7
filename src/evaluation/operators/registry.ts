import { ArnEquals } from './arn-equals.js';
import { ArnLike } from './arn-like.js';
import { ArnNotEquals } from './arn-not-equals.js';
import { ArnNotLike } from './arn-not-like.js';
import { BinaryEquals } from './binary-equals.js';
import { Bool } from './bool.js';
import { DateEquals } from './date-equals.js';
import { DateGreaterThan } from './date-greater-than.js';
import { DateGreaterThanEquals } from './date-greater-than-equals.js';
import { DateLessThan } from './date-less-than.js';
import { DateLessThanEquals } from './date-less-than-equals.js';
import { DateNotEquals } from './date-not-equals.js';
import { IpAddress } from './ip-address.js';
import { NotIpAddress } from './not-ip-address.js';
import { Null } from './null.js';
import { NumericEquals } from './numeric-equals.js';
import { NumericGreaterThan } from './numeric-greater-than.js';
import { NumericGreaterThanEquals } from './numeric-greater-than-equals.js';
import { NumericLessThan } from './numeric-less-than.js';
import { NumericLessThanEquals } from './numeric-less-than-equals.js';
import { NumericNotEquals } from './numeric-not-equals.js';
import { StringEquals } from './string-equals.js';
import { StringEqualsIgnoreCase } from './string-equals-ignore-case.js';
import { StringLike } from './string-like.js';
import { StringNotEquals } from './string-not-equals.js';
import { StringNotEqualsIgnoreCase } from './string-not-equals-ignore-case.js';
import { StringNotLike } from './string-not-like.js';
import type { ConditionOperator } from './types.js';

/** Every condition operator, by AWS's name: the one table the engine looks operators up in. */
export const OPERATORS: ReadonlyMap<string, ConditionOperator> = new Map(
  ([
    StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike,
    NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals,
    Bool, BinaryEquals, IpAddress, NotIpAddress, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Null,
  ] as ConditionOperator[]).map((op) => [op.name, op]),
);

/**
 * The slice of an AWS service model (botocore's JSON) that Ward's protocol layer uses. The models
 * themselves are generated into `models/` by `scripts/generate-models.mjs`.
 */

/** A reference from a structure member, list member or map key/value to a shape. */
export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly xmlNamespace?: unknown;
}

/** A shape: a scalar, a structure, a list or a map, with its constraints. */
export interface Shape {
  readonly type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
  readonly sensitive?: boolean;
  readonly exception?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
}

/** An operation: its input and output shapes and the errors it declares. */
export interface OperationModel {
  readonly name: string;
  readonly input?: string;
  readonly output?: string;
  readonly resultWrapper?: string;
  readonly errors: readonly string[];
}

/** A service model. */
export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly endpointPrefix: string;
    readonly protocol: string;
    readonly serviceId: string;
    readonly xmlNamespace?: string;
    readonly signatureVersion?: string;
    readonly targetPrefix?: string;
    readonly jsonVersion?: string;
  };
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

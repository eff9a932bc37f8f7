// The Query XML serializer as Ward had it before `serialize-output.ts` wrote XML directly: an object tree
// per response, rendered by fast-xml-parser's XMLBuilder. Kept as the reference the property tests compare
// the direct writer with, byte for byte (serialize-output.properties.test.ts). Not used at run time.
import { XMLBuilder } from 'fast-xml-parser';
import type { MemberRef, OperationModel, ServiceModel, Shape } from '../../service-model.js';
import type { OutputValue } from '../serialize-output.js';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
  processEntities: true,
  format: false,
});

type XmlNode = string | XmlNode[] | { [name: string]: XmlNode };

/**
 * Serializes an operation's output in the AWS Query protocol's XML:
 * `<OpResponse xmlns=NS><OpResult>...</OpResult><ResponseMetadata><RequestId>..</RequestId></ResponseMetadata></OpResponse>`.
 * Members are written in the model's order; lists as `<member>` elements; maps as `<entry><key/><value/></entry>`;
 * timestamps in ISO 8601; members that are undefined are left out.
 */
export function builderSerializeQueryOutput(
  model: ServiceModel, operation: OperationModel, output: Record<string, OutputValue>, requestId: string,
): string {
  const body: Record<string, XmlNode> = { '@xmlns': model.metadata.xmlNamespace ?? '' };
  if (operation.output !== undefined) {
    const shape = model.shapes[operation.output];
    if (shape === undefined) throw new Error(`model has no shape ${operation.output}`);
    body[operation.resultWrapper ?? `${operation.name}Result`] = structure(model, shape, output);
  }
  body.ResponseMetadata = { RequestId: requestId };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [`${operation.name}Response`]: body }) as string}`;
}

/**
 * AWS's Query error document: `<ErrorResponse xmlns=NS><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
export function builderSerializeQueryError(
  xmlNamespace: string, error: { type: string; code: string; message: string }, requestId: string,
): string {
  const doc = {
    ErrorResponse: {
      '@xmlns': xmlNamespace,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}

function structure(model: ServiceModel, shape: Shape, value: { readonly [key: string]: OutputValue }): Record<string, XmlNode> {
  const out: Record<string, XmlNode> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) continue;
    const memberShape = shapeOf(model, member);
    const element = member.locationName ?? name;
    if (memberShape.type === 'list' && (memberShape.flattened || member.flattened)) {
      const item = memberShape.member;
      if (item === undefined || !Array.isArray(memberValue)) continue;
      out[element] = (memberValue as readonly OutputValue[]).map((v) => node(model, shapeOf(model, item), v));
    } else {
      out[element] = node(model, memberShape, memberValue);
    }
  }
  return out;
}

function node(model: ServiceModel, shape: Shape, value: OutputValue): XmlNode {
  switch (shape.type) {
    case 'structure':
      return structure(model, shape, value as { readonly [key: string]: OutputValue });
    case 'list': {
      const item = shape.member;
      const items = (value as readonly OutputValue[]) ?? [];
      if (item === undefined || items.length === 0) return '';
      const itemShape = shapeOf(model, item);
      return { [item.locationName ?? 'member']: items.map((v) => node(model, itemShape, v)) };
    }
    case 'map': {
      const entries = Object.entries(value as { readonly [key: string]: OutputValue });
      if (shape.key === undefined || shape.value === undefined || entries.length === 0) return '';
      const valueShape = shapeOf(model, shape.value);
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      return { entry: entries.map(([k, v]) => ({ [keyName]: k, [valueName]: node(model, valueShape, v) })) };
    }
    case 'timestamp':
      return formatTimestamp(value);
    case 'blob':
      return value instanceof Uint8Array ? btoa(String.fromCharCode(...value)) : String(value);
    default:
      return String(value);
  }
}

function shapeOf(model: ServiceModel, ref: MemberRef): Shape {
  const shape = model.shapes[ref.shape];
  if (shape === undefined) throw new Error(`model has no shape ${ref.shape}`);
  return shape;
}

/** ISO 8601 in UTC with whole seconds, as IAM writes dates (`2026-11-25T19:07:18Z`). */
function formatTimestamp(value: OutputValue): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

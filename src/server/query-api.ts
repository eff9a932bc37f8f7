import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAwsError } from '../kernel/index.js';
import type { Caller } from '../authn/caller.js';
import { type SignedRequest, fromNodeRequest } from '../authn/index.js';
import {
  CommonErrors, type OutputValue, parseQueryInput, queryServices, serializeQueryError, serializeQueryOutput, serviceOfAction,
} from '../protocol/index.js';
import type { OperationTable } from '../iam/operation.js';
import type { CallToAuthorize } from '../iam/authorization/index.js';
import { unauthorizedOperations, unsignedOperations } from './operations.js';


/** Authenticates a signed request: the caller and the credential scope's service, or an AwsError. */
export type RequestAuthenticator = (request: SignedRequest) => Promise<{ readonly caller: Caller; readonly service: string }>;

/**
 * What authorization sees of a request whose input has been read and validated: the enforcer's call, less
 * the MFA outcome the authorizer adds.
 */
export type AuthorizationRequest = Omit<CallToAuthorize, 'mfaAuthenticated'>;

/** Authorizes a request with Ward's own policies; throws AWS's AccessDenied when they do not allow it. */
export type RequestAuthorizer = (request: AuthorizationRequest) => Promise<void>;

/** What the Query endpoint is built from. */
export interface QueryApiOptions {
  readonly authenticate: RequestAuthenticator;
  readonly authorize: RequestAuthorizer;
  readonly operations: Readonly<Record<string, OperationTable>>;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** True when the request carries any SigV4 material (Authorization header or presigned query). */
function isSigned(authorization: string | undefined, params: URLSearchParams): boolean {
  return authorization !== undefined || params.has('X-Amz-Signature') || params.has('X-Amz-Credential');
}

/** The credential scope's service when one can be read, for the error's XML namespace. */
function scopeService(authorization: string | undefined, params: URLSearchParams): string | undefined {
  const credential = typeof authorization === 'string'
    ? /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\//.exec(authorization)?.[1]
    : /^[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(params.get('X-Amz-Credential') ?? '')?.[1];
  return credential;
}

/** Reads Query parameters: the URL's query string, then a form-encoded body over it. */
function queryParameters(request: SignedRequest, contentType: string | undefined): URLSearchParams {
  const questionMark = request.path.indexOf('?');
  const params = new URLSearchParams(questionMark >= 0 ? request.path.slice(questionMark + 1) : '');
  if (request.body.length > 0 && (contentType ?? '').toLowerCase().startsWith(FORM_TYPE)) {
    for (const [key, value] of new URLSearchParams(Buffer.from(request.body).toString('utf8'))) params.set(key, value);
  }
  return params;
}

/**
 * The AWS Query protocol endpoint (`POST /` form-encoded, or `GET /?Action=...`): routes by the SigV4
 * credential scope's service and by `Action`, authenticates, runs the operation, answers XML.
 */
export function registerQueryApi(app: FastifyInstance, options: QueryApiOptions): void {
  const { authenticate, authorize, operations } = options;
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const requestId = randomUUID();
    const raw: SignedRequest = fromNodeRequest(req.raw, Buffer.isBuffer(req.body) ? req.body : new Uint8Array());
    const authorization = req.headers.authorization;
    let params = new URLSearchParams();
    let service: string | undefined;
    try {
      params = queryParameters(raw, req.headers['content-type']);
      const action = params.get('Action') ?? undefined;
      service = scopeService(authorization, params) ?? (action !== undefined ? serviceOfAction(action) : undefined);
      let caller: Caller;
      if (!isSigned(authorization, params) && action !== undefined && service !== undefined && unsignedOperations.has(`${service}:${action}`)) {
        caller = { kind: 'anonymous' };
      } else {
        const authenticated = await authenticate(raw);
        caller = authenticated.caller;
        service = authenticated.service;
      }
      const model = queryServices[service ?? ''];
      if (model === undefined) throw CommonErrors.unknownService(service ?? '');
      if (action === undefined || action === '') throw CommonErrors.missingAction();
      const operation = model.operations[action];
      if (operation === undefined) throw CommonErrors.invalidAction(action, model.metadata.apiVersion);
      const input = parseQueryInput(params, model, operation.input);
      const run = operations[service ?? '']?.[action];
      if (run === undefined) throw CommonErrors.notImplemented(service ?? '', action);
      // The unsigned operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) authorize themselves: the
      // token is the credential and the role's trust policy decides, inside the operation.
      if (!unauthorizedOperations.has(`${service}:${action}`) && !unsignedOperations.has(`${service}:${action}`)) {
        await authorize({ caller, service: service ?? '', action, input, sourceIp: req.ip, secureTransport: req.protocol === 'https' });
      }
      const output = (await run({ caller, input, requestId })) as Record<string, OutputValue>;
      await reply
        .code(200)
        .header('content-type', 'text/xml')
        .header('x-amzn-requestid', requestId)
        .send(serializeQueryOutput(model, operation, output, requestId));
    } catch (error) {
      const failure = isAwsError(error) ? error : CommonErrors.internalFailure();
      if (!isAwsError(error)) req.log.error({ err: error }, 'internal failure');
      const namespace = queryServices[service ?? '']?.metadata.xmlNamespace ?? queryServices.iam?.metadata.xmlNamespace ?? '';
      await reply
        .code(failure.status)
        .header('content-type', 'text/xml')
        .header('x-amzn-requestid', requestId)
        .send(serializeQueryError(namespace, failure, requestId));
    }
  };
  app.post('/', handler);
  app.get('/', handler);
}

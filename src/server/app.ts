import Fastify, { type FastifyInstance } from 'fastify';
import { type QueryApiOptions, registerQueryApi } from './query-api.js';

/** What the HTTP application needs from the composition root. */
export interface AppOptions extends QueryApiOptions {
  /** Present only in dev mode: empties all state back to a fresh default account. */
  readonly reset?: () => Promise<Record<string, string>>;
  /** The largest request body accepted, in bytes. */
  readonly bodyLimit?: number;
}

/**
 * Builds Ward's HTTP application: the AWS Query endpoint at `/`, `GET /_ward/health`, and in dev mode
 * `POST /_ward/reset`. Bodies are kept as raw bytes: the signature covers them.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  // Fastify's logger stays off: request logs would carry signed URLs and credentials' ids.
  // The Query endpoint reads its parameters itself, from the raw URL the signature covers: Fastify's own
  // parse of every query string (`request.query`, unused) is skipped.
  const app = Fastify({
    logger: false, bodyLimit: options.bodyLimit ?? 1024 * 1024, return503OnClosing: true,
    routerOptions: { querystringParser: () => ({}) },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  registerQueryApi(app, options);
  app.get('/_ward/health', async () => ({ status: 'ok' }));
  const reset = options.reset;
  if (reset !== undefined) app.post('/_ward/reset', async () => reset());
  return app;
}

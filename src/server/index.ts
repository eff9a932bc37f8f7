/** The composition root: configuration, wiring and the HTTP application. */
export { startWard, type RunningWard } from './runtime.js';
export { serveConfig, DEFAULT_PORT, DEV_ACCOUNT_ID, type ServeConfig } from './config.js';
export { startBanner, DEV_WARNING } from './banner.js';

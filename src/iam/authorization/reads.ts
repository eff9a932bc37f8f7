import type { StoreReads } from '../../store/port.js';

/** What resource resolution reads: entities by kind and name (the enforcer serves them from a cache). */
export type EntityReads = Pick<StoreReads, 'getEntity'>;

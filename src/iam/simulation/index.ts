/** IAM's policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the GetContextKeysFor* operations. */
export { simulationOperations } from './operations.js';
export { simulate, type SimulationRequest, type SimulationPolicy, type EvaluationResult, type MatchedStatement } from './simulate.js';
export { contextKeysOf } from './context-keys.js';

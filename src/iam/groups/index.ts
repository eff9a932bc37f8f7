/** IAM groups: their operations (membership included; groups do not nest). */
export { groupOperations } from './operations.js';
export { groupArn, groupOutput } from './group-view.js';
export { MAX_GROUPS_PER_USER } from './membership.js';

/** IAM users: their operations, and what groups and access keys share with them. */
export { userOperations } from './operations.js';
export { userArn, userOutput } from './user-view.js';
// Shared IAM helpers, re-exported where groups and access keys (and others) have always found them.
export { accountOf, isoNow, keyOf, optionalString, requiredString } from '../caller-account.js';
export { MAX_TAGS as MAX_TAGS_PER_ENTITY, applyTags, checkNewTags, removeTags, tagKeysOf, tagsOf, tagsOutput } from '../tags.js';
export { checkBoundaryPolicy, boundaryView } from '../boundaries.js';

/** The wire: AWS Query protocol parsing and XML rendering driven by the generated service models. */
export type { ServiceModel, OperationModel, Shape, MemberRef } from './service-model.js';
export { queryServices, serviceOfAction } from './services.js';
export { CommonErrors } from './common-errors.js';
export { parseQueryInput, type QueryInput, type QueryValue } from './query/parse-input.js';
export { serializeQueryOutput, serializeQueryError, type OutputValue } from './query/serialize-output.js';
export { validationError, type ConstraintViolation } from './query/validation-error.js';

import { iamModel } from './models/iam.js';
import { stsModel } from './models/sts.js';
import type { ServiceModel } from './service-model.js';

/** The services Ward answers, keyed by the SigV4 credential scope's service name. */
export const queryServices: Readonly<Record<string, ServiceModel>> = { iam: iamModel, sts: stsModel };

/** The service whose model has `action`, for requests that carry no credential scope (unsigned STS calls). */
export function serviceOfAction(action: string): string | undefined {
  for (const [name, model] of Object.entries(queryServices)) if (model.operations[action] !== undefined) return name;
  return undefined;
}

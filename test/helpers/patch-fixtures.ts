import { ScimError } from '../../server/scim/errors.js';
import { applyPatch, parsePatchRequest } from '../../server/scim/patch/index.js';
import { PATCH_OP_SCHEMA, userResourceType, type ResourceTypeDefinition } from '../../server/scim/schemas/index.js';

/** Applies a PatchOp message's operations to a resource, as the SCIM handlers do. */
export const patch = (
  resource: Record<string, unknown>,
  operations: unknown[],
  type: ResourceTypeDefinition = userResourceType,
) => applyPatch(resource, parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: operations }), type);

/** The ScimError `run` throws; fails the test if it throws something else or nothing. */
export function errorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

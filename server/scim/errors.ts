import { DirectoryError, type DirectoryErrorCode } from '../directory/errors.js';
import { StoreError } from '../store/types.js';

/** RFC 7644 §3.12 error types. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The one error type of the SCIM side: always maps to the RFC 7644 Error body. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(this.status), detail: this.detail };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);
export const notFound = (detail: string) => new ScimError(404, undefined, detail);
export const conflict = (detail: string) => new ScimError(409, 'uniqueness', detail);

/** The directory's refusals as SCIM states them (a taken name is RFC 7644's `uniqueness` conflict). */
const DIRECTORY_ERRORS: Record<DirectoryErrorCode, { status: number; scimType: ScimType | undefined }> = {
  'not-found': { status: 404, scimType: undefined },
  uniqueness: { status: 409, scimType: 'uniqueness' },
  'invalid-value': { status: 400, scimType: 'invalidValue' },
};

/** The SCIM error an error stands for; undefined when it is not one the protocol knows (a 500). */
export function toScimError(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof DirectoryError) {
    const { status, scimType } = DIRECTORY_ERRORS[error.code];
    return new ScimError(status, scimType, error.message);
  }
  // The shared database out of reach or too slow: the client retries (its retry of a create meets its own
  // user and gets a 409, so a retry is safe). The store's message names the database: not for the client.
  if (error instanceof StoreError && error.code === 'unavailable')
    return new ScimError(503, undefined, 'The directory is unavailable for a moment; try again.');
  return undefined;
}

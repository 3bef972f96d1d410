/**
 * Why the directory refused a change, in the directory's own words. Each protocol that drives the directory
 * says it its own way: the SCIM side maps it to RFC 7644's error body (server/scim/errors.ts).
 */
export type DirectoryErrorCode =
  | 'not-found' // no user or group with that id
  | 'uniqueness' // the userName or displayName is taken (case-insensitive)
  | 'invalid-value'; // a required name is missing, or a member is unknown or the group itself

export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

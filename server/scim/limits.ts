/**
 * What one SCIM request may ask of the server. Each limit is far above what Okta and Entra send (docs/scim.md
 * gives the margins) and is refused with 400 (413 for the body) naming it; /ServiceProviderConfig states them.
 * Together they bound the work a request's content can cause: without them one PATCH adding 20,000 emails and
 * then running 1,000 filtered removals held the event loop for 5.7 s.
 */
import { ScimError } from './errors.js';

export const SCIM_LIMITS = {
  /** Request body, in bytes (413 above it). */
  maxBodyBytes: 1024 * 1024,
  /** Characters in one string value of a resource (userName, displayName, emails.value, ...). */
  maxStringLength: 16_384,
  /** Values of one multi-valued attribute of a resource (emails, phoneNumbers, ...; group members excepted). */
  maxValuesPerAttribute: 100,
  /** Group members named in one request (a POST or PUT members list, the members a PATCH adds or removes). */
  maxMembersPerRequest: 1_000,
  /** Operations in one PATCH request. */
  maxPatchOperations: 1_000,
  /** Units of work one PATCH may cost (patch-work.ts): comparing one value with one filter term is one unit. */
  maxPatchWork: 100_000,
  /** Characters of a filter or of a PATCH path. */
  maxFilterLength: 4_096,
  /** Nesting of a filter (parentheses, not, value paths). */
  maxFilterDepth: 32,
  /** Resources in one page of a list. */
  maxPageSize: 1_000,
} as const;

const count = (n: number) => n.toLocaleString('en-US');

/** 400 for a string over maxStringLength. */
export function stringTooLong(where: string, length: number): ScimError {
  return new ScimError(
    400,
    'invalidValue',
    `${where} has ${count(length)} characters; the limit is ${count(SCIM_LIMITS.maxStringLength)} characters per value.`,
  );
}

/** 400 for a request naming more than maxMembersPerRequest members. */
export function tooManyMembers(members: number): ScimError {
  return new ScimError(
    400,
    'invalidValue',
    `The request names ${count(members)} group members; the limit is ${count(SCIM_LIMITS.maxMembersPerRequest)} members per request: add or remove members in PATCH requests of at most that many.`,
  );
}

/** 400 for a multi-valued attribute over maxValuesPerAttribute. */
export function tooManyValues(where: string, values: number): ScimError {
  return new ScimError(
    400,
    'invalidValue',
    `${where} has ${count(values)} values; the limit is ${count(SCIM_LIMITS.maxValuesPerAttribute)} values per multi-valued attribute.`,
  );
}

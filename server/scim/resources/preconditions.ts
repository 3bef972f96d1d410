import { ScimError } from '../errors.js';
import type { ResourceRecord } from '../../store/types.js';
import { etagOf } from './representation.js';

/** RFC 7644 §3.14: a write with If-Match that does not name the current version fails with 412. */
export function checkIfMatch(record: ResourceRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = etagOf(record);
  const strong = current.slice(2); // the quoted version without W/
  const matches = ifMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === current || t === strong;
  });
  if (!matches) throw new ScimError(412, undefined, `The resource changed: its current version is ${current}.`);
}

/** If-None-Match on GET: true when the client already has the current version (answer 304). */
export function notModified(record: ResourceRecord, ifNoneMatch: string | undefined): boolean {
  if (ifNoneMatch === undefined) return false;
  const current = etagOf(record);
  return ifNoneMatch
    .split(',')
    .some((tag) => tag.trim() === current || tag.trim() === current.slice(2) || tag.trim() === '*');
}

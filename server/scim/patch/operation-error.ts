import type { ScimType } from '../errors.js';
import { ScimError } from '../errors.js';
import type { PatchOperation } from './types.js';

const MAX_QUOTED = 80;

export const quote = (text: string) =>
  JSON.stringify(text.length > MAX_QUOTED ? text.slice(0, MAX_QUOTED) + '…' : text);

/** A 400 that names the failing operation, e.g. `Operations[2] (replace "active"): expected a boolean, got "yes"`. */
export function operationError(
  index: number,
  scimType: ScimType,
  detail: string,
  operation?: PatchOperation,
): ScimError {
  const label = operation
    ? ` (${operation.op}${operation.path ? ' ' + quote(operation.path.text) : ' without path'})`
    : '';
  return new ScimError(400, scimType, `Operations[${index}]${label}: ${detail}`);
}

/** Short, safe description of an offending value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quote(value);
  return String(value);
}

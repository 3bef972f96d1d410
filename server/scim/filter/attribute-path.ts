/**
 * Attribute paths (RFC 7644 §3.10): `[URI ":"] ATTRNAME ["." ATTRNAME]`.
 *
 * A schema URN contains both colons and dots (`…:enterprise:2.0:User:manager.value`), so the URN is everything
 * up to the LAST colon and only the remainder is split on dots. Splitting on the first dot is the bug that made
 * jelhub/scimgateway #124 mangle enterprise attributes.
 */
import type { ScimType } from '../errors.js';
import { ScimError } from '../errors.js';
import type { AttributePath } from './ast.js';

/** Names that would reach Object.prototype if a consumer used them as keys (prototype-pollution guard). */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';

/** ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_"), plus `$ref` which RFC 7643 uses for references. */
function isAttributeName(name: string): boolean {
  if (name === '$ref') return true;
  if (name.length === 0 || !isAlpha(name[0]!)) return false;
  for (const c of name) if (!isAlpha(c) && !isDigit(c) && c !== '-' && c !== '_') return false;
  return true;
}

/** RFC 8141 NSS characters we accept in a schema URN (a conservative subset). */
function isUrn(urn: string): boolean {
  if (!urn.toLowerCase().startsWith('urn:') || urn.length <= 4) return false;
  for (const c of urn) if (!isAlpha(c) && !isDigit(c) && !'.:-_'.includes(c)) return false;
  return !urn.endsWith(':');
}

export function checkName(name: string, where: string, fail: (detail: string) => ScimError): void {
  if (FORBIDDEN_NAMES.has(name.toLowerCase())) throw fail(`attribute name '${name}' is not allowed ${where}`);
  if (!isAttributeName(name)) throw fail(`invalid attribute name '${truncate(name)}' ${where}`);
}

export const truncate = (text: string) => (text.length > 40 ? text.slice(0, 40) + '…' : text);

/** Parses one already-isolated attribute path word; `where` says where it was found, for messages. */
export function toAttributePath(text: string, where: string, errorType: ScimType): AttributePath {
  const fail = (detail: string) => new ScimError(400, errorType, detail);
  let urn: string | undefined;
  let rest = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0) {
    urn = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    if (!isUrn(urn)) throw fail(`invalid schema URN '${truncate(urn)}' ${where}`);
  }
  const parts = rest.split('.');
  if (parts.length > 2) throw fail(`attribute path '${truncate(text)}' ${where} has more than one sub-attribute`);
  const [attribute = '', subAttribute] = parts;
  checkName(attribute, where, fail);
  const path: AttributePath = { attribute };
  if (urn !== undefined) path.urn = urn;
  if (subAttribute !== undefined) {
    checkName(subAttribute, where, fail);
    path.subAttribute = subAttribute;
  }
  return path;
}

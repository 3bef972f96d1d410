import { TOKEN_LIKE_PATTERN, TOKEN_PREFIX } from '../auth/token-format.js';

export const REDACTED = '[redacted]';
/** Keys whose values never reach the log, at any depth. */
const SECRET_KEY = /secret|token|authorization|password/i;
/** Deeper than any SCIM body (resource > complex > sub-attribute is 3); deeper parts are logged as "[too deep]". */
export const MAX_DEPTH = 32;
/** Bodies larger than this (serialized) are replaced by a summary. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const PREVIEW_CHARS = 2048;

/** Replaces anything that looks like one of our token secrets inside free text (paths, messages, values). */
export function redactText(text: string): string {
  return text.includes(TOKEN_PREFIX) ? text.replace(TOKEN_LIKE_PATTERN, REDACTED) : text;
}

/** Redacts a URL query string (without `?`): values of secret-named parameters, and token-looking text. */
export function redactQuery(query: string): string {
  if (query === '') return query;
  // Most queries name no secret at all (decoded, so an escaped key cannot slip through): no splitting.
  if (!SECRET_KEY.test(safeDecode(query))) return redactText(query);
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_KEY.test(safeDecode(key)) ? `${key}=${REDACTED}` : redactText(pair);
    })
    .join('&');
}

export interface RedactOptions {
  maxBytes?: number;
}

/** A body too large to keep, as it appears in the log instead. */
export interface TruncatedBody {
  '[truncated]': true;
  bytes: number;
  preview: string;
}

/**
 * A deep copy safe to log: values under secret-looking keys (password, token, authorization, ...) and
 * token-looking strings anywhere are replaced by "[redacted]"; a copy larger than `maxBytes` (64 KB)
 * becomes a TruncatedBody so one request cannot blow up the log. Keys are copied as data, so a
 * `__proto__` key in a hostile body stays a plain property.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return redactForLog(value, options.maxBytes ?? DEFAULT_MAX_BODY_BYTES).value;
}

/** `redact`, also returning the serialized form so the log does not serialize twice. */
export function redactForLog(value: unknown, maxBytes: number): { value: unknown; json: string | undefined } {
  const copy = redactValue(value, 0);
  const json = JSON.stringify(copy) as string | undefined;
  if (json === undefined) return { value: undefined, json: undefined };
  if (fitsIn(json, maxBytes)) return { value: copy, json };
  const truncated = truncatedBody(json);
  return { value: truncated, json: JSON.stringify(truncated) };
}

/** Anything that could be, or spell, a secret: a secret-named key or word, our token prefix, or a `\u`
 * escape (which could hide either from a plain text search). */
const MAYBE_SECRET = /secret|token|authorization|password|scimdesk_|\\u/i;

/**
 * `redactForLog` for a body that is already JSON text (a request body as received, a response as sent).
 * When nothing in the text could be a secret, the text itself is logged, on one line: no parse, no copy,
 * no re-serialization (the common case, and a 10 KB member batch costs one scan). Otherwise the text is
 * parsed and takes the full path. `text` must be valid JSON.
 */
export function redactJsonTextForLog(text: string, maxBytes: number): string | undefined {
  // Too deep to keep as it is: the object path cuts it at MAX_DEPTH, as it does any body.
  if (MAYBE_SECRET.test(text) || nestsDeeperThan(text, MAX_DEPTH))
    return redactForLog(JSON.parse(text) as unknown, maxBytes).json;
  // Outside strings JSON allows raw line breaks as whitespace (inside strings they must be escaped): one line.
  const oneLine = (text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]+/g, ' ') : text).trim();
  if (oneLine === '') return undefined;
  return fitsIn(oneLine, maxBytes) ? oneLine : JSON.stringify(truncatedBody(oneLine));
}

/**
 * Whether JSON text nests arrays and objects more than `limit` levels deep, found in one scan without parsing.
 * Kept text is later parsed and serialized again (the activity API, the console), and serializing recurses:
 * a 12 KB body nested 6,000 levels deep made every later page of the activity API fail.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit * 2) return false; // each level takes an opening and a closing bracket
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** UTF-8 needs at most 3 bytes per UTF-16 unit, so most bodies are known to fit without counting. */
function fitsIn(json: string, maxBytes: number): boolean {
  return json.length * 3 <= maxBytes || Buffer.byteLength(json, 'utf8') <= maxBytes;
}

function truncatedBody(json: string): TruncatedBody {
  return { '[truncated]': true, bytes: Buffer.byteLength(json, 'utf8'), preview: json.slice(0, PREVIEW_CHARS) };
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object') return undefined; // functions, symbols, bigints: not JSON, not logged
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  const valueIsSecret = operationTargetsSecret(value as Record<string, unknown>);
  for (const key of Object.keys(value)) {
    const secret = SECRET_KEY.test(key) || (valueIsSecret && key.toLowerCase() === 'value');
    const safe = secret ? REDACTED : redactValue((value as Record<string, unknown>)[key], depth + 1);
    if (safe === undefined) continue;
    const safeKey = redactText(key);
    // Plain assignment is only unsafe for `__proto__` (a setter on Object.prototype).
    if (safeKey === '__proto__') {
      Object.defineProperty(out, safeKey, { value: safe, enumerable: true, writable: true, configurable: true });
    } else {
      out[safeKey] = safe;
    }
  }
  return out;
}

/**
 * A PATCH operation names its target in `path`, so its `value` is a secret when the path's last attribute is
 * one (`password`, `PASSWORD`, `urn:ietf:params:scim:schemas:core:2.0:User:password`), whatever the keys say.
 * Operation members are matched in any case, as the PATCH parser does.
 */
function operationTargetsSecret(object: Record<string, unknown>): boolean {
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() !== 'path') continue;
    const path = object[key];
    if (typeof path === 'string' && SECRET_KEY.test(lastAttributeOf(path))) return true;
  }
  return false;
}

/** The attribute a SCIM attribute path ends with: `emails[type eq "work"].value` -> `value`,
 * `urn:ietf:params:scim:schemas:core:2.0:User:password` -> `password`. */
export function lastAttributeOf(path: string): string {
  const withoutFilters = path.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\[[^\]]*\]/g, '');
  const segments = withoutFilters.split(/[.:]/).map((segment) => segment.trim());
  for (let i = segments.length - 1; i >= 0; i--) if (segments[i] !== '') return segments[i]!;
  return '';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

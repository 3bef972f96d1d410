/** How the store reads stored JSON values for comparison (the semantics in ./types.ts). */

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Own properties only, so a stored key can never make a query read Object.prototype. */
export function own(target: unknown, key: string): unknown {
  return isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Non-empty: not "", and for objects and arrays some member is (no deeper than three levels). */
export function isPresent(value: unknown, depth = 0): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (depth > 2) return true;
  if (Array.isArray(value)) return value.some((item) => isPresent(item, depth + 1));
  if (isObject(value)) return Object.values(value).some((item) => isPresent(item, depth + 1));
  return true;
}

export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Strings, and numbers or booleans by their text; folded unless case matters. */
export function toText(value: unknown, caseExact: boolean): string | undefined {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
  return text === undefined || caseExact ? text : text.toLowerCase();
}

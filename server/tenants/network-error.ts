/**
 * The system error code behind a failed request, whichever HTTP stack raised it: node-fetch (used by the Okta
 * SDK) puts it on the error itself, Node's fetch (undici) on `cause`, sometimes inside an AggregateError.
 */
export function networkCodeOf(error: unknown): string | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = networkCodeOf(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

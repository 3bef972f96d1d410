import type { ActivityEntry, ScimSignal } from './types.js';

/** One entry split for memory: the summary, and its bodies as JSON text (if any). */
export interface SplitEntry {
  entry: ActivityEntry;
  bodies: string | undefined;
}

/** Serializes an entry summary plus its already-serialized bodies into one JSON line, without re-serializing
 * the bodies. */
export function toLine(entry: ActivityEntry, bodies: string | undefined): string {
  const head = JSON.stringify(entry);
  return bodies === undefined ? head : `${head.slice(0, -1)},${bodies.slice(1)}`;
}

/** Bodies of a SCIM entry as one JSON object text, or undefined when it has none. */
export function bodiesJson(requestJson: string | undefined, responseJson: string | undefined): string | undefined {
  const parts: string[] = [];
  if (requestJson !== undefined) parts.push(`"requestBody":${requestJson}`);
  if (responseJson !== undefined) parts.push(`"responseBody":${responseJson}`);
  return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
}

/** Reads one line back: anything that is not a whole, plausible entry (a torn last line, a hand edit) is
 * skipped rather than trusted. */
export function parseLine(line: string): SplitEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || typeof record.time !== 'string') return undefined;
  switch (record.kind) {
    case 'scim': {
      if (typeof record.method !== 'string' || typeof record.path !== 'string' || typeof record.status !== 'number') return undefined;
      const { requestBody, responseBody, ...rest } = record;
      const signals = Array.isArray(rest.signals) ? (rest.signals.filter((s) => typeof s === 'string') as ScimSignal[]) : [];
      const entry = { ...rest, query: typeof rest.query === 'string' ? rest.query : '', signals } as unknown as ActivityEntry;
      const bodies = bodiesJson(
        requestBody === undefined ? undefined : JSON.stringify(requestBody),
        responseBody === undefined ? undefined : JSON.stringify(responseBody),
      );
      return { entry, bodies };
    }
    case 'access':
      if (typeof record.user_id !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, bodies: undefined };
    case 'admin':
      if (typeof record.action !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, bodies: undefined };
    default:
      return undefined;
  }
}

import { MAX_DEPTH, nestsDeeperThan, redact } from './redact.js';
import type { ActivityEntry, ScimActivity, ScimSignal } from './types.js';

/** One entry read back: the summary without bodies (parsed, and as JSON text), and its bodies (a JSON object
 * text) when it has any. */
export interface SplitEntry {
  entry: ActivityEntry;
  summary: string;
  bodies: string | undefined;
}

/** Joins an entry's serialized summary and its serialized bodies into one JSON line, without re-serializing
 * either. */
export function joinLine(summary: string, bodies: string | undefined): string {
  return bodies === undefined ? summary : `${summary.slice(0, -1)},${bodies.slice(1)}`;
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
  let cut: number;
  let summary: string;
  try {
    cut = bodiesStart(line);
    summary = cut === line.length ? line : `${line.slice(0, cut)}}`;
    value = JSON.parse(summary);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || typeof record.time !== 'string') return undefined;
  switch (record.kind) {
    case 'scim': {
      if (typeof record.method !== 'string' || typeof record.path !== 'string' || typeof record.status !== 'number')
        return undefined;
      const bodies = cut === line.length ? undefined : `{${line.slice(cut + 1)}`;
      const wellFormed =
        typeof record.query === 'string' &&
        Array.isArray(record.signals) &&
        record.signals.every((s) => typeof s === 'string');
      if (wellFormed) return { entry: record as unknown as ActivityEntry, summary, bodies };
      const signals = Array.isArray(record.signals)
        ? (record.signals.filter((s) => typeof s === 'string') as ScimSignal[])
        : [];
      const entry = {
        ...record,
        query: typeof record.query === 'string' ? record.query : '',
        signals,
      } as unknown as ActivityEntry;
      return { entry, summary: JSON.stringify(entry), bodies };
    }
    case 'access':
      if (typeof record.user_id !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, summary, bodies: undefined };
    case 'admin':
      if (typeof record.action !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, summary, bodies: undefined };
    default:
      return undefined;
  }
}

const BODY_MARKERS = [',"requestBody":', ',"responseBody":'];

/**
 * Where the bodies of a line start (the comma before them), or the line's length when it has none, so
 * loading thousands of entries does not parse every body. Safe because `joinLine` always puts the bodies
 * last, and inside JSON strings quotes are escaped, so the marker cannot occur in an earlier value. The
 * bodies are still checked to be whole: a torn line is rejected.
 */
function bodiesStart(line: string): number {
  if (!line.startsWith('{"kind":"scim"')) return line.length;
  const cut = BODY_MARKERS.map((marker) => line.indexOf(marker)).filter((index) => index !== -1);
  if (cut.length === 0) return line.length;
  if (!line.endsWith('}')) throw new SyntaxError('torn line');
  return Math.min(...cut);
}

/** The bodies held in a JSON object text (an entry's bodies, or its whole line); none if it is damaged. */
export function bodiesOf(text: string): Pick<ScimActivity, 'requestBody' | 'responseBody'> {
  let parsed: Pick<ScimActivity, 'requestBody' | 'responseBody'>;
  try {
    parsed = JSON.parse(text) as Pick<ScimActivity, 'requestBody' | 'responseBody'>;
  } catch {
    return {};
  }
  let { requestBody, responseBody } = parsed;
  // Written by a version that kept bodies as they came: cut as today's bodies are, so they can be served.
  if (nestsDeeperThan(text, MAX_DEPTH + 1)) {
    requestBody = requestBody === undefined ? undefined : redact(requestBody, { maxBytes: Number.MAX_SAFE_INTEGER });
    responseBody = responseBody === undefined ? undefined : redact(responseBody, { maxBytes: Number.MAX_SAFE_INTEGER });
  }
  const bodies: Pick<ScimActivity, 'requestBody' | 'responseBody'> = {};
  if (requestBody !== undefined) bodies.requestBody = requestBody;
  if (responseBody !== undefined) bodies.responseBody = responseBody;
  return bodies;
}

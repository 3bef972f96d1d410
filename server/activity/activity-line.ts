import type { ActivityEntry, ScimActivity, ScimSignal } from './types.js';

/** One entry read back: the summary without bodies, and the line itself when it holds bodies. */
export interface SplitEntry {
  entry: ActivityEntry;
  line: string | undefined;
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
  let summary: string;
  try {
    summary = summaryPart(line);
    value = JSON.parse(summary);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || typeof record.time !== 'string') return undefined;
  switch (record.kind) {
    case 'scim': {
      if (typeof record.method !== 'string' || typeof record.path !== 'string' || typeof record.status !== 'number') return undefined;
      const signals = Array.isArray(record.signals) ? (record.signals.filter((s) => typeof s === 'string') as ScimSignal[]) : [];
      const entry = { ...record, query: typeof record.query === 'string' ? record.query : '', signals } as unknown as ActivityEntry;
      return { entry, line: summary === line ? undefined : line };
    }
    case 'access':
      if (typeof record.user_id !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, line: undefined };
    case 'admin':
      if (typeof record.action !== 'string' || typeof record.message !== 'string') return undefined;
      return { entry: record as unknown as ActivityEntry, line: undefined };
    default:
      return undefined;
  }
}

const BODY_MARKERS = [',"requestBody":', ',"responseBody":'];

/**
 * The line without its bodies, so loading thousands of entries does not parse every body. Safe because
 * `toLine` always puts the bodies last, and inside JSON strings quotes are escaped, so the marker cannot
 * occur in an earlier value. The bodies are still checked to be whole: a torn line is rejected.
 */
function summaryPart(line: string): string {
  if (!line.startsWith('{"kind":"scim"')) return line;
  const cut = BODY_MARKERS.map((marker) => line.indexOf(marker)).filter((index) => index !== -1);
  if (cut.length === 0) return line;
  if (!line.endsWith('}')) throw new SyntaxError('torn line');
  return line.slice(0, Math.min(...cut)) + '}';
}

/** The bodies held in an entry's logged line (none if the line was torn inside its bodies). */
export function bodiesOf(line: string): Pick<ScimActivity, 'requestBody' | 'responseBody'> {
  let parsed: Pick<ScimActivity, 'requestBody' | 'responseBody'>;
  try {
    parsed = JSON.parse(line) as Pick<ScimActivity, 'requestBody' | 'responseBody'>;
  } catch {
    return {};
  }
  const { requestBody, responseBody } = parsed;
  const bodies: Pick<ScimActivity, 'requestBody' | 'responseBody'> = {};
  if (requestBody !== undefined) bodies.requestBody = requestBody;
  if (responseBody !== undefined) bodies.responseBody = responseBody;
  return bodies;
}

/**
 * The wizard's evidence on disk: `<data>/wizard-evidence.json` (mode 0600), replaced atomically (temp file,
 * fsync, rename) at most once per `intervalMs` while traffic arrives, and on close. Writes are off the
 * request path, like the activity log's.
 *
 * A file that cannot be read as evidence (damaged, hand-edited, or written by a newer SCIM Desk) never
 * stops the server and is never overwritten: it is renamed aside (`wizard-evidence.json.unreadable-<time>`
 * or `.v<N>-<time>`), the evidence is rebuilt from the activity log files, and the log records what happened.
 * The evidence is derived data: the log files hold everything it is made of, as far back as they reach.
 */
import { randomBytes } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, isErrnoException, writeJsonAtomically } from '../store/durable-fs.js';
import { readFileNoFollow } from '../store/private-files.js';
import type { ScimActivity } from './types.js';
import {
  emptyEvidenceState,
  type ActivitySummary,
  type Evidence,
  type WizardEvidence,
  type WizardEvidenceState,
} from './wizard-evidence.js';
import { isRecord } from '../util/is-record.js';

export const EVIDENCE_FILE = 'wizard-evidence.json';
export const EVIDENCE_FORMAT = 'scim-desk-wizard-evidence';
export const EVIDENCE_VERSION = 1;

export function evidenceFilePath(dataDir: string): string {
  return join(dataDir, EVIDENCE_FILE);
}

export type LoadedEvidence =
  | { outcome: 'loaded'; state: WizardEvidenceState }
  | { outcome: 'missing' }
  /** The file was renamed aside; `reason` says why, in a sentence. */
  | { outcome: 'set-aside'; reason: string; keptAs: string };

export async function loadEvidence(path: string, now: () => Date = () => new Date()): Promise<LoadedEvidence> {
  let text: string;
  try {
    text = await readFileNoFollow(path, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return { outcome: 'missing' };
    throw error;
  }
  const parsed = parseEvidenceFile(text);
  if (typeof parsed !== 'string' && 'state' in parsed) return { outcome: 'loaded', state: parsed.state };
  const newer = typeof parsed !== 'string';
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const keptAs = `${path}.${newer ? `v${parsed.version}` : 'unreadable'}-${stamp}-${randomBytes(3).toString('hex')}`;
  await rename(path, keptAs);
  const reason = newer
    ? `it was written by a newer SCIM Desk (format version ${parsed.version}; this one reads ${EVIDENCE_VERSION})`
    : parsed;
  return { outcome: 'set-aside', reason, keptAs };
}

/** The state, a newer version number, or why the text is not evidence. */
export function parseEvidenceFile(text: string): { state: WizardEvidenceState } | { version: number } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${errorMessage(error)})`;
  }
  return parseEvidence(value);
}

/** The same, for the evidence as a JSON value (as the database keeps it). */
export function parseEvidence(value: unknown): { state: WizardEvidenceState } | { version: number } | string {
  if (!isRecord(value) || value.format !== EVIDENCE_FORMAT) return 'it is not a SCIM Desk wizard evidence file';
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1)
    return 'its format version is missing';
  if (value.version > EVIDENCE_VERSION) return { version: value.version };
  const state = emptyEvidenceState();
  const problem = readState(value, state);
  return problem ?? { state };
}

function readState(value: Record<string, unknown>, state: WizardEvidenceState): string | undefined {
  if (value.watermark !== null && typeof value.watermark !== 'string') return 'its watermark is damaged';
  state.watermark = value.watermark;
  const summary = value.summary;
  if (!isRecord(summary)) return 'its summary is missing';
  // Keys are signal and reason names this version wrote; an unknown one is simply never read.
  for (const key of ['succeeded', 'failed', 'authFailures'] as const) {
    const group = summary[key];
    if (!isRecord(group) || !Object.values(group).every(isEvidence)) return `its summary.${key} is damaged`;
  }
  state.summary.succeeded = summary.succeeded as ActivitySummary['succeeded'];
  state.summary.failed = summary.failed as ActivitySummary['failed'];
  state.summary.authFailures = summary.authFailures as ActivitySummary['authFailures'];
  for (const key of ['requests', 'authenticated'] as const) {
    if (summary[key] === undefined) continue;
    if (!isEvidence(summary[key])) return `its summary.${key} is damaged`;
    state.summary[key] = summary[key];
  }
  if (summary.lastAuthFailure !== undefined) {
    if (!isEntry(summary.lastAuthFailure)) return 'its summary.lastAuthFailure is damaged';
    state.summary.lastAuthFailure = summary.lastAuthFailure;
  }
  for (const key of ['lastProfileUpdate', 'lastDeleteAfterSoftDelete'] as const) {
    if (value[key] === undefined) continue;
    if (!isEntry(value[key])) return `its ${key} is damaged`;
    state[key] = value[key];
  }
  for (const key of ['userCreates', 'watchedCreates', 'groupNameConflicts'] as const) {
    const list = value[key];
    if (!Array.isArray(list) || !list.every(isEntry)) return `its ${key} is damaged`;
    state[key] = list;
  }
  if (!Array.isArray(value.softDeleted) || !value.softDeleted.every((id) => typeof id === 'string'))
    return 'its softDeleted is damaged';
  state.softDeleted = value.softDeleted;
  return undefined;
}

/** Writes the evidence when it changed, at most once per interval, one write at a time. */
export class EvidenceWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly evidence: WizardEvidence,
    private readonly intervalMs: number,
    private readonly onError: (message: string) => void,
  ) {}

  /** Something changed: write it soon. */
  schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs).unref();
  }

  /** Writes now if anything changed since the last write. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      if (!this.evidence.takeChanged()) return;
      try {
        // A copy taken now: the evidence keeps changing while the file is written in pieces.
        await writeJsonAtomically(this.path, fileOf(structuredClone(this.evidence.current)), true);
      } catch (error) {
        this.evidence.markChanged();
        this.onError(
          `Could not write the wizard evidence (${this.path}): ${errorMessage(error)}. It is rebuilt from the activity log at the next start.`,
        );
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/** The evidence in its stored form (the file's, and the database's), with its format and version. */
export function fileOf(state: Readonly<WizardEvidenceState>) {
  return { format: EVIDENCE_FORMAT, version: EVIDENCE_VERSION, ...state };
}

function isEvidence(value: unknown): value is Evidence {
  return isRecord(value) && typeof value.count === 'number' && isEntry(value.first) && isEntry(value.last);
}

/** A logged SCIM request summary, as the log writes it. */
function isEntry(value: unknown): value is ScimActivity {
  return (
    isRecord(value) &&
    value.kind === 'scim' &&
    typeof value.id === 'string' &&
    typeof value.time === 'string' &&
    typeof value.method === 'string' &&
    typeof value.path === 'string' &&
    typeof value.query === 'string' &&
    typeof value.status === 'number' &&
    Array.isArray(value.signals) &&
    value.signals.every((s) => typeof s === 'string')
  );
}

export type { ActivitySummary };

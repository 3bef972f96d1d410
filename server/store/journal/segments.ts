import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrnoException } from '../durable-fs.js';

export const JOURNAL_DIR_NAME = 'journal';

/**
 * A journal segment `journal/<first seq, 16 digits>.jsonl`. The name is the seq of its first line,
 * so segments sort by name and a whole segment can be skipped when the snapshot covers it.
 */
export interface Segment {
  path: string;
  firstSeq: number;
}

const SEGMENT_NAME = /^(\d{16})\.jsonl$/;

export function segmentPath(journalDir: string, firstSeq: number): string {
  return join(journalDir, `${String(firstSeq).padStart(16, '0')}.jsonl`);
}

/** Segments in seq order (none if the folder does not exist yet). */
export async function listSegments(journalDir: string): Promise<Segment[]> {
  let names: string[];
  try {
    names = await readdir(journalDir);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => SEGMENT_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ path: join(journalDir, match[0]), firstSeq: Number(match[1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

import { readBytesNoFollow } from '../private-files.js';
import { DecodeError, decodeTransaction } from '../decode.js';
import type { Transaction } from '../decode.js';
import { errorMessage } from '../durable-fs.js';
import { StoreError } from '../types.js';
import type { Segment } from './segments.js';

const NEWLINE = 0x0a;

/** What start-up learned from the journal; the caller acts on it only once everything checked out. */
export interface JournalScan {
  /** Last transaction seq, or the snapshot's if the journal holds nothing newer. */
  lastSeq: number;
  /** Segments whose every line the snapshot already covers (left by an interrupted compaction). */
  obsolete: Segment[];
  /** Segments still needed, with their size once any torn tail is cut off. */
  live: Array<Segment & { validBytes: number }>;
  /** The segment that ends in a torn (unterminated) last line, and where its complete lines end. */
  tornTail: { path: string; validBytes: number; discardedBytes: number } | undefined;
}

/**
 * Reads the journal after snapshot seq `afterSeq` and hands each newer transaction to `apply` in order.
 * A torn last line (the process died during an append, so it was never acknowledged) is reported for
 * truncation; any other damage, a gap in the seqs, or a transaction that cannot apply is
 * StoreError('corrupt') naming the file and line. Writes nothing.
 */
export async function scanJournal(
  segments: readonly Segment[],
  afterSeq: number,
  apply: (transaction: Transaction) => void,
): Promise<JournalScan> {
  const obsolete: Segment[] = [];
  const needed: Segment[] = [];
  segments.forEach((segment, i) => {
    const next = segments[i + 1];
    if (next && next.firstSeq - 1 <= afterSeq) obsolete.push(segment);
    else needed.push(segment);
  });

  const contents = await Promise.all(
    needed.map(async (segment) => {
      try {
        return await readBytesNoFollow(segment.path);
      } catch (error) {
        if (error instanceof StoreError) throw error; // a link in place of a segment
        throw new StoreError('io', `cannot read ${segment.path}: ${errorMessage(error)}`);
      }
    }),
  );
  let lastNonEmpty = -1;
  contents.forEach((content, i) => {
    if (content.length > 0) lastNonEmpty = i;
  });

  const live: JournalScan['live'] = [];
  let tornTail: JournalScan['tornTail'];
  let previousSeq: number | undefined;
  for (const [i, segment] of needed.entries()) {
    const content = contents[i] ?? Buffer.alloc(0);
    const corrupt = (line: number, reason: string): StoreError =>
      new StoreError(
        'corrupt',
        `${segment.path} line ${line}: ${reason}. The data folder was left untouched: restore it from a backup, or move the journal folder away to start from the last snapshot.`,
      );
    const end = content.lastIndexOf(NEWLINE) + 1; // bytes of complete lines
    if (end < content.length) {
      if (i !== lastNonEmpty)
        throw corrupt(countLines(content, end) + 1, 'unterminated line before the end of the journal');
      tornTail = { path: segment.path, validBytes: end, discardedBytes: content.length - end };
    }
    let lineStart = 0;
    const seqBefore = previousSeq;
    let lineNumber = 0;
    while (lineStart < end) {
      const lineEnd = content.indexOf(NEWLINE, lineStart);
      lineNumber++;
      const text = content.toString('utf8', lineStart, lineEnd);
      lineStart = lineEnd + 1;
      let transaction: Transaction;
      try {
        transaction = decodeTransaction(JSON.parse(text), 'transaction');
      } catch (error) {
        throw corrupt(
          lineNumber,
          error instanceof DecodeError ? error.message : `not valid JSON (${errorMessage(error)})`,
        );
      }
      const expected = previousSeq === undefined ? segment.firstSeq : previousSeq + 1;
      if (transaction.seq !== expected) {
        throw corrupt(
          lineNumber,
          `transaction seq ${transaction.seq} where ${expected} was expected (a transaction is missing)`,
        );
      }
      if (previousSeq === undefined && transaction.seq > afterSeq + 1) {
        throw corrupt(
          lineNumber,
          `the journal starts at seq ${transaction.seq} but the snapshot ends at seq ${afterSeq}`,
        );
      }
      previousSeq = transaction.seq;
      if (transaction.seq <= afterSeq) continue;
      try {
        apply(transaction);
      } catch (error) {
        throw corrupt(lineNumber, `transaction seq ${transaction.seq} cannot be applied (${errorMessage(error)})`);
      }
    }
    // A segment whose every line the snapshot covers must not be appended to (its next line would jump
    // from its last seq to the snapshot's): it is obsolete, e.g. left by a crash just after a compaction.
    const coveredBySnapshot = end > 0 && previousSeq !== seqBefore && (previousSeq ?? 0) <= afterSeq;
    if (coveredBySnapshot) obsolete.push(segment);
    else live.push({ ...segment, validBytes: end });
  }
  return { lastSeq: Math.max(afterSeq, previousSeq ?? 0), obsolete, live, tornTail };
}

function countLines(content: Buffer, end: number): number {
  let count = 0;
  for (let at = content.indexOf(NEWLINE); at !== -1 && at < end; at = content.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

import { constants } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openNoFollow, readFileNoFollow } from '../store/private-files.js';
import type { EncodedLines } from './pending-lines.js';

/**
 * The activity log on disk, in `<data>/activity/`: one set of rotated files per part of the log, e.g.
 * `activity.jsonl` (current), rotated to `activity.1.jsonl` (newest) ... `activity.<maxFiles-1>.jsonl`
 * (oldest). One JSON entry per line, files 0600.
 */
export function activityDirectory(dataDir: string): string {
  return join(dataDir, 'activity');
}

/** One set of rotated files: `<directory>/<base>.jsonl`, `<base>.1.jsonl`, ... */
export interface LogFiles {
  directory: string;
  base: string;
  maxFiles: number;
}

export function logFileName(base: string, generation: number): string {
  return generation === 0 ? `${base}.jsonl` : `${base}.${generation}.jsonl`;
}

const pathOf = (files: LogFiles, generation: number) => join(files.directory, logFileName(files.base, generation));

/** The last `limit` lines across the files, oldest first. A torn line (crash mid-append) comes back like
 * any other line; the parser skips it. */
export async function readRecentLines(files: LogFiles, limit: number): Promise<string[]> {
  const chunks: string[][] = [];
  let collected = 0;
  for (let generation = 0; generation < files.maxFiles && collected < limit; generation++) {
    const lines = await readTailLines(pathOf(files, generation), limit - collected);
    chunks.unshift(lines);
    collected += lines.length;
  }
  return chunks.flat();
}

/** Every line of every file, oldest first, streamed (for rebuilding what is derived from the whole log). */
export async function* readAllLines(files: LogFiles): AsyncGenerator<string> {
  for (let generation = files.maxFiles - 1; generation >= 0; generation--) {
    let handle: FileHandle;
    try {
      handle = await openNoFollow(pathOf(files, generation), constants.O_RDONLY);
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    const stream = handle.createReadStream({ encoding: 'utf8' }); // closes the handle when done
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) if (line !== '') yield line;
  }
}

/** Every line, newest first, one file read at a time (paging back past the in-memory window). */
export async function* readLinesNewestFirst(files: LogFiles): AsyncGenerator<string> {
  for (let generation = 0; generation < files.maxFiles; generation++) {
    let text: string;
    try {
      text = await readFileNoFollow(pathOf(files, generation), 'utf8');
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i] !== '') yield lines[i]!;
  }
}

const TAIL_CHUNK_BYTES = 1024 * 1024;

/** The last `limit` non-empty lines of a file (none if it does not exist), reading backwards only as far
 * as needed, so a restart does not decode whole rotated files for their last few entries. The scan for the
 * start reuses one buffer and the lines are then read once: every fresh megabyte costs page faults. */
async function readTailLines(path: string, limit: number): Promise<string[]> {
  let handle: FileHandle;
  try {
    handle = await openNoFollow(path, constants.O_RDONLY);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0 || limit <= 0) return [];
    // Where the wanted lines start: just after the (limit + 1)-th newline from the end, or the file's start.
    const scratch = Buffer.allocUnsafe(Math.min(TAIL_CHUNK_BYTES, size));
    let start = 0;
    let newlines = 0;
    let position = size;
    scan: while (position > 0) {
      const length = Math.min(scratch.length, position);
      position -= length;
      await readFully(handle, scratch, length, position);
      for (let i = scratch.lastIndexOf(0x0a, length - 1); i !== -1; i = i > 0 ? scratch.lastIndexOf(0x0a, i - 1) : -1) {
        newlines += 1;
        if (newlines > limit) {
          start = position + i + 1;
          break scan;
        }
      }
    }
    const bytes = Buffer.allocUnsafe(size - start);
    await readFully(handle, bytes, bytes.length, start);
    const whole = bytes
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    return whole.slice(Math.max(0, whole.length - limit));
  } finally {
    await handle.close();
  }
}

/** Reads `length` bytes at `position` into the start of `buffer` (a read may return fewer than asked). */
async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
}

/** Appends lines to the current file and rotates it when it would pass `maxFileBytes`. */
export class ActivityFileWriter {
  private constructor(
    private readonly files: LogFiles,
    private readonly maxFileBytes: number,
    private handle: FileHandle,
    private size: number,
    /** The file ends in a torn line: start the next write on a fresh line. */
    private needsNewline: boolean,
  ) {}

  static async open(files: LogFiles, maxFileBytes: number): Promise<ActivityFileWriter> {
    await mkdir(files.directory, { recursive: true, mode: 0o700 });
    const { handle, size, endsTorn } = await openCurrent(files);
    return new ActivityFileWriter(
      { ...files, maxFiles: Math.max(1, files.maxFiles) },
      maxFileBytes,
      handle,
      size,
      endsTorn,
    );
  }

  /** Appends whole lines, rotating between two lines whenever the next would pass `maxFileBytes`. */
  async write(lines: EncodedLines): Promise<void> {
    const { bytes, ends } = lines;
    let start = 0; // first byte of the part not yet written
    let previous = 0; // end of the line before the current one
    for (const end of ends) {
      const pending = previous - start;
      if (this.size + pending > 0 && this.size + pending + (end - previous) > this.maxFileBytes) {
        await this.append(bytes.subarray(start, previous));
        await this.rotate();
        start = previous;
      }
      previous = end;
    }
    await this.append(bytes.subarray(start, previous));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async append(bytes: Buffer): Promise<void> {
    if (bytes.length === 0) return;
    if (this.needsNewline) {
      await this.handle.appendFile('\n');
      this.size += 1;
      this.needsNewline = false;
    }
    await this.handle.appendFile(bytes);
    this.size += bytes.length;
  }

  private async rotate(): Promise<void> {
    await this.handle.close();
    const path = (generation: number) => pathOf(this.files, generation);
    await rm(path(this.files.maxFiles - 1), { force: true });
    for (let generation = this.files.maxFiles - 2; generation >= 0; generation--) {
      await rename(path(generation), path(generation + 1)).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
    const { handle } = await openCurrent(this.files);
    this.handle = handle;
    this.size = 0;
    this.needsNewline = false;
  }
}

async function openCurrent(files: LogFiles): Promise<{ handle: FileHandle; size: number; endsTorn: boolean }> {
  const path = pathOf(files, 0);
  // Never through a link (private-files.ts); the mode given to open() only applies when the file is created.
  const handle = await openNoFollow(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    await handle.chmod(0o600);
    const { size } = await handle.stat();
    let endsTorn = false;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      endsTorn = last[0] !== 0x0a;
    }
    return { handle, size, endsTorn };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

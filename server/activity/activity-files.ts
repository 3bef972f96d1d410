import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The activity log on disk: `<data>/activity/activity.jsonl` (current), rotated to `activity.1.jsonl`
 * (newest) ... `activity.<maxFiles-1>.jsonl` (oldest). One JSON entry per line, files 0600.
 */
export function activityDirectory(dataDir: string): string {
  return join(dataDir, 'activity');
}

export function activityFileName(generation: number): string {
  return generation === 0 ? 'activity.jsonl' : `activity.${generation}.jsonl`;
}

/** The last `limit` lines across the files, oldest first. A torn last line (crash mid-append) comes back
 * like any other line; the parser skips it. */
export async function readRecentLines(directory: string, maxFiles: number, limit: number): Promise<string[]> {
  const chunks: string[][] = [];
  let collected = 0;
  for (let generation = 0; generation < maxFiles && collected < limit; generation++) {
    let text: string;
    try {
      text = await readFile(join(directory, activityFileName(generation)), 'utf8');
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    const lines = text.split('\n').filter((line) => line !== '');
    const take = lines.slice(Math.max(0, lines.length - (limit - collected)));
    chunks.unshift(take);
    collected += take.length;
  }
  return chunks.flat();
}

/** Appends chunks of lines to the current file and rotates it when it would pass `maxFileBytes`. */
export class ActivityFileWriter {
  private constructor(
    private readonly directory: string,
    private readonly maxFileBytes: number,
    private readonly maxFiles: number,
    private handle: FileHandle,
    private size: number,
    /** The file ends in a torn line: start the next write on a fresh line. */
    private needsNewline: boolean,
  ) {}

  static async open(directory: string, maxFileBytes: number, maxFiles: number): Promise<ActivityFileWriter> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const { handle, size, endsTorn } = await openCurrent(directory);
    return new ActivityFileWriter(directory, maxFileBytes, Math.max(1, maxFiles), handle, size, endsTorn);
  }

  async write(lines: string): Promise<void> {
    const bytes = Buffer.byteLength(lines, 'utf8');
    if (this.size > 0 && this.size + bytes > this.maxFileBytes) await this.rotate();
    const text = this.needsNewline ? '\n' + lines : lines;
    await this.handle.appendFile(text, 'utf8');
    this.size += Buffer.byteLength(text, 'utf8');
    this.needsNewline = false;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async rotate(): Promise<void> {
    await this.handle.close();
    const path = (generation: number) => join(this.directory, activityFileName(generation));
    await rm(path(this.maxFiles - 1), { force: true });
    for (let generation = this.maxFiles - 2; generation >= 0; generation--) {
      await rename(path(generation), path(generation + 1)).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
    const { handle } = await openCurrent(this.directory);
    this.handle = handle;
    this.size = 0;
    this.needsNewline = false;
  }
}

async function openCurrent(directory: string): Promise<{ handle: FileHandle; size: number; endsTorn: boolean }> {
  const path = join(directory, activityFileName(0));
  const handle = await open(path, 'a+', 0o600);
  try {
    await chmod(path, 0o600); // the mode given to open() only applies when the file is created
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

/**
 * Activity lines about committed changes, written once the change is durable, in the order their writers
 * took a place in line. A rule change and the access changes it causes become durable in the same journal
 * write; taking the rule's place before committing puts its line first. A change whose write fails leaves
 * no line: the log never tells of something that did not happen.
 */
import type { ActivityInput, ActivitySink } from './types.js';

/** A place in line: filled with the change's lines once it is durable, or dropped if it failed. */
export interface ActivityPlace {
  fill(lines: readonly ActivityInput[]): void;
  drop(): void;
}

interface Waiting {
  lines: readonly ActivityInput[] | undefined;
  settled: boolean;
}

export class ActivityQueue {
  private readonly line: Waiting[] = [];

  constructor(
    private readonly sink: ActivitySink,
    private readonly report: (message: string) => void = (message) => console.error(`scim-desk: ${message}`),
  ) {}

  /** Takes the next place in line; the lines of later places wait until it is filled or dropped. */
  reserve(): ActivityPlace {
    const waiting: Waiting = { lines: undefined, settled: false };
    this.line.push(waiting);
    const settle = (lines: readonly ActivityInput[] | undefined) => {
      if (waiting.settled) return;
      waiting.settled = true;
      waiting.lines = lines;
      this.flush();
    };
    return { fill: (lines) => settle(lines), drop: () => settle(undefined) };
  }

  /** Writes `lines` once `durable` resolves (nothing if it rejects), after every place taken before. */
  afterDurable(durable: Promise<unknown>, lines: readonly ActivityInput[]): void {
    if (lines.length === 0) return;
    const place = this.reserve();
    durable.then(
      () => place.fill(lines),
      () => place.drop(),
    );
  }

  private flush(): void {
    while (this.line.length > 0 && this.line[0]!.settled) {
      const { lines } = this.line.shift()!;
      for (const input of lines ?? []) {
        try {
          this.sink.append(input);
        } catch (error) {
          this.report(
            `an activity line could not be written: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
  }
}

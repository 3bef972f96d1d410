/**
 * Monotonic, time-sortable entry ids: `<13-digit epoch ms>-<6-digit sequence>`. Plain string comparison
 * orders them, so an id doubles as the paging cursor. The clock going backwards never reorders ids.
 */
export class ActivityIdGenerator {
  private lastMs = 0;
  private seq = 0;

  next(nowMs: number): string {
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.seq = 0;
    } else {
      this.seq += 1;
      if (this.seq > 999_999) {
        this.lastMs += 1; // a million entries in one millisecond: borrow the next one
        this.seq = 0;
      }
    }
    return `${String(this.lastMs).padStart(13, '0')}-${String(this.seq).padStart(6, '0')}`;
  }

  /** Continues after an id read back from disk, so ids stay increasing across restarts. */
  observe(id: string): void {
    const match = /^(\d{13})-(\d{6})$/.exec(id);
    if (!match) return;
    const ms = Number(match[1]);
    const seq = Number(match[2]);
    if (ms > this.lastMs || (ms === this.lastMs && seq > this.seq)) {
      this.lastMs = ms;
      this.seq = seq;
    }
  }
}

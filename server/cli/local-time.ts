/**
 * Times as a terminal shows them: "2026-12-07 17:16" in this machine's time zone, which is what the person at
 * it reads; the exact ISO time stays in each command's --json output.
 */

/** `2026-12-07 17:16` for `2026-12-07T16:16:27.209Z` in Europe/Berlin. */
export function localTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The zone those times are in ("Europe/Berlin"), to say so once above a list. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

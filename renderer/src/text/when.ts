/**
 * Times as the admin reads them: local, and as short as is unambiguous (today: the time alone). The exact
 * ISO time stays available where a time is shown (a `<time>` element's title), see components/when.tsx.
 */

/** "4:16:27 PM" today, "12/6/2026, 4:16:27 PM" another day, in the admin's locale and time zone. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

/** An ISO 8601 date-time with a zone, as the server writes times into its texts. */
export const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Splits a text into plain parts and the ISO times inside it. */
export function splitTimes(text: string): { text: string; iso?: true }[] {
  const parts: { text: string; iso?: true }[] = [];
  let last = 0;
  for (const match of text.matchAll(ISO_TIME)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], iso: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

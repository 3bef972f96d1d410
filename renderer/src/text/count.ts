/** "1 group", "2 groups", "50,000 users": a count with its noun, in the admin's locale. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : plural}`;
}

/**
 * A name the identity provider chose (a group's displayName, a token label): SCIM puts no limit on its
 * length, so a long one is cut to a few lines with an ellipsis, and the whole name stays available on
 * hover and to screen readers.
 */
import type { ReactNode } from 'react';

/** Past this many characters the full name also goes into the title (shorter ones show whole anyway). */
const TITLE_FROM = 60;

export function LongName({ name, lines = 2, children }: { name: string; lines?: 1 | 2 | 3; children?: ReactNode }) {
  return (
    <span className={`long-name long-name-${lines}`} title={name.length >= TITLE_FROM ? name : undefined}>
      {children ?? name}
    </span>
  );
}

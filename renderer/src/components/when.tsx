/** A time shown the admin's way, with the exact ISO time on hover (and to screen readers as `dateTime`). */
import { Fragment } from 'react';
import { formatWhen, splitTimes } from '../text/when';

/**
 * `auto`: the time alone today, date and time another day; `date-and-time`: always both, to the second;
 * `date-and-minutes`: "Dec 7, 2026, 4:16 PM", for narrow table columns.
 */
export function When({ iso, style = 'auto' }: { iso: string; style?: 'auto' | 'date-and-time' | 'date-and-minutes' }) {
  const text =
    style === 'date-and-time'
      ? new Date(iso).toLocaleString()
      : style === 'date-and-minutes'
        ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
        : formatWhen(iso);
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}

/**
 * A sentence the server wrote (a step's fix, evidence, a warning): the server cannot know the admin's time
 * zone, so it writes exact ISO times, and they are shown here as local times.
 */
export function ServerText({ text }: { text: string }) {
  return (
    <>
      {splitTimes(text).map((part, index) => (
        <Fragment key={index}>{part.iso ? <When iso={part.text} /> : part.text}</Fragment>
      ))}
    </>
  );
}

/** What a saved connection looks like: what its check said, and how the latest read of the service went. */
import type { ConnectionCheck, ConnectionReading } from '../../../../server/admin/contract';
import { readTime } from '../../api/tenant-events';

export function CheckLine({ checked }: { checked: ConnectionCheck }) {
  return (
    <>
      <dt>Checked</dt>
      <dd>
        <code className="evidence-call">{checked.said}</code>{' '}
        <span className="muted small">({readTime(checked.at)})</span>
      </dd>
    </>
  );
}

export function ReadingLine({
  reading,
  busy,
  testId,
}: {
  reading: ConnectionReading | null;
  busy: boolean;
  testId: string;
}) {
  return (
    <>
      <dt>Last read</dt>
      <dd data-testid={testId}>
        {busy ? (
          <span className="badge badge-waiting">Reading…</span>
        ) : reading === null ? (
          <span className="muted">Not read yet: use Refresh.</span>
        ) : reading.ok ? (
          <>
            <span className="badge badge-done">Everything read</span>{' '}
            <span className="muted small">{readTime(reading.at)}</span>
          </>
        ) : (
          <>
            <span className="badge badge-failed">
              {reading.problems.length} {reading.problems.length === 1 ? 'item' : 'items'} not read
            </span>{' '}
            <span className="muted small">{readTime(reading.at)}</span>
            <ul className="connection-problems">
              {reading.problems.map((problem) => (
                <li key={problem.item}>
                  <strong>{problem.item}:</strong> {problem.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </dd>
    </>
  );
}

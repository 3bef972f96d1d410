/** What settled a step: which request (or state), when, from which user agent. */
import type { SetupEvidence } from '../../../../server/admin/contract';
import { href } from '../../router/routes';

function when(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

export function EvidenceLine({ evidence }: { evidence: SetupEvidence }) {
  return (
    <p className="evidence" data-testid="evidence">
      <span className="evidence-label">Evidence:</span> <span className="evidence-summary">{evidence.summary}</span>
      {evidence.at && (
        <>
          {' '}
          · <time dateTime={evidence.at}>{when(evidence.at)}</time>
        </>
      )}
      {evidence.userAgent && (
        <>
          {' '}
          · <span className="evidence-agent">{evidence.userAgent}</span>
        </>
      )}
      {evidence.activityId && (
        <>
          {' '}
          · <a href={href({ page: 'activity' })}>activity</a>
        </>
      )}
    </p>
  );
}

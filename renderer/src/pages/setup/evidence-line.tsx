/** What settled a step: which request (or state), when, from which user agent. */
import type { SetupEvidence } from '../../../../server/admin/contract';
import { ServerText, When } from '../../components/when';
import { href } from '../../router/routes';

export function EvidenceLine({ evidence }: { evidence: SetupEvidence }) {
  return (
    <p className="evidence" data-testid="evidence">
      <span className="evidence-label">Evidence:</span> <span className="evidence-summary">
        <ServerText text={evidence.summary} />
      </span>
      {evidence.at && (
        <>
          {' '}
          · <When iso={evidence.at} />
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

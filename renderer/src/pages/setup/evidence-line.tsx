/** What settled a step: which request (or state, or API calls to Okta and Clumio), when, from which user agent. */
import type { SetupApiCall, SetupEvidence } from '../../../../server/admin/contract';
import { ServerText, When } from '../../components/when';
import { href } from '../../router/routes';

/** Whose API answered a call (the services SCIM Desk reads for the rollout). */
const SERVICE_NAMES: Record<SetupApiCall['service'], string> = { okta: 'Okta', clumio: 'Clumio' };

export function EvidenceLine({ evidence }: { evidence: SetupEvidence }) {
  return (
    <p className="evidence" data-testid="evidence">
      <span className="evidence-label">Evidence:</span>{' '}
      <span className="evidence-summary">
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
      {evidence.calls && evidence.calls.length > 0 && (
        <span className="evidence-calls" data-testid="evidence-calls">
          {evidence.calls.map((c, index) => (
            <code key={index} title={`${SERVICE_NAMES[c.service]} answered at ${c.at}`}>
              {c.method} {c.path} → {c.status ?? 'no answer'}
            </code>
          ))}
        </span>
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

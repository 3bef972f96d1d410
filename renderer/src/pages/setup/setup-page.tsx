/**
 * The app's first page. The guided wizard (issue 5) will live here; until then it lists the steps that
 * `GET /api/setup` serves, with their state, evidence and fix.
 */
import type { SetupStep, SetupStepState } from '../../../../server/admin/contract';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';

const STATE_LABELS: Record<SetupStepState, string> = {
  todo: 'To do',
  waiting: 'Waiting for Okta',
  done: 'Done',
  failed: 'Failed',
  confirmed: 'Confirmed by you',
};

function StepItem({ step, index }: { step: SetupStep; index: number }) {
  return (
    <li className={`setup-step state-${step.state}`} data-testid={`setup-step-${step.id}`}>
      <div className="setup-step-head">
        <span className="step-number" aria-hidden="true">
          {index + 1}
        </span>
        <h3>{step.title}</h3>
        <span className={`badge badge-${step.state}`}>{STATE_LABELS[step.state]}</span>
      </div>
      {step.evidence && (
        <p className="evidence">
          {step.evidence.summary}
          {step.evidence.at && <> · {new Date(step.evidence.at).toLocaleString()}</>}
          {step.evidence.userAgent && <> · {step.evidence.userAgent}</>}
        </p>
      )}
      {step.fix && (step.state === 'failed' || step.state === 'todo' || step.state === 'waiting') && <p className="fix">{step.fix}</p>}
    </li>
  );
}

export function SetupPage() {
  const setup = useApi((signal) => get('GET /api/setup', { signal }), []);
  return (
    <>
      <h1>Setup</h1>
      <p className="lead">
        Connect Okta to this SCIM endpoint step by step. Each step is checked against the requests that actually arrive.
      </p>
      <ErrorMessage error={setup.error} />
      {setup.state === 'loading' && !setup.data && <Loading />}
      {setup.data &&
        (setup.data.steps.length === 0 ? (
          <EmptyState title="No setup steps yet">
            Start with the <a href={href({ page: 'endpoint' })}>endpoint and a token</a>.
          </EmptyState>
        ) : (
          <ol className="setup-steps">
            {setup.data.steps.map((step, index) => (
              <StepItem key={step.id} step={step} index={index} />
            ))}
          </ol>
        ))}
      <div className="toolbar">
        <button type="button" onClick={setup.reload}>
          Check again
        </button>
      </div>
    </>
  );
}

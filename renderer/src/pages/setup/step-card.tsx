/**
 * One step of the wizard: its state, the evidence that settled it, the fix when it failed or what to do
 * next, and (when opened) the console instructions and the controls for it.
 */
import type { SetupCheck, SetupState, SetupStep, SetupStepState } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { ServerText } from '../../components/when';
import { useAction } from '../../hooks/use-action';
import { EvidenceLine } from './evidence-line';
import { GuideLineView } from './guide-text';
import { ROLLOUT_CONTROLS, STEP_CONTROLS, type GuideContext } from './step-guides';

export const STATE_LABELS: Record<SetupStepState, string> = {
  todo: 'To do',
  waiting: 'Waiting',
  done: 'Done',
  failed: 'Failed',
  confirmed: 'Confirmed by you',
};

const WAITING_LABELS: Record<SetupCheck, (idp: string) => string> = {
  traffic: (idp) => `Waiting for ${idp}`,
  state: () => 'Waiting',
  confirmation: () => 'Waiting for you',
  // Settled by an API that cannot answer yet (a rate limit, a timeout): the step says when to try again.
  'okta-api': () => 'Waiting for Okta',
  'clumio-api': () => 'Waiting for Clumio',
};

const CONFIRM_HINTS: Record<SetupCheck, string> = {
  confirmation: 'Nothing SCIM Desk can observe shows this step.',
  traffic: 'For when the traffic cannot show it yet.',
  state: 'For when SCIM Desk cannot show it yet.',
  'okta-api': "Okta's API does not say this for the app: check it in Okta first.",
  'clumio-api': "Clumio's API does not say this: check it in Clumio first.",
};

const STATE_MARKS: Partial<Record<SetupStepState, string>> = { done: '✓', confirmed: '✓', failed: '!' };

export function isSettled(state: SetupStepState): boolean {
  return state === 'done' || state === 'confirmed';
}

export function stateLabel(step: SetupStep, idp: string): string {
  return step.state === 'waiting' ? WAITING_LABELS[step.check](idp) : STATE_LABELS[step.state];
}

interface Props {
  step: SetupStep;
  number: number;
  expanded: boolean;
  onToggle(): void;
  context: GuideContext;
  onState(state: SetupState): void;
}

export function StepCard({ step, number, expanded, onToggle, context, onState }: Props) {
  const controls = (context.target === 'clumio' ? ROLLOUT_CONTROLS : STEP_CONTROLS)[step.id] ?? {};
  const consoleName = step.guide.console;
  const { busy, error, run } = useAction();
  const bodyId = `step-body-${step.id}`;
  const headingId = `step-title-${step.id}`;

  const confirm = async (confirmed: boolean) => {
    await run(async () => {
      onState(await call('POST /api/setup/steps/:id/confirm', { id: step.id, body: { confirmed } }));
    });
  };

  return (
    <li className={`wizard-step state-${step.state}`} data-testid={`setup-step-${step.id}`} data-state={step.state}>
      <div className="wizard-step-head">
        <span className="wizard-step-mark" aria-hidden="true">
          {STATE_MARKS[step.state] ?? number}
        </span>
        <h3 id={headingId}>
          <button
            type="button"
            className="wizard-step-toggle"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={onToggle}
          >
            <span className="visually-hidden">Step {number}: </span>
            {step.title}
          </button>
        </h3>
        <span className={`console-tag console-${consoleName.replace(' ', '-').toLowerCase()}`}>{consoleName}</span>
        <span className={`badge badge-${step.state}`} data-testid="step-state">
          {stateLabel(step, context.words.short)}
        </span>
      </div>

      {step.evidence && <EvidenceLine evidence={step.evidence} />}
      {step.fix && step.state === 'failed' && (
        <div className="notice notice-error step-fix" role="alert" data-testid="step-fix">
          <strong>How to fix:</strong> <ServerText text={step.fix} />
        </div>
      )}
      {step.fix && (step.state === 'todo' || step.state === 'waiting') && (
        <p className="step-next" data-testid="step-fix">
          <strong>Next:</strong> <ServerText text={step.fix} />
        </p>
      )}

      {controls.pinned?.(context)}
      <div id={bodyId} className="wizard-step-body" hidden={!expanded}>
        {expanded && (
          <>
            <ol className="instructions" aria-label={`In ${consoleName}`} data-testid="step-instructions">
              {step.guide.instructions.map((line, index) => (
                <li key={index}>
                  <GuideLineView line={line} context={context} />
                </li>
              ))}
            </ol>
            {step.guide.cautions.length > 0 && (
              <ul className="cautions" aria-label="Watch out">
                {step.guide.cautions.map((line, index) => (
                  <li key={index}>
                    <GuideLineView line={line} context={context} />
                  </li>
                ))}
              </ul>
            )}
            {controls.panel?.(context)}
            {/* Only what is still open can be vouched for: a failure is a fact the admin must fix. */}
            {step.confirmable && (step.state === 'todo' || step.state === 'waiting') && (
              <div className="toolbar">
                <button type="button" disabled={busy} onClick={() => void confirm(true)} data-testid="confirm-step">
                  I did this: mark it confirmed
                </button>
                <span className="muted small">{CONFIRM_HINTS[step.check]}</span>
              </div>
            )}
            {step.state === 'confirmed' && (
              <div className="toolbar">
                <button
                  type="button"
                  className="button-small"
                  disabled={busy}
                  onClick={() => void confirm(false)}
                  data-testid="unconfirm-step"
                >
                  Withdraw my confirmation
                </button>
              </div>
            )}
            <ErrorMessage error={error} />
          </>
        )}
      </div>
    </li>
  );
}

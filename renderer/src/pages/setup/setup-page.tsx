/**
 * The setup wizard (docs/setup-wizard.md, docs/decisions.md#wizard-step-order): the app's first page until setup
 * is complete. Every step's state comes from the server, which derives it from the traffic that actually arrived
 * (or SCIM Desk's own state, or the admin's confirmation); the page refreshes as activity events stream in.
 * For the real rollout (docs/real-tenants.md) the steps come from what Okta's and Clumio's APIs said in the
 * server's latest read of them, shown with the calls and when.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SetupStep, SetupStepId, TokenCreated } from '../../../../server/admin/contract';
import type { StreamState } from '../../api/activity-stream';
import { get } from '../../api/client';
import { onTenantChange } from '../../api/tenant-events';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import { ErrorExplainer } from './error-explainer';
import { ProfileChoice } from './profile-choice';
import { SetupNotes } from './setup-notes';
import { useLiveSetup } from './use-live-setup';
import { RehearsalPanel } from './rehearsal-panel';
import { SetupWarnings } from './setup-warnings';
import { TargetChoice } from './target-choice';
import { TenantsRead } from './tenants-read';
import { isSettled, StepCard } from './step-card';
import type { GuideContext } from './step-guides';
import './setup.css';

/** While the server reads Okta and Clumio, ask for the checklist again this often (the read takes seconds). */
const WHILE_READING_MS = 1000;
/** The server reads Okta and Clumio again on its own every few minutes; the page picks that up this often
 * (from the server's snapshot: asking never calls either service). */
const ROLLOUT_FOLLOW_MS = 30_000;

/** The bare app URL (no page in the hash): where "first page until setup is complete" applies. */
function openedAtHome(): boolean {
  const hash = window.location.hash;
  return hash === '' || hash === '#' || hash === '#/';
}

/** Open by default: failed steps and the first step still to do. The admin's own toggles win. */
function defaultExpanded(steps: readonly SetupStep[]): Set<SetupStepId> {
  const open = new Set<SetupStepId>(steps.filter((s) => s.state === 'failed').map((s) => s.id));
  const next = steps.find((s) => !isSettled(s.state));
  if (next) open.add(next.id);
  return open;
}

const STREAM_WORDS: Record<StreamState, string> = {
  live: 'Live: steps update as requests arrive',
  connecting: 'Connecting to the activity feed…',
  reconnecting: 'Reconnecting to the activity feed…',
  stopped: 'Live updates stopped',
};

function StreamIndicator({ state, rollout }: { state: StreamState; rollout: boolean }) {
  const text =
    rollout && state === 'live' ? 'Live: steps update as the server reads Okta and Clumio' : STREAM_WORDS[state];
  return (
    <span className={`stream-indicator stream-${state}`} data-testid="stream-state">
      <span className="stream-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function SetupPage() {
  const live = useLiveSetup();
  const { setup, revision, refresh } = live;
  const status = useApi((signal) => get('GET /api/status', { signal }), [revision]);
  const settings = useApi((signal) => get('GET /api/settings', { signal }), [revision]);
  const tunnel = useApi((signal) => get('GET /api/tunnel', { signal }), [revision]);
  // The one place a token secret exists in the wizard; leaving the page drops it.
  const [secret, setSecret] = useState<TokenCreated | null>(null);
  const [toggled, setToggled] = useState<Partial<Record<SetupStepId, boolean>>>({});
  const [atHome] = useState(openedAtHome);
  const [completeAtOpen, setCompleteAtOpen] = useState<boolean | undefined>(undefined);
  if (setup && completeAtOpen === undefined) setCompleteAtOpen(setup.complete);

  // Opened at the bare app URL with setup already complete: the directory is the home page now. (Never
  // when setup completes while the admin watches: they stay to see it.)
  useEffect(() => {
    if (atHome && completeAtOpen === true && openedAtHome()) window.location.replace(href({ page: 'users' })); // replace: Back must not bounce here again
  }, [atHome, completeAtOpen]);

  // The rollout's steps settle when the server's read of Okta and Clumio ends; a connection made or a read
  // asked for elsewhere in the console starts one.
  const reading = setup?.tenants?.reading === true;
  useEffect(() => onTenantChange(refresh), [refresh]);
  useEffect(() => {
    if (!reading) return;
    const timer = window.setTimeout(refresh, WHILE_READING_MS);
    return () => window.clearTimeout(timer);
  }, [reading, setup, refresh]);
  const rollout = setup?.provisioningTarget === 'clumio';
  useEffect(() => {
    if (!rollout) return;
    const timer = window.setInterval(refresh, ROLLOUT_FOLLOW_MS);
    return () => window.clearInterval(timer);
  }, [rollout, refresh]);

  const steps = useMemo(() => setup?.steps ?? [], [setup]);
  const expandedByDefault = useMemo(() => defaultExpanded(steps), [steps]);
  const isExpanded = (id: SetupStepId) => toggled[id] ?? expandedByDefault.has(id);
  const toggle = useCallback((id: SetupStepId, now: boolean) => setToggled((t) => ({ ...t, [id]: !now })), []);

  // The tunnel knows a new public URL before the status does (a restart that changed it).
  const publicUrl = tunnel.data?.publicScimUrl ?? status.data?.publicScimUrl ?? null;
  const profile = setup?.profile;
  const words = profile?.words;
  const context: GuideContext | undefined = setup &&
    words && {
      idp: words.short,
      words,
      target: setup.provisioningTarget,
      baseUrl: publicUrl ?? status.data?.scimUrl ?? null,
      baseUrlIsPublic: publicUrl !== null,
      currentAdmin: settings.data?.current_admin ?? null,
      revision,
      onChanged: refresh,
      secret,
      onSecret: setSecret,
    };
  const settled = steps.filter((s) => isSettled(s.state)).length;
  const failed = steps.filter((s) => s.state === 'failed').length;

  return (
    <div className="wizard">
      <div className="page-head">
        <h1>Setup</h1>
        <StreamIndicator state={live.stream} rollout={rollout} />
      </div>
      {setup?.provisioningTarget === 'clumio' ? (
        <p className="lead">
          The rollout: {words?.name ?? 'your identity provider'} provisions into Clumio itself. Each step is checked
          from what the {words?.short ?? 'identity provider'} and Clumio APIs say, with the calls and when; the one step
          no API shows is confirmed by you.
        </p>
      ) : (
        <p className="lead">
          Connect {words?.name ?? 'your identity provider'} to this SCIM endpoint, then set up Clumio-style auto user
          provisioning, in the order that works. Each step is checked against the requests that actually arrive.
        </p>
      )}
      <ErrorMessage error={live.error} />
      {!setup && !live.error && <Loading />}
      {setup && words && (
        <TargetChoice
          current={setup.provisioningTarget}
          chosen={setup.provisioningTargetChosen}
          idp={words.short}
          onChanged={refresh}
        />
      )}
      {setup && <ProfileChoice current={setup.profile} chosen={setup.identityProviderChosen} onChanged={refresh} />}
      {setup && profile && words && context && (
        <>
          {setup.tenants && <TenantsRead tenants={setup.tenants} onState={live.replace} />}
          <div className="wizard-progress" data-testid="wizard-progress">
            <label>
              <span>
                {settled} of {steps.length} steps done
                {failed > 0 && <strong className="loss"> · {failed} failed</strong>}
              </span>
              <progress max={Math.max(1, steps.length)} value={settled} />
            </label>
          </div>
          {setup.complete && (
            <Notice tone="success" testId="setup-complete">
              <strong>Setup is complete.</strong>{' '}
              {setup.provisioningTarget === 'clumio' ? (
                <>
                  {words.name} provisions into Clumio, and the account's rules keep you Super Admin. Manage them on the{' '}
                  <a href={href({ page: 'clumio-rules' })}>Clumio account</a> page.
                </>
              ) : (
                <>
                  {words.name} provisions into this endpoint and the rules decide access. Go to the{' '}
                  <a href={href({ page: 'users' })}>directory</a> or watch the{' '}
                  <a href={href({ page: 'activity' })}>activity</a>.
                </>
              )}
            </Notice>
          )}
          <SetupWarnings warnings={setup.warnings} idpName={words.name} />
          <SetupNotes notes={setup.notes} />
          <div className="wizard-layout">
            <section aria-labelledby="checklist-heading">
              <h2 id="checklist-heading" className="visually-hidden">
                Checklist
              </h2>
              <ol className="wizard-steps">
                {steps.map((step, index) => {
                  const expanded = isExpanded(step.id);
                  return (
                    <StepCard
                      key={step.id}
                      step={step}
                      number={index + 1}
                      expanded={expanded}
                      onToggle={() => toggle(step.id, expanded)}
                      context={context}
                      onState={live.replace}
                    />
                  );
                })}
              </ol>
            </section>
            <aside className="wizard-aside" aria-label="Rehearsal and troubleshooting">
              <RehearsalPanel
                key={`${profile.idp}/${profile.app}`}
                profile={profile}
                revision={revision}
                currentAdmin={context.currentAdmin}
                onChanged={refresh}
              />
              <ErrorExplainer key={`explainer-${profile.idp}/${profile.app}`} profile={profile} revision={revision} />
            </aside>
          </div>
        </>
      )}
    </div>
  );
}

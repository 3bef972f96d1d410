/**
 * The real Clumio account's auto user provisioning: its rules, roles and OUs as Clumio names them; a desired
 * rule set to edit, planned as you type (the exact calls, who gains or loses access on Okta's real data,
 * drift, the guard); apply with each call's answer; the guarded switch; copying the rules into SCIM Desk.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClumioApplyIncomplete, ClumioRulesApplied, Rule } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { announceTenantChange, onTenantChange, readTime } from '../../api/tenant-events';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { guardRefusalText } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import { describeCondition } from '../rules/condition-form';
import { AccountAupPanel } from './account-aup-panel';
import { fromInput, toInput, type DraftRule } from './desired-rules';
import { DesiredRulesEditor } from './desired-rules-editor';
import { AppliedCalls, IncompleteApply, PlanView, type AccountNames } from './plan-view';
import { useAccountPlan } from './use-account-plan';
import './clumio.css';

function wireRule(rule: Rule) {
  return { name: rule.name, condition: rule.condition, provision: rule.provision };
}

type ApplyOutcome =
  | { kind: 'applied'; applied: ClumioRulesApplied }
  | { kind: 'incomplete'; message: string; details: ClumioApplyIncomplete }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; error: unknown };

export function ClumioRulesPage() {
  const status = useApi((signal) => get('GET /api/clumio/status', { signal }), []);
  const connected = status.data?.clumio_connected === true;
  const account = useApi(
    async (signal) => {
      if (!connected) return null;
      const [rules, roles, units, setting] = await Promise.all([
        get('GET /api/clumio/rules', { signal }),
        get('GET /api/clumio/roles', { signal }),
        get('GET /api/clumio/organizational-units', { signal }),
        get('GET /api/clumio/auto-user-provisioning', { signal }),
      ]);
      return { rules, roles, units, setting };
    },
    [connected],
  );
  const [draft, setDraft] = useState<DraftRule[] | null>(null);
  const [generation, setGeneration] = useState(0);
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [copyError, setCopyError] = useState<unknown>(undefined);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // What apply did is the one thing the admin must see: bring it into view.
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);

  const reloadStatus = status.reload;
  const reloadAccount = account.reload;
  useEffect(
    () =>
      onTenantChange(() => {
        reloadStatus();
        reloadAccount();
        setGeneration((g) => g + 1);
      }),
    [reloadStatus, reloadAccount],
  );

  const data = account.data;
  // The editor starts from the account's rules, once they are read.
  useEffect(() => {
    if (data && draft === null) setDraft(data.rules.items.map((rule) => fromInput(wireRule(rule))));
  }, [data, draft]);

  const names = useMemo<AccountNames>(() => {
    const roles = new Map(data?.roles.items.map((r) => [r.id, r.name]));
    const units = new Map(data?.units.items.map((u) => [u.id, u.name]));
    const rules = new Map(data?.rules.items.map((r) => [r.rule_id, r.name]));
    return {
      roleName: (id) => roles.get(id) ?? `role ${id}`,
      ouName: (id) => units.get(id) ?? `OU ${id}`,
      ruleName: (id) => rules.get(id) ?? id,
    };
  }, [data]);

  const inputs = useMemo(() => (draft ? draft.map(toInput) : null), [draft]);
  const plan = useAccountPlan(status.data?.okta_app_picked ? inputs : null, generation);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await call('POST /api/connections/refresh', {});
    } finally {
      setRefreshing(false);
      announceTenantChange();
    }
  };

  const apply = async () => {
    if (!inputs) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'applied', applied: await call('POST /api/clumio/rules/apply', { body: { rules: inputs } }) });
    } catch (error) {
      const refused = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;
      const incomplete = error instanceof ApiFailure ? error.apiError('apply_incomplete') : undefined;
      if (refused) setOutcome({ kind: 'refused', message: guardRefusalText(refused.details) });
      else if (incomplete) setOutcome({ kind: 'incomplete', message: incomplete.message, details: incomplete.details });
      else setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(false);
      announceTenantChange();
    }
  };

  const startFrom = async (source: 'account' | 'local') => {
    setOutcome(null);
    if (source === 'account' && data) setDraft(data.rules.items.map((rule) => fromInput(wireRule(rule))));
    if (source === 'local') setDraft((await get('GET /api/rules/export')).rules.map(fromInput));
  };

  const copyToLocal = async () => {
    setCopyError(undefined);
    setCopied(null);
    try {
      const result = await call('POST /api/clumio/rules/import-to-local', {});
      const units =
        result.organizational_units_created.length > 0
          ? ` Organizational units created first: ${result.organizational_units_created.join(', ')}.`
          : '';
      setCopied(
        `SCIM Desk's rules are now the account's: ${result.result.created.length} created, ${result.result.updated.length} updated, ${result.result.deleted.length} deleted, ${result.result.unchanged.length} unchanged.${units}`,
      );
    } catch (error) {
      setCopyError(error);
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>Clumio account</h1>
        {connected && (
          <button type="button" onClick={() => void refresh()} disabled={refreshing} data-testid="account-refresh">
            {refreshing ? 'Reading…' : 'Refresh'}
          </button>
        )}
      </div>
      <ErrorMessage error={status.error ?? account.error} />
      {!status.data && status.state === 'loading' && <Loading />}
      {status.data && !connected && (
        <EmptyState title="No Clumio account connected">
          Connect your Clumio account (and your Okta org, for the preview) on the{' '}
          <a href={href({ page: 'connections' })}>Connections</a> page.
        </EmptyState>
      )}
      {connected && !data && account.state === 'loading' && <Loading label="Reading the account…" />}
      {data && (
        <>
          <p className="lead">
            The auto user provisioning rules of your real Clumio account, as Clumio holds them.{' '}
            <span className="account-meta" data-testid="account-read-at">
              Read {readTime(status.data?.read_at ?? data.rules.read_at)}.
            </span>
          </p>
          <table className="data-table" data-testid="account-rules">
            <caption className="visually-hidden">Rules in the Clumio account</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Condition</th>
                <th scope="col">Role</th>
                <th scope="col">Organizational units</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.items.map((rule) => (
                <tr key={rule.rule_id}>
                  <th scope="row">
                    {rule.name} <code className="muted small">{rule.rule_id}</code>
                  </th>
                  <td>{describeCondition(rule.condition)}</td>
                  <td>{names.roleName(rule.provision.role_id)}</td>
                  <td>{rule.provision.organizational_unit_ids.map(names.ouName).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.rules.items.length === 0 && <p className="muted">The account has no rules.</p>}
          <details>
            <summary>
              {data.roles.items.length} roles and {data.units.items.length} organizational units in the account
            </summary>
            <div className="columns">
              <ul className="plain-list">
                {data.roles.items.map((role) => (
                  <li key={role.id}>
                    {role.name} <code className="muted small">{role.id}</code>
                  </li>
                ))}
              </ul>
              <ul className="plain-list">
                {data.units.items.map((unit) => (
                  <li key={unit.id}>
                    {unit.name} <code className="muted small">{unit.id}</code>
                  </li>
                ))}
              </ul>
            </div>
          </details>

          <AccountAupPanel enabled={data.setting.is_enabled} onChanged={announceTenantChange} />

          <section className="card" aria-labelledby="desired-heading">
            <h2 id="desired-heading">Change the account's rules</h2>
            <p className="muted small">
              Edit the whole rule set you want; SCIM Desk plans the calls that make the account's rules exactly this
              (rules are matched by name), and shows who gains or loses access in Clumio, on what Okta pushes today.
            </p>
            <div className="toolbar">
              <button type="button" className="button-small" onClick={() => void startFrom('account')}>
                Start from the account's rules
              </button>
              <button
                type="button"
                className="button-small"
                onClick={() => void startFrom('local')}
                data-testid="start-from-local"
              >
                Start from SCIM Desk's rules
              </button>
            </div>
            {draft && (
              <DesiredRulesEditor
                rules={draft}
                roles={data.roles.items}
                units={data.units.items}
                issues={plan.state === 'invalid' ? plan.issues : []}
                onChange={(next) => (setOutcome(null), setDraft(next))}
              />
            )}
            {!status.data?.okta_app_picked && (
              <Notice tone="info">
                Connect Okta and pick the Clumio app on the <a href={href({ page: 'connections' })}>Connections</a>{' '}
                page: the plan needs the groups Okta pushes and their members.
              </Notice>
            )}
            {plan.state === 'loading' && !plan.previous && <Loading label="Planning…" />}
            {plan.state === 'loading' && plan.previous && <PlanView plan={plan.previous} names={names} />}
            {plan.state === 'ready' && <PlanView plan={plan.plan} names={names} />}
            {plan.state === 'invalid' && (
              <Notice tone="error" testId="plan-invalid">
                {plan.message}
              </Notice>
            )}
            {plan.state === 'failed' && <ErrorMessage error={plan.error} />}
            <div className="toolbar">
              <button
                type="button"
                className="button-primary"
                disabled={busy || plan.state !== 'ready' || !plan.plan.guard.ok || plan.plan.calls.length === 0}
                onClick={() => void apply()}
                data-testid="account-apply"
              >
                {busy
                  ? 'Applying…'
                  : plan.state === 'ready' && plan.plan.calls.length > 0
                    ? `Apply ${plan.plan.calls.length} ${plan.plan.calls.length === 1 ? 'call' : 'calls'} to Clumio`
                    : 'Apply to Clumio'}
              </button>
            </div>
            <div ref={outcomeRef}>
              {outcome?.kind === 'applied' && <AppliedCalls calls={outcome.applied.calls} />}
              {outcome?.kind === 'incomplete' && (
                <IncompleteApply message={outcome.message} details={outcome.details} names={names} />
              )}
              {outcome?.kind === 'refused' && (
                <Notice tone="error" testId="apply-refused">
                  <strong>Refused, nothing was sent to Clumio.</strong> {outcome.message}
                </Notice>
              )}
              {outcome?.kind === 'failed' && <ErrorMessage error={outcome.error} title="Not applied." />}
            </div>
          </section>

          <section className="card" aria-labelledby="copy-heading">
            <h2 id="copy-heading">Rehearse with these rules</h2>
            <p className="muted small">
              Copy the account's rules into SCIM Desk's own rule set (replacing it; the account's organizational units
              are created with their ids first), to try them against SCIM Desk's endpoint and its rehearsal.
            </p>
            <button type="button" onClick={() => void copyToLocal()} data-testid="copy-to-local">
              Copy into SCIM Desk's rules
            </button>
            {copied && (
              <Notice tone="success" testId="copy-result">
                {copied} <a href={href({ page: 'rules' })}>See the rules</a>.
              </Notice>
            )}
            <ErrorMessage error={copyError} title="Not copied." />
          </section>
        </>
      )}
    </>
  );
}

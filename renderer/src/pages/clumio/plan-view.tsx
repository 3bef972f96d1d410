/**
 * A plan of the Clumio account's rules in plain sight: the exact calls in the order they are made, who gains,
 * loses or changes role in Clumio on Okta's data, where Clumio today differs from the rules (drift), and the
 * guard's verdict. Names are the account's own.
 */
import type {
  ClumioAppliedCall,
  ClumioApplyIncomplete,
  ClumioPlannedCall,
  ClumioRulesPlan,
} from '../../../../server/admin/contract';
import { Notice } from '../../components/feedback';
import { UserDiffTable, WarningList, type GrantNames } from '../../components/preview-diff';
import { count } from '../../text/count';

export interface AccountNames extends GrantNames {
  ruleName(id: string): string;
}

function CallLine({ call, names }: { call: ClumioPlannedCall; names: AccountNames }) {
  const id = decodeURIComponent(call.path.split('/').pop() ?? '');
  const what =
    call.method === 'POST'
      ? `create '${call.body?.name}'`
      : call.method === 'PUT'
        ? `update '${call.body?.name}'`
        : `delete '${names.ruleName(id)}'`;
  return (
    <>
      <span className="call-method">{call.method}</span> {call.path} <span className="muted">— {what}</span>
    </>
  );
}

export function PlanView({ plan, names }: { plan: ClumioRulesPlan; names: AccountNames }) {
  const { preview } = plan;
  const drift = preview.drift ?? [];
  return (
    <section className="preview" aria-label="Plan" data-testid="account-plan">
      {plan.guard.ok ? (
        <Notice tone="success" testId="account-guard-ok">
          {preview.guard.enforced
            ? 'You keep Super Admin on the Global OU after these calls.'
            : 'Auto user provisioning is off in the account: nothing is guarded now.'}
        </Notice>
      ) : (
        <Notice tone="error" testId="account-guard-refusal">
          <strong>SCIM Desk will refuse to apply this:</strong> {plan.guard.reason}
        </Notice>
      )}
      <h3>
        {plan.calls.length === 0
          ? 'No calls: the account already has these rules.'
          : `${count(plan.calls.length, 'call')} to Clumio, in this order`}
      </h3>
      {plan.calls.length > 0 && (
        <ol className="plan-calls" data-testid="plan-calls">
          {plan.calls.map((call, index) => (
            <li key={index}>
              <CallLine call={call} names={names} />
            </li>
          ))}
        </ol>
      )}
      <p className="preview-totals" data-testid="plan-totals">
        In Clumio, on Okta's data: {preview.totals.users_gaining} gaining access, {preview.totals.users_losing} losing
        access · after the change {preview.totals.users_with_access_after} of{' '}
        {count(preview.totals.users_evaluated, 'assigned user')}{' '}
        {preview.totals.users_with_access_after === 1 ? 'has' : 'have'} access.
      </p>
      <WarningList warnings={preview.warnings} />
      <UserDiffTable
        users={preview.users}
        names={names}
        caption="Access changes in Clumio per user"
        nobody="Nobody's access in Clumio changes."
        testId="plan-users"
      />
      {drift.length > 0 && (
        <details open data-testid="plan-drift">
          <summary>
            Drift: {count(drift.length, 'user')} whose access in Clumio today differs from what the rules give
          </summary>
          <ul className="drift-list">
            {drift.map((entry) => (
              <li key={`${entry.kind}/${entry.user_name}`}>{entry.message}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function AppliedCalls({ calls }: { calls: readonly ClumioAppliedCall[] }) {
  if (calls.length === 0) return <Notice tone="success">Nothing to do: the account already had these rules.</Notice>;
  return (
    <Notice tone="success" testId="apply-result">
      <strong>Applied.</strong> Each call and Clumio's answer (also in Activity):
      <ol className="plan-calls">
        {calls.map((call, index) => (
          <li key={index}>
            <span className="call-status-ok">{call.status}</span> <span className="call-method">{call.method}</span>{' '}
            {call.path}
          </li>
        ))}
      </ol>
    </Notice>
  );
}

export function IncompleteApply({
  message,
  details,
  names,
}: {
  message: string;
  details: ClumioApplyIncomplete;
  names: AccountNames;
}) {
  return (
    <Notice tone="error" testId="apply-incomplete">
      <strong>Applied in part.</strong> {message}
      <ol className="plan-calls">
        {details.done.map((call, index) => (
          <li key={`done-${index}`}>
            <span className="call-status-ok">{call.status}</span> <span className="call-method">{call.method}</span>{' '}
            {call.path}
          </li>
        ))}
        <li>
          <span className="call-status-failed">{details.failed.status ?? 'no answer'}</span>{' '}
          <CallLine call={details.failed} names={names} />: {details.failed.message}
        </li>
        {details.not_sent.map((call, index) => (
          <li key={`left-${index}`} className="muted">
            not sent <CallLine call={call} names={names} />
          </li>
        ))}
      </ol>
      Apply again to make the calls that are left.
    </Notice>
  );
}

/** The diff a proposed rule change would make, before it is saved: who gains, loses, changes role. */
import type { GuardRefusal, GuardState, RulesPreview, RuleWarning } from '../../../server/admin/contract';
import { useLookups } from '../lookups/lookups';
import { describeReason } from './access-list';
import { Notice } from './feedback';
import { count } from '../text/count';

const MAX_USERS_SHOWN = 200;

export const SEMANTICS_LABEL = 'Clumio-style, not Clumio-verified';

export function guardRefusalText(refusal: GuardRefusal): string {
  const rules =
    refusal.rules.length > 0 ? ` Rules involved: ${refusal.rules.map((r) => `"${r.name}"`).join(', ')}.` : '';
  return `${refusal.message}${rules}`;
}

/** The lockout guard's verdict on a proposed set, in plain words. */
export function GuardNotice({ guard, action }: { guard: GuardState; action: string }) {
  if (guard.verdict.allowed && guard.verdict.note) {
    // The identity provider has already locked the current admin out: allowed, but not "all is well".
    return (
      <Notice tone="warning" testId="guard-note">
        <strong>Allowed.</strong> {guard.verdict.note}
      </Notice>
    );
  }
  if (guard.verdict.allowed) {
    return guard.enforced ? (
      <Notice tone="success" testId="guard-ok">
        The current admin keeps Super Admin on the Global OU after this change.
      </Notice>
    ) : null;
  }
  if (!guard.enforced) {
    return (
      <Notice tone="info" testId="guard-info">
        Auto user provisioning is off, so this is allowed now, but it could not be enabled with this rule set:{' '}
        {guardRefusalText(guard.verdict)}
      </Notice>
    );
  }
  return (
    <Notice tone="error" testId="guard-refusal">
      <strong>SCIM Desk will refuse to {action}:</strong> {guardRefusalText(guard.verdict)}
    </Notice>
  );
}

export function WarningList({ warnings }: { warnings: readonly RuleWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list" data-testid="rule-warnings">
      {warnings.map((warning, index) => (
        <li key={index}>{warning.message}</li>
      ))}
    </ul>
  );
}

export function PreviewDiff({ preview, action }: { preview: RulesPreview; action: string }) {
  const { roleName, ouName } = useLookups();
  const { totals } = preview;
  const grantText = (g: { role_id: string; organizational_unit_id: string }) =>
    `${roleName(g.role_id)} on ${ouName(g.organizational_unit_id)}`;
  return (
    <section className="preview" aria-label="Preview of the change" data-testid="preview">
      <GuardNotice guard={preview.guard} action={action} />
      <p className="preview-totals" data-testid="preview-totals">
        {totals.users_gaining} gaining access, {totals.users_losing} losing access · after the change{' '}
        {totals.users_with_access_after} of {count(totals.users_evaluated, 'active user')}{' '}
        {totals.users_with_access_after === 1 ? 'has' : 'have'} access, {totals.users_without_access_after}{' '}
        {totals.users_without_access_after === 1 ? 'has' : 'have'} none.
      </p>
      <WarningList warnings={preview.warnings} />
      {preview.conflicts.length > 0 && (
        <details>
          <summary>{preview.conflicts.length} conflicts (resolved by privilege)</summary>
          <ul>
            {preview.conflicts.slice(0, MAX_USERS_SHOWN).map((c) => (
              <li key={`${c.user_id}/${c.organizational_unit_id}`}>
                {c.user_name}: on {ouName(c.organizational_unit_id)},{' '}
                {c.candidates.map((x) => roleName(x.role_id)).join(' vs ')} → {roleName(c.chosen_role_id)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.users.length === 0 ? (
        <p className="muted">Nobody's access changes.</p>
      ) : (
        <table className="diff-table">
          <caption className="visually-hidden">Access changes per user</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Gains</th>
              <th scope="col">Loses</th>
            </tr>
          </thead>
          <tbody>
            {preview.users.slice(0, MAX_USERS_SHOWN).map((user) => (
              <tr key={user.user_id} className={user.left_without_access ? 'row-danger' : undefined}>
                <th scope="row">
                  {user.user_name}
                  {user.left_without_access && <div className="badge badge-danger">left with no access</div>}
                </th>
                <td>
                  {user.gained.map((g) => (
                    <div
                      key={`${g.role_id}/${g.organizational_unit_id}`}
                      className="gain"
                      title={g.rules.map(describeReason).join('; ')}
                    >
                      + {grantText(g)}
                    </div>
                  ))}
                </td>
                <td>
                  {user.lost.map((g) => (
                    <div key={`${g.role_id}/${g.organizational_unit_id}`} className="loss">
                      − {grantText(g)}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.users.length > MAX_USERS_SHOWN && (
        <p className="muted">
          Showing {MAX_USERS_SHOWN} of {preview.users.length} affected users.
        </p>
      )}
      <p className="muted small">Evaluation semantics: {SEMANTICS_LABEL}.</p>
    </section>
  );
}

/**
 * The diff a proposed rule change would make, before it is saved: who gains, loses, changes role. Its table
 * of users also shows the plan for a real Clumio account, in that account's names.
 */
import type {
  GuardRefusal,
  GuardState,
  RulesPreview,
  RuleWarning,
  UserAccessDiff,
} from '../../../server/admin/contract';
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

/** Turns a diff's ids into names: SCIM Desk's own roles and OUs, or those of a real Clumio account. */
export interface GrantNames {
  roleName(id: string): string;
  ouName(id: string): string;
}

/**
 * Who gains, who loses and whose role changes, a row a user (the first few hundred, with how many more):
 * the one table for the local rules' preview and the plan for a real Clumio account.
 */
export function UserDiffTable({
  users,
  names,
  caption,
  nobody,
  testId,
}: {
  users: readonly UserAccessDiff[];
  names: GrantNames;
  /** Read out by screen readers in place of a visible title. */
  caption: string;
  /** What to say when nobody's access changes. */
  nobody: string;
  testId?: string;
}) {
  if (users.length === 0) return <p className="muted">{nobody}</p>;
  const grantText = (g: { role_id: string; organizational_unit_id: string }) =>
    `${names.roleName(g.role_id)} on ${names.ouName(g.organizational_unit_id)}`;
  const roleChangeText = (c: UserAccessDiff['role_changes'][number]) =>
    `${names.roleName(c.from_role_id)} → ${names.roleName(c.to_role_id)} on ${names.ouName(c.organizational_unit_id)}`;
  return (
    <>
      <table className="diff-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Gains</th>
            <th scope="col">Loses</th>
          </tr>
        </thead>
        <tbody>
          {users.slice(0, MAX_USERS_SHOWN).map((user) => (
            <tr key={user.user_id} className={user.left_without_access ? 'row-danger' : undefined}>
              <th scope="row">
                {user.user_name}
                {user.role_changes.length > 0 && (
                  <div className="badge badge-waiting" title={user.role_changes.map(roleChangeText).join('; ')}>
                    role changes
                  </div>
                )}
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
      {users.length > MAX_USERS_SHOWN && (
        <p className="muted">
          Showing {MAX_USERS_SHOWN} of {users.length} affected users.
        </p>
      )}
    </>
  );
}

export function PreviewDiff({ preview, action }: { preview: RulesPreview; action: string }) {
  const lookups = useLookups();
  const { roleName, ouName } = lookups;
  const { totals } = preview;
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
      <UserDiffTable
        users={preview.users}
        names={lookups}
        caption="Access changes per user"
        nobody="Nobody's access changes."
      />
      <p className="muted small">Evaluation semantics: {SEMANTICS_LABEL}.</p>
    </section>
  );
}

/**
 * A user's access with the explanation of each grant: which rule, through which group. Access is computed
 * whether or not auto user provisioning is on; while it is off (`in_effect: false`) every grant is labelled as
 * what the user would get once it is enabled, so nobody reads it as granted.
 */
import type { AccessConflict, AccessReason, UserAccessGrant } from '../../../server/admin/contract';
import { useLookups } from '../lookups/lookups';
import { LongName } from './long-name';
import { href } from '../router/routes';
import { Notice } from './feedback';

export function describeReason(reason: AccessReason): string {
  const groups =
    reason.via_groups.length > 1
      ? `groups ${reason.via_groups.map((g) => `"${g}"`).join(' and ')}`
      : `group "${reason.via_group}"`;
  return `rule "${reason.name}" through ${groups}`;
}

/** Says, above computed access, that auto user provisioning is off and nothing applies yet. */
export function NotInEffectNotice({ subject }: { subject: string }) {
  return (
    <Notice tone="info" testId="access-not-in-effect">
      <strong>Not in effect:</strong> auto user provisioning is off, so this is what {subject} would get once it is
      enabled. Nothing is granted until then (enable it on the <a href={href({ page: 'rules' })}>Rules</a> page).
    </Notice>
  );
}

export function AccessList({ grants, testId }: { grants: readonly UserAccessGrant[]; testId?: string }) {
  const { roleName, ouName } = useLookups();
  return (
    <ul className="access-list" data-testid={testId}>
      {grants.map((grant) => (
        <li key={`${grant.role_id}/${grant.organizational_unit_id}`}>
          <span className="grant">
            {!grant.in_effect && <span className="badge badge-waiting">Once enabled</span>}{' '}
            <strong>{roleName(grant.role_id)}</strong> on <strong>{ouName(grant.organizational_unit_id)}</strong>
          </span>
          <ul className="reasons">
            {grant.rules.map((reason) => (
              <li key={`${reason.rule_id ?? reason.name}/${reason.via_group}`}>
                <LongName name={`via ${describeReason(reason)}`} lines={3} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** Short one-line form for list rows: "Super Admin on Global, Backup Admin on Finance" ("Would get: …" while off). */
export function AccessSummary({ grants }: { grants: readonly UserAccessGrant[] }) {
  const { roleName, ouName } = useLookups();
  if (grants.length === 0) return <span className="muted">No access</span>;
  const text = grants.map((g) => `${roleName(g.role_id)} on ${ouName(g.organizational_unit_id)}`).join(', ');
  if (grants.every((g) => g.in_effect)) return <span>{text}</span>;
  return (
    <span className="not-in-effect" title="Auto user provisioning is off: not in effect until it is enabled">
      Would get: {text}
    </span>
  );
}

export function ConflictList({ conflicts }: { conflicts: readonly AccessConflict[] }) {
  const { roleName, ouName } = useLookups();
  if (conflicts.length === 0) return null;
  return (
    <ul className="conflict-list">
      {conflicts.map((conflict) => (
        <li key={conflict.organizational_unit_id}>
          On <strong>{ouName(conflict.organizational_unit_id)}</strong>, rules give different roles:{' '}
          {conflict.candidates
            .map((c) => `${roleName(c.role_id)} (${c.rules.map((r) => `"${r.name}"`).join(', ')})`)
            .join(' vs ')}
          . The more privileged, <strong>{roleName(conflict.chosen_role_id)}</strong>, applies.
        </li>
      ))}
    </ul>
  );
}

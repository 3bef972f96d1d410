/** A user's access with the explanation of each grant: which rule, through which group. */
import type { AccessConflict, AccessGrant, AccessReason } from '../../../server/admin/contract';
import { useLookups } from '../lookups/lookups';
import { LongName } from './long-name';

export function describeReason(reason: AccessReason): string {
  const groups = reason.via_groups.length > 1 ? `groups ${reason.via_groups.map((g) => `"${g}"`).join(' and ')}` : `group "${reason.via_group}"`;
  return `rule "${reason.name}" through ${groups}`;
}

export function AccessList({ grants, testId }: { grants: readonly AccessGrant[]; testId?: string }) {
  const { roleName, ouName } = useLookups();
  return (
    <ul className="access-list" data-testid={testId}>
      {grants.map((grant) => (
        <li key={`${grant.role_id}/${grant.organizational_unit_id}`}>
          <span className="grant">
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

/** Short one-line form for list rows: "Super Admin on Global, Backup Admin on Finance". */
export function AccessSummary({ grants }: { grants: readonly AccessGrant[] }) {
  const { roleName, ouName } = useLookups();
  if (grants.length === 0) return <span className="muted">No access</span>;
  return <span>{grants.map((g) => `${roleName(g.role_id)} on ${ouName(g.organizational_unit_id)}`).join(', ')}</span>;
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

/** One user: SCIM attributes, groups, and access with the explanation of every grant. */
import { call } from '../../api/client';
import { AccessList, ConflictList, NotInEffectNotice } from '../../components/access-list';
import { AttributeTable } from '../../components/attribute-table';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { LongName } from '../../components/long-name';
import { SEMANTICS_LABEL } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';

export function UserPage({ id }: { id: string }) {
  const detail = useApi((signal) => call('GET /api/users/:id', { id, signal }), [id]);
  const data = detail.data;
  const userName = typeof data?.user.userName === 'string' ? data.user.userName : id;
  const active = data?.user.active !== false;
  return (
    <>
      <p className="breadcrumb">
        <a href={href({ page: 'users' })}>Users</a> /
      </p>
      <h1 data-testid="user-title">{data ? userName : 'User'}</h1>
      <ErrorMessage error={detail.error} />
      {!data && detail.state === 'loading' && <Loading />}
      {data && (
        <div className="columns">
          <section aria-labelledby="access-heading">
            <h2 id="access-heading">Access</h2>
            {!active && (
              <p className="notice notice-warning">
                This user is inactive (deactivated in Okta), so no rule gives them access.
              </p>
            )}
            {data.access.length === 0 ? (
              <EmptyState title="No access">
                {active ? (
                  <>
                    No rule matches this user's groups. <a href={href({ page: 'rule-new' })}>Write a rule</a> for one of
                    their groups.
                  </>
                ) : (
                  'Access returns when Okta reactivates the user.'
                )}
              </EmptyState>
            ) : (
              <>
                {data.access.some((grant) => !grant.in_effect) && <NotInEffectNotice subject={userName} />}
                <AccessList grants={data.access} testId="user-access" />
              </>
            )}
            <ConflictList conflicts={data.conflicts} />
            <p className="muted small">Evaluation: {SEMANTICS_LABEL}.</p>

            <h2>Groups</h2>
            {data.groups.length === 0 ? (
              <p className="muted">
                Not in any pushed group. Push a group containing this user from Okta (Push Groups tab).
              </p>
            ) : (
              <ul className="plain-list" data-testid="user-groups">
                {data.groups.map((group) => (
                  <li key={group.id}>
                    <a href={href({ page: 'group', id: group.id })} className="long-name-link">
                      <LongName name={group.displayName} lines={2} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="attributes-heading">
            <h2 id="attributes-heading">SCIM attributes</h2>
            <AttributeTable resource={data.user} label="SCIM attributes" />
          </section>
        </div>
      )}
    </>
  );
}

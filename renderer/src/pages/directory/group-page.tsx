/** One group: its SCIM attributes and members. */
import { call } from '../../api/client';
import { AttributeTable } from '../../components/attribute-table';
import { CopyButton } from '../../components/copy-button';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { LongName } from '../../components/long-name';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';

/** Names longer than this are cut in the heading; the page then offers the whole name to copy. */
const LONG_NAME = 200;

export function GroupPage({ id }: { id: string }) {
  const detail = useApi((signal) => call('GET /api/groups/:id', { id, signal }), [id]);
  const data = detail.data;
  const name = typeof data?.group.displayName === 'string' ? data.group.displayName : 'Group';
  return (
    <>
      <p className="breadcrumb">
        <a href={href({ page: 'groups' })}>Groups</a> /
      </p>
      <h1 data-testid="group-name">
        <LongName name={name} lines={3} />
      </h1>
      {name.length > LONG_NAME && (
        <p className="muted small copy-line">
          The name has {name.length.toLocaleString()} characters; the heading shows its start.{' '}
          <CopyButton text={name} what="the full group name" />
        </p>
      )}
      <ErrorMessage error={detail.error} />
      {!data && detail.state === 'loading' && <Loading />}
      {data && (
        <div className="columns">
          <section aria-labelledby="members-heading">
            <h2 id="members-heading">Members ({data.memberCount.toLocaleString()})</h2>
            {data.memberCount === 0 ? (
              <EmptyState title="No members">
                Okta sends memberships after the group is pushed. Check that the group's people are assigned to the app.
              </EmptyState>
            ) : (
              <>
                <ul className="plain-list">
                  {data.members.map((member) => (
                    <li key={member.id}>
                      <a href={href({ page: 'user', id: member.id })}>{member.userName}</a>
                      {!member.active && <span className="badge">Inactive</span>}
                    </li>
                  ))}
                </ul>
                {data.memberCount > data.members.length && (
                  <p>
                    <a href={href({ page: 'users', group: id })}>See all {data.memberCount.toLocaleString()} members</a>
                  </p>
                )}
              </>
            )}
          </section>
          <section aria-labelledby="group-attributes">
            <h2 id="group-attributes">SCIM attributes</h2>
            <AttributeTable resource={data.group} label="SCIM attributes" />
          </section>
        </div>
      )}
    </>
  );
}

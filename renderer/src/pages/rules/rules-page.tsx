/** The rule set: whether it is in effect, each rule's condition, role, OUs and how many users it grants; AUP; import/export. */
import { useEffect, useState } from 'react';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { LongName } from '../../components/long-name';
import { SEMANTICS_LABEL } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { useLookups } from '../../lookups/lookups';
import { href } from '../../router/routes';
import { AutoProvisioningPanel } from './auto-provisioning-panel';
import { describeCondition } from './condition-form';
import { ImportExportPanel } from './import-export-panel';
import { forgetConditionFormsExcept, rememberedConditionForm } from './remembered-forms';

/** Plainly, at the top: do these rules decide anyone's access right now? */
function RulesInEffect({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Notice tone="success" testId="rules-in-effect">
      <strong>Rules are in effect.</strong> Auto user provisioning is on: every user's access follows these rules.
    </Notice>
  ) : (
    <Notice tone="info" testId="rules-in-effect">
      <strong>Rules are not in effect.</strong> Auto user provisioning is off: these rules, and the access the Users
      pages show, are what each user would get once it is enabled (below).
    </Notice>
  );
}

export function RulesPage() {
  const rules = useApi((signal) => get('GET /api/rules', { signal }), []);
  const [settingChanges, setSettingChanges] = useState(0);
  const setting = useApi((signal) => get('GET /api/settings/auto-user-provisioning', { signal }), [settingChanges]);
  const { roleName, ouName } = useLookups();
  const items = rules.data?.items;
  useEffect(() => {
    if (items) forgetConditionFormsExcept(items.map((rule) => rule.rule_id));
  }, [items]);
  return (
    <>
      <div className="page-head">
        <h1>Rules</h1>
        <a className="button button-primary" href={href({ page: 'rule-new' })} data-testid="new-rule">
          New rule
        </a>
      </div>
      <p className="lead">
        Each rule gives one role on one or more organizational units to the users whose groups match its condition.
        Rules have no order: a user gets the union of every matching rule; on one OU the more privileged role wins.{' '}
        <em>{SEMANTICS_LABEL}.</em>
      </p>
      {setting.data && <RulesInEffect enabled={setting.data.is_enabled} />}
      <ErrorMessage error={rules.error} />
      {!items && rules.state === 'loading' && <Loading />}
      {items && items.length === 0 && (
        <EmptyState title="No rules yet">
          Start with the rule that gives <strong>Super Admin</strong> on the <strong>Global OU</strong> to the group you
          are in, then <a href={href({ page: 'rule-new' })}>add more rules</a>.
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <table className="data-table" aria-label="Rules" data-testid="rules-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Condition</th>
              <th scope="col">Role</th>
              <th scope="col">Organizational units</th>
              <th scope="col" className="numeric">
                Users
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((rule) => (
              <tr key={rule.rule_id}>
                <th scope="row">
                  <a href={href({ page: 'rule-edit', id: rule.rule_id })}>{rule.name}</a>
                </th>
                <td>
                  <LongName
                    name={describeCondition(rule.condition, rememberedConditionForm(rule.rule_id, rule.condition))}
                    lines={3}
                  />
                </td>
                <td>{roleName(rule.provision.role_id)}</td>
                <td>{rule.provision.organizational_unit_ids.map(ouName).join(', ')}</td>
                <td className="numeric">{rule.user_count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items && (
        <AutoProvisioningPanel
          rules={items}
          onChanged={() => {
            rules.reload();
            setSettingChanges((n) => n + 1);
          }}
        />
      )}
      <ImportExportPanel onImported={rules.reload} />
    </>
  );
}

/** The desired rule set of the Clumio account, one editable row per rule, with the account's roles and OUs. */
import type { ClumioAccountOrganizationalUnit, ClumioAccountRole, FieldIssue } from '../../../../server/admin/contract';
import { CONDITION_MODES, type ConditionMode } from '../rules/condition-form';
import { emptyRule, type DraftRule } from './desired-rules';

export function DesiredRulesEditor(props: {
  rules: DraftRule[];
  roles: readonly ClumioAccountRole[];
  units: readonly ClumioAccountOrganizationalUnit[];
  issues: readonly FieldIssue[];
  onChange(rules: DraftRule[]): void;
}) {
  const { rules, roles, units, onChange } = props;
  const update = (key: number, change: Partial<DraftRule>) =>
    onChange(rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)));
  const issuesOf = (index: number) =>
    props.issues.filter((issue) => issue.field.startsWith(`rules[${index}]`)).map((issue) => issue.message);
  const global = units.find((unit) => unit.parent_id === null)?.id ?? '';
  return (
    <>
      <table className="desired-rules" data-testid="desired-rules">
        <caption className="visually-hidden">The desired rule set</caption>
        <colgroup>
          <col className="col-name" />
          <col className="col-condition" />
          <col className="col-role" />
          <col className="col-units" />
          <col className="col-remove" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Condition on the user's groups</th>
            <th scope="col">Role</th>
            <th scope="col">Organizational units</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr key={rule.key} data-testid="desired-rule">
              <td>
                <input
                  type="text"
                  aria-label={`Rule ${index + 1} name`}
                  value={rule.name}
                  onChange={(e) => update(rule.key, { name: e.target.value })}
                  data-testid="desired-rule-name"
                />
                {issuesOf(index).map((message) => (
                  <p key={message} className="field-error">
                    {message}
                  </p>
                ))}
              </td>
              <td>
                {rule.condition.kind === 'form' ? (
                  <div className="inline-form">
                    <select
                      aria-label={`Rule ${index + 1} group selection`}
                      value={rule.condition.mode}
                      onChange={(e) =>
                        update(rule.key, {
                          condition: {
                            kind: 'form',
                            mode: e.target.value as ConditionMode,
                            values: rule.condition.kind === 'form' ? rule.condition.values : '',
                          },
                        })
                      }
                    >
                      {CONDITION_MODES.map((m) => (
                        <option key={m.mode} value={m.mode}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                    <input
                      type="text"
                      aria-label={`Rule ${index + 1} group names or keywords, separated by commas`}
                      placeholder="Group names, separated by commas"
                      value={rule.condition.values}
                      onChange={(e) =>
                        update(rule.key, {
                          condition: {
                            kind: 'form',
                            mode: rule.condition.kind === 'form' ? rule.condition.mode : 'this-group',
                            values: e.target.value,
                          },
                        })
                      }
                      data-testid="desired-rule-groups"
                    />
                  </div>
                ) : (
                  <input
                    type="text"
                    aria-label={`Rule ${index + 1} condition (JSON)`}
                    value={rule.condition.text}
                    onChange={(e) => update(rule.key, { condition: { kind: 'raw', text: e.target.value } })}
                  />
                )}
              </td>
              <td>
                <select
                  aria-label={`Rule ${index + 1} role`}
                  value={rule.role_id}
                  onChange={(e) => update(rule.key, { role_id: e.target.value })}
                  data-testid="desired-rule-role"
                >
                  {!roles.some((role) => role.id === rule.role_id) && (
                    <option value={rule.role_id}>Not in the account ({rule.role_id})</option>
                  )}
                  {roles.map((role) => (
                    <option key={role.id} value={role.id}>
                      {role.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <div className="unit-choices" role="group" aria-label={`Rule ${index + 1} organizational units`}>
                  {units.map((unit) => (
                    <label key={unit.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={rule.organizational_unit_ids.includes(unit.id)}
                        onChange={(e) =>
                          update(rule.key, {
                            organizational_unit_ids: e.target.checked
                              ? [...rule.organizational_unit_ids, unit.id]
                              : rule.organizational_unit_ids.filter((id) => id !== unit.id),
                          })
                        }
                      />
                      <span>{unit.name}</span>
                    </label>
                  ))}
                  {rule.organizational_unit_ids
                    .filter((id) => !units.some((unit) => unit.id === id))
                    .map((id) => (
                      <span key={id} className="badge badge-danger">
                        not in the account: {id}
                      </span>
                    ))}
                </div>
              </td>
              <td>
                <button
                  type="button"
                  className="button-small"
                  onClick={() => onChange(rules.filter((r) => r.key !== rule.key))}
                  aria-label={`Remove rule ${rule.name || index + 1}`}
                  data-testid="desired-rule-remove"
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button-small"
        onClick={() => onChange([...rules, emptyRule(roles[roles.length - 1]?.id ?? '', global)])}
        data-testid="desired-rule-add"
      >
        Add rule
      </button>
    </>
  );
}

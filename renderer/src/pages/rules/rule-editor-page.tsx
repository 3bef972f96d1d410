/**
 * Write or edit one rule as a form (the six condition forms, role, OUs), with the live preview of who
 * would gain or lose access, and the guard's verdict, before saving.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FieldIssue, Rule, RuleInput, RulesPreviewRequest, RuleWarning } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { GroupNameInput } from '../../components/group-name-input';
import { PreviewDiff, SEMANTICS_LABEL, guardRefusalText } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { ouTree, useLookups } from '../../lookups/lookups';
import { href, navigate } from '../../router/routes';
import { CONDITION_MODES, decodeCondition, encodeCondition, isGroupMode, isSingleValue, type ConditionDraft, type ConditionMode } from './condition-form';
import { useRulesPreview, type PreviewState } from './use-rules-preview';

interface Draft {
  name: string;
  condition: ConditionDraft;
  role_id: string;
  organizational_unit_ids: string[];
}

const EMPTY_DRAFT: Draft = { name: '', condition: { mode: 'this-group', values: [''] }, role_id: '', organizational_unit_ids: [] };

function toInput(draft: Draft): RuleInput {
  return {
    name: draft.name,
    condition: encodeCondition(draft.condition),
    provision: { role_id: draft.role_id, organizational_unit_ids: draft.organizational_unit_ids },
  };
}

/** Field issues of the edited rule (`rules[3].name` → `name` when the rule is at index 3). */
function issuesFor(issues: readonly FieldIssue[], index: number | null): { field: string; message: string }[] {
  return issues.map((issue) => {
    const prefix = index === null ? '' : `rules[${index}].`;
    return prefix && issue.field.startsWith(prefix) ? { ...issue, field: issue.field.slice(prefix.length) } : issue;
  });
}

function FieldError({ issues, field }: { issues: readonly FieldIssue[]; field: string }) {
  const mine = issues.filter((i) => i.field === field || i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`));
  if (mine.length === 0) return null;
  return (
    <p className="field-error" id={`error-${field}`}>
      {mine.map((i) => i.message).join(' ')}
    </p>
  );
}

function ConditionFields({ condition, onChange, warnings }: { condition: ConditionDraft; onChange(next: ConditionDraft): void; warnings: RuleWarning[] }) {
  const groupMode = isGroupMode(condition.mode);
  const noun = groupMode ? 'Group' : 'Keyword';
  const setValue = (index: number, value: string) => onChange({ ...condition, values: condition.values.map((v, i) => (i === index ? value : v)) });
  const changeMode = (mode: ConditionMode) => {
    const values = isSingleValue(mode) ? [condition.values[0] ?? ''] : condition.values.length > 0 ? condition.values : [''];
    onChange({ mode, values });
  };
  return (
    <fieldset>
      <legend>Condition on the user's groups</legend>
      <label>
        <span>Group selection</span>
        <select value={condition.mode} onChange={(e) => changeMode(e.target.value as ConditionMode)} data-testid="condition-mode">
          {CONDITION_MODES.map((m) => (
            <option key={m.mode} value={m.mode}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <ol className="value-list">
        {condition.values.map((value, index) => {
          const label = isSingleValue(condition.mode) ? `${noun} name` : `${noun} ${index + 1}`;
          const valueWarnings = warnings.filter((w) => 'value' in w && w.value === value && value !== '');
          return (
            <li key={index}>
              <label>
                <span>{isSingleValue(condition.mode) && !groupMode ? 'Keyword' : label}</span>
                {groupMode ? (
                  <GroupNameInput value={value} onValueChange={(text) => setValue(index, text)} data-testid={`condition-value-${index}`} />
                ) : (
                  <input type="text" value={value} onChange={(e) => setValue(index, e.target.value)} data-testid={`condition-value-${index}`} />
                )}
              </label>
              {!isSingleValue(condition.mode) && condition.values.length > 1 && (
                <button type="button" className="button-small" aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`} onClick={() => onChange({ ...condition, values: condition.values.filter((_, i) => i !== index) })}>
                  Remove
                </button>
              )}
              {valueWarnings.map((w, i) => (
                <p key={i} className="field-warning">
                  {w.message}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {!isSingleValue(condition.mode) && (
        <button type="button" className="button-small" onClick={() => onChange({ ...condition, values: [...condition.values, ''] })}>
          Add {noun.toLowerCase()}
        </button>
      )}
      <p className="muted small">
        {groupMode ? 'Group names must match exactly (case included).' : 'A keyword matches when one group name contains it (case-sensitive).'}{' '}
        {SEMANTICS_LABEL}.
      </p>
    </fieldset>
  );
}

function PreviewPanel({ preview, action }: { preview: PreviewState; action: string }) {
  switch (preview.state) {
    case 'idle':
      return null;
    case 'loading':
      return preview.previous ? (
        <div aria-busy="true" className="stale">
          <PreviewDiff preview={preview.previous} action={action} />
        </div>
      ) : (
        <Loading label="Computing the preview…" />
      );
    case 'ready':
      return <PreviewDiff preview={preview.preview} action={action} />;
    case 'invalid':
      return <Notice tone="warning">The preview waits for a valid rule: {preview.message}</Notice>;
    case 'failed':
      return <ErrorMessage error={preview.error} title="Preview unavailable." />;
  }
}

export function RuleEditorPage({ ruleId }: { ruleId?: string }) {
  const { roles, organizationalUnits } = useLookups();
  const rules = useApi((signal) => get('GET /api/rules', { signal }), []);
  const [draft, setDraft] = useState<Draft | null>(ruleId === undefined ? EMPTY_DRAFT : null);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // Load the stored rule into the form once.
  const stored: Rule | undefined = rules.data?.items.find((r) => r.rule_id === ruleId);
  useEffect(() => {
    if (ruleId === undefined || draft !== null || !stored) return;
    const condition = decodeCondition(stored.condition);
    if (!condition) setUnsupported(stored.condition);
    setDraft({
      name: stored.name,
      condition: condition ?? { mode: 'this-group', values: [''] },
      role_id: stored.provision.role_id,
      organizational_unit_ids: [...stored.provision.organizational_unit_ids],
    });
  }, [ruleId, draft, stored]);

  // Default the role to the first one (Super Admin) once roles are known, for a new rule.
  useEffect(() => {
    if (draft && draft.role_id === '' && roles[0]) setDraft({ ...draft, role_id: roles[0].id });
  }, [draft, roles]);

  // The complete proposed set: stored rules, with the edited one replaced (or added, or removed).
  const items = rules.data?.items;
  const editedIndex = !items ? null : ruleId === undefined ? items.length : items.findIndex((r) => r.rule_id === ruleId);
  const previewRequest = useMemo<RulesPreviewRequest | null>(() => {
    if (!draft || !items) return null;
    const asProposed = (r: Rule): RulesPreviewRequest['rules'][number] => ({ rule_id: r.rule_id, name: r.name, condition: r.condition, provision: r.provision });
    if (confirmDelete) return { rules: items.filter((r) => r.rule_id !== ruleId).map(asProposed) };
    const edited = ruleId === undefined ? toInput(draft) : { ...toInput(draft), rule_id: ruleId };
    const set = items.map((r) => (r.rule_id === ruleId ? edited : asProposed(r)));
    if (ruleId === undefined) set.push(edited);
    return { rules: set };
  }, [draft, items, confirmDelete, ruleId]);
  const preview = useRulesPreview(previewRequest);

  const saveIssues: FieldIssue[] = saveError instanceof ApiFailure ? (saveError.apiError('invalid_rule')?.details.issues ?? []) : [];
  const issues = saveIssues.length > 0 ? saveIssues : preview.state === 'invalid' ? issuesFor(preview.issues, editedIndex) : [];
  const warnings = preview.state === 'ready' ? preview.preview.warnings.filter((w) => 'rule' in w && (w.rule.rule_id === (ruleId ?? null) || w.rule.name === draft?.name)) : [];
  const refusal = saveError instanceof ApiFailure ? saveError.apiError('guard_refused') : undefined;

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      if (ruleId) await call('PUT /api/rules/:id', { id: ruleId, body: toInput(draft) });
      else await call('POST /api/rules', { body: toInput(draft) });
      navigate({ page: 'rules' });
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!ruleId) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      await call('DELETE /api/rules/:id', { id: ruleId });
      navigate({ page: 'rules' });
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  if (ruleId !== undefined && rules.state === 'ready' && !stored) {
    return (
      <>
        <h1>Rule not found</h1>
        <p>
          It may have been deleted. <a href={href({ page: 'rules' })}>Back to the rules</a>.
        </p>
      </>
    );
  }

  const toggleOu = (id: string, on: boolean) =>
    draft && setDraft({ ...draft, organizational_unit_ids: on ? [...draft.organizational_unit_ids, id] : draft.organizational_unit_ids.filter((x) => x !== id) });

  return (
    <>
      <p className="breadcrumb">
        <a href={href({ page: 'rules' })}>Rules</a> /
      </p>
      <h1>{ruleId ? 'Edit rule' : 'New rule'}</h1>
      <ErrorMessage error={rules.error} />
      {!draft && <Loading />}
      {draft && (
        <div className="editor-layout">
          <form
            className="rule-form"
            aria-label="Rule"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            {unsupported && (
              <Notice tone="warning">
                The stored condition is not one of the six forms and cannot be edited here: <code>{unsupported}</code>. Saving replaces it.
              </Notice>
            )}
            <label>
              <span>Rule name</span>
              <input type="text" value={draft.name} required aria-invalid={issues.some((i) => i.field === 'name')} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="rule-name" />
            </label>
            <FieldError issues={issues} field="name" />

            <ConditionFields condition={draft.condition} onChange={(condition) => setDraft({ ...draft, condition })} warnings={warnings} />
            <FieldError issues={issues} field="condition" />

            <label>
              <span>Role</span>
              <select value={draft.role_id} onChange={(e) => setDraft({ ...draft, role_id: e.target.value })} data-testid="rule-role">
                {roles.map((role) => (
                  <option key={role.id} value={role.id} title={role.description}>
                    {role.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldError issues={issues} field="provision.role_id" />

            <fieldset data-testid="rule-ous">
              <legend>Organizational units</legend>
              {ouTree(organizationalUnits).map(({ unit, depth }) => (
                <label key={unit.id} className="checkbox" style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
                  <input type="checkbox" checked={draft.organizational_unit_ids.includes(unit.id)} onChange={(e) => toggleOu(unit.id, e.target.checked)} />
                  <span>{unit.name}</span>
                </label>
              ))}
            </fieldset>
            <FieldError issues={issues} field="provision.organizational_unit_ids" />
            <FieldError issues={issues} field="provision" />

            {refusal && (
              <Notice tone="error" testId="guard-refusal">
                <strong>Refused by the lockout guard.</strong> {guardRefusalText(refusal.details)}
              </Notice>
            )}
            {saveError !== undefined && !refusal && saveIssues.length === 0 && <ErrorMessage error={saveError} />}
            {saveIssues.length > 0 && <Notice tone="error">The rule was not saved: fix the fields marked above.</Notice>}

            <div className="toolbar">
              <button type="submit" className="button-primary" disabled={saving} data-testid="save-rule">
                {saving ? 'Saving…' : 'Save rule'}
              </button>
              <a className="button" href={href({ page: 'rules' })}>
                Cancel
              </a>
              {ruleId && !confirmDelete && (
                <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>
                  Delete rule…
                </button>
              )}
            </div>
            {ruleId && confirmDelete && (
              <div className="confirm-box" role="group" aria-label="Confirm deletion">
                <p>The preview now shows what deleting this rule would do.</p>
                <button type="button" className="button-danger" disabled={saving} onClick={() => void remove()} data-testid="confirm-delete-rule">
                  Delete this rule
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </div>
            )}
          </form>
          <section className="preview-column" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{confirmDelete ? 'Preview: delete this rule' : 'Preview'}</h2>
            <p className="muted small" aria-live="polite">
              {preview.state === 'loading' ? 'Updating…' : 'Updates as you type. Nothing is saved until you press Save.'}
            </p>
            <PreviewPanel preview={preview} action={confirmDelete ? 'delete this rule' : 'save this rule'} />
          </section>
        </div>
      )}
    </>
  );
}

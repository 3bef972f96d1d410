/**
 * Write or edit one rule as a form (the six condition forms, role, OUs), with the live preview of who
 * would gain or lose access, and the guard's verdict, before saving. A field says what is wrong with it
 * once the admin has left it or pressed Save, never before; the preview is asked for only once the rule
 * is one the server would accept.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FieldIssue, Rule, RulesPreviewRequest, RuleWarning } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { GroupNameInput } from '../../components/group-name-input';
import { PreviewDiff, SEMANTICS_LABEL, guardRefusalText } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { ouTree, useLookups } from '../../lookups/lookups';
import { href, navigate } from '../../router/routes';
import {
  CONDITION_MODES,
  decodeCondition,
  isGroupMode,
  isSingleValue,
  type ConditionDraft,
  type ConditionMode,
} from './condition-form';
import { rememberConditionForm, rememberedConditionForm } from './remembered-forms';
import {
  checkRuleDraft,
  draftToInput,
  otherRulesIssues,
  otherRulesMessages,
  plainIssues,
  type FormField,
  type FormIssue,
  type RuleCheckContext,
  type RuleDraft,
} from './rule-form-check';
import { useRulesPreview, type PreviewState } from './use-rules-preview';

const EMPTY_DRAFT: RuleDraft = {
  name: '',
  condition: { mode: 'this-group', values: [''] },
  role_id: '',
  organizational_unit_ids: [],
};

/** The server's issues for the rule at `index` of a proposed set (`rules[3].name` → `name`), others left out. */
function issuesOfRule(issues: readonly FieldIssue[], index: number): FieldIssue[] {
  const prefix = `rules[${index}].`;
  return issues
    .filter((issue) => issue.field.startsWith(prefix))
    .map((issue) => ({ ...issue, field: issue.field.slice(prefix.length) }));
}

function FieldMessage({ issues, field }: { issues: readonly FormIssue[]; field: FormField }) {
  const issue = issues.find((i) => i.field === field);
  if (!issue) return null;
  return (
    <p className="field-error" id={`error-${field}`} data-testid={`error-${field}`}>
      {issue.message}
    </p>
  );
}

/** Props that tie an input to its message (screen readers read it with the field). */
function describedBy(issues: readonly FormIssue[], field: FormField) {
  const invalid = issues.some((i) => i.field === field);
  return { 'aria-invalid': invalid, 'aria-describedby': invalid ? `error-${field}` : undefined, 'data-field': field };
}

function ConditionFields({
  condition,
  onChange,
  onLeave,
  warnings,
  issues,
}: {
  condition: ConditionDraft;
  onChange(next: ConditionDraft): void;
  onLeave(field: FormField): void;
  warnings: RuleWarning[];
  issues: readonly FormIssue[];
}) {
  const groupMode = isGroupMode(condition.mode);
  const noun = groupMode ? 'Group' : 'Keyword';
  const setValue = (index: number, value: string) =>
    onChange({ ...condition, values: condition.values.map((v, i) => (i === index ? value : v)) });
  const changeMode = (mode: ConditionMode) => {
    const values = isSingleValue(mode)
      ? [condition.values[0] ?? '']
      : condition.values.length > 0
        ? condition.values
        : [''];
    onChange({ mode, values });
  };
  return (
    <fieldset>
      <legend>Condition on the user's groups</legend>
      <label>
        <span>Group selection</span>
        <select
          value={condition.mode}
          onChange={(e) => changeMode(e.target.value as ConditionMode)}
          data-testid="condition-mode"
        >
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
                  <GroupNameInput
                    value={value}
                    onValueChange={(text) => setValue(index, text)}
                    onBlur={() => onLeave(`value-${index}`)}
                    {...describedBy(issues, `value-${index}`)}
                    data-testid={`condition-value-${index}`}
                  />
                ) : (
                  <input
                    type="text"
                    value={value}
                    onChange={(e) => setValue(index, e.target.value)}
                    onBlur={() => onLeave(`value-${index}`)}
                    {...describedBy(issues, `value-${index}`)}
                    data-testid={`condition-value-${index}`}
                  />
                )}
              </label>
              <FieldMessage issues={issues} field={`value-${index}`} />
              {!isSingleValue(condition.mode) && condition.values.length > 1 && (
                <button
                  type="button"
                  className="button-small"
                  aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}
                  onClick={() => onChange({ ...condition, values: condition.values.filter((_, i) => i !== index) })}
                >
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
        <button
          type="button"
          className="button-small"
          onClick={() => onChange({ ...condition, values: [...condition.values, ''] })}
        >
          Add {noun.toLowerCase()}
        </button>
      )}
      <p className="muted small">
        {groupMode
          ? 'Group names must match exactly (case included).'
          : 'A keyword matches when one group name contains it (case-sensitive).'}{' '}
        {SEMANTICS_LABEL}.
      </p>
    </fieldset>
  );
}

function PreviewPanel({
  preview,
  waiting,
  blockedBy,
  serverIssues,
  action,
}: {
  preview: PreviewState;
  waiting: boolean;
  blockedBy: string[];
  serverIssues: string[];
  action: string;
}) {
  if (blockedBy.length > 0) {
    return (
      <Notice tone="warning" testId="preview-blocked">
        The preview cannot be computed while another rule is not valid:
        <ul>
          {blockedBy.map((message, i) => (
            <li key={i}>{message}</li>
          ))}
        </ul>
      </Notice>
    );
  }
  if (waiting) {
    return (
      <p className="muted" data-testid="preview-waiting">
        The preview shows who would gain or lose access as soon as the rule has a name, a condition, a role and at least
        one organizational unit.
      </p>
    );
  }
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
      return (
        <Notice tone="warning" testId="preview-invalid">
          The preview is not available yet:
          <ul>
            {serverIssues.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </Notice>
      );
    case 'failed':
      return <ErrorMessage error={preview.error} title="Preview unavailable." />;
  }
}

export function RuleEditorPage({ ruleId }: { ruleId?: string }) {
  const { roles, organizationalUnits } = useLookups();
  const rules = useApi((signal) => get('GET /api/rules', { signal }), []);
  const [draft, setDraft] = useState<RuleDraft | null>(ruleId === undefined ? EMPTY_DRAFT : null);
  const [unsupported, setUnsupported] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Fields the admin has left at least once, and whether Save was pressed: only then do messages show.
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const touch = (field: FormField) =>
    setTouched((previous) => (previous.has(field) ? previous : new Set(previous).add(field)));

  // Load the stored rule into the form once.
  const stored: Rule | undefined = rules.data?.items.find((r) => r.rule_id === ruleId);
  useEffect(() => {
    if (ruleId === undefined || draft !== null || !stored) return;
    const condition = decodeCondition(stored.condition, rememberedConditionForm(stored.rule_id, stored.condition));
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

  // What the server would say about this rule, computed here with the server's own validation.
  const items = rules.data?.items;
  const context = useMemo<RuleCheckContext | null>(
    () =>
      items && roles.length > 0 && organizationalUnits.length > 0
        ? { roles, organizationalUnits, rules: items, ...(ruleId !== undefined ? { ruleId } : {}) }
        : null,
    [items, roles, organizationalUnits, ruleId],
  );
  const draftIssues = useMemo(() => (draft && context ? checkRuleDraft(draft, context) : []), [draft, context]);

  // The complete proposed set: stored rules, with the edited one replaced (or added, or removed).
  const editedIndex = !items ? -1 : ruleId === undefined ? items.length : items.findIndex((r) => r.rule_id === ruleId);
  const proposedSet = useMemo<RulesPreviewRequest | null>(() => {
    if (!draft || !items) return null;
    const asProposed = (r: Rule): RulesPreviewRequest['rules'][number] => ({
      rule_id: r.rule_id,
      name: r.name,
      condition: r.condition,
      provision: r.provision,
    });
    if (confirmDelete) return { rules: items.filter((r) => r.rule_id !== ruleId).map(asProposed) };
    const edited = ruleId === undefined ? draftToInput(draft) : { ...draftToInput(draft), rule_id: ruleId };
    const set = items.map((r) => (r.rule_id === ruleId ? edited : asProposed(r)));
    if (ruleId === undefined) set.push(edited);
    return { rules: set };
  }, [draft, items, confirmDelete, ruleId]);
  const blockedBy = useMemo(
    () => (proposedSet && context ? otherRulesIssues(proposedSet, confirmDelete ? -1 : editedIndex, context) : []),
    [proposedSet, context, confirmDelete, editedIndex],
  );
  // No request for a set the server would refuse: an incomplete rule waits quietly.
  const waiting = !context || (!confirmDelete && draftIssues.length > 0);
  const preview = useRulesPreview(!waiting && blockedBy.length === 0 ? proposedSet : null);

  const saveIssues: FieldIssue[] =
    saveError instanceof ApiFailure ? (saveError.apiError('invalid_rule')?.details.issues ?? []) : [];
  const answeredIssues = draft && context && saveIssues.length > 0 ? plainIssues(saveIssues, draft, context) : [];
  const shownIssues = [...answeredIssues, ...draftIssues.filter((issue) => submitted || touched.has(issue.field))];
  // Should the server still refuse a preview, say why in the same words (the edited rule) or per rule (the others).
  const previewIssues =
    preview.state === 'invalid' && draft && context
      ? [
          ...plainIssues(issuesOfRule(preview.issues, editedIndex), draft, context).map((issue) => issue.message),
          ...(proposedSet ? otherRulesMessages(preview.issues, proposedSet, editedIndex) : []),
        ]
      : [];
  const warnings =
    preview.state === 'ready'
      ? preview.preview.warnings.filter(
          (w) => 'rule' in w && (w.rule.rule_id === (ruleId ?? null) || w.rule.name === draft?.name),
        )
      : [];
  const refusal = saveError instanceof ApiFailure ? saveError.apiError('guard_refused') : undefined;

  const save = async () => {
    if (!draft) return;
    setSubmitted(true);
    setSaveError(undefined);
    if (!context || draftIssues.length > 0) {
      // Take the admin to the first field to fix (its message is read with it).
      const first = draftIssues[0]?.field;
      const target = formRef.current?.querySelector<HTMLElement>(first ? `[data-field="${first}"]` : 'input');
      (target instanceof HTMLFieldSetElement ? target.querySelector('input') : target)?.focus();
      return;
    }
    setSaving(true);
    try {
      const input = draftToInput(draft);
      const saved = ruleId
        ? await call('PUT /api/rules/:id', { id: ruleId, body: input })
        : await call('POST /api/rules', { body: input });
      rememberConditionForm(saved.rule_id, saved.condition, draft.condition.mode);
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

  const toggleOu = (id: string, on: boolean) => {
    touch('organizational-units');
    if (draft)
      setDraft({
        ...draft,
        organizational_unit_ids: on
          ? [...draft.organizational_unit_ids, id]
          : draft.organizational_unit_ids.filter((x) => x !== id),
      });
  };
  // OUs the rule names that no longer exist stay listed, so they can be unticked.
  const knownOuIds = new Set(organizationalUnits.map((unit) => unit.id));
  const missingOuIds = draft ? draft.organizational_unit_ids.filter((id) => !knownOuIds.has(id)) : [];
  const blockingSave = submitted && draftIssues.length > 0;

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
            ref={formRef}
            className="rule-form"
            aria-label="Rule"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            {unsupported && (
              <Notice tone="warning">
                The stored condition is not one of the six forms and cannot be edited here: <code>{unsupported}</code>.
                Saving replaces it.
              </Notice>
            )}
            <label>
              <span>Rule name</span>
              <input
                type="text"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                onBlur={() => touch('name')}
                {...describedBy(shownIssues, 'name')}
                data-testid="rule-name"
              />
            </label>
            <FieldMessage issues={shownIssues} field="name" />

            <ConditionFields
              condition={draft.condition}
              onChange={(condition) => setDraft({ ...draft, condition })}
              onLeave={touch}
              warnings={warnings}
              issues={shownIssues}
            />
            <FieldMessage issues={shownIssues} field="condition" />

            <label>
              <span>Role</span>
              <select
                value={draft.role_id}
                onChange={(e) => (touch('role'), setDraft({ ...draft, role_id: e.target.value }))}
                {...describedBy(shownIssues, 'role')}
                data-testid="rule-role"
              >
                {roles.map((role) => (
                  <option key={role.id} value={role.id} title={role.description}>
                    {role.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldMessage issues={shownIssues} field="role" />

            <fieldset data-testid="rule-ous" {...describedBy(shownIssues, 'organizational-units')}>
              <legend>Organizational units</legend>
              {ouTree(organizationalUnits).map(({ unit, depth }) => (
                <label key={unit.id} className="checkbox" style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
                  <input
                    type="checkbox"
                    checked={draft.organizational_unit_ids.includes(unit.id)}
                    onChange={(e) => toggleOu(unit.id, e.target.checked)}
                  />
                  <span>{unit.name}</span>
                </label>
              ))}
              {missingOuIds.map((id) => (
                <label key={id} className="checkbox">
                  <input type="checkbox" checked onChange={() => toggleOu(id, false)} />
                  <span>Removed organizational unit ({id})</span>
                </label>
              ))}
            </fieldset>
            <FieldMessage issues={shownIssues} field="organizational-units" />

            {refusal && (
              <Notice tone="error" testId="guard-refusal">
                <strong>Refused by the lockout guard.</strong> {guardRefusalText(refusal.details)}
              </Notice>
            )}
            {saveError !== undefined && !refusal && saveIssues.length === 0 && <ErrorMessage error={saveError} />}
            {(saveIssues.length > 0 || blockingSave) && (
              <Notice tone="error" testId="save-blocked">
                The rule was not saved: fix the fields marked above.
              </Notice>
            )}

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
                <button
                  type="button"
                  className="button-danger"
                  disabled={saving}
                  onClick={() => void remove()}
                  data-testid="confirm-delete-rule"
                >
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
              {preview.state === 'loading'
                ? 'Updating…'
                : 'Updates as you type. Nothing is saved until you press Save.'}
            </p>
            <PreviewPanel
              preview={preview}
              waiting={waiting}
              blockedBy={blockedBy}
              serverIssues={previewIssues}
              action={confirmDelete ? 'delete this rule' : 'save this rule'}
            />
          </section>
        </div>
      )}
    </>
  );
}

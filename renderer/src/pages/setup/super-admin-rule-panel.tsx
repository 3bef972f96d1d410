/**
 * Step 8's control: the Super Admin rule on the Global OU for one pushed group, previewed before it is
 * created (who gains access), in Clumio's wire format like every other rule.
 */
import { useState } from 'react';
import {
  GLOBAL_OU_ID,
  SUPER_ADMIN_ROLE_ID,
  type RuleInput,
  type RuleListItem,
  type RulesPreviewRequest,
} from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PreviewDiff } from '../../components/preview-diff';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import { useRulesPreview } from '../rules/use-rules-preview';

/** The group Clumio's own guides name for the Super Admin rule. */
const USUAL_ADMIN_GROUP = 'Clumio Admins';

function isSuperAdminOnGlobal(rule: RuleListItem): boolean {
  return (
    rule.provision.role_id === SUPER_ADMIN_ROLE_ID && rule.provision.organizational_unit_ids.includes(GLOBAL_OU_ID)
  );
}

export function superAdminRuleFor(group: string, name: string): RuleInput {
  return {
    name,
    condition: JSON.stringify({ 'user.groups': { $eq: group } }),
    provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
  };
}

export function SuperAdminRulePanel({ revision, onChanged }: { revision: number; onChanged(): void }) {
  const rules = useApi((signal) => get('GET /api/rules', { signal }), [revision]);
  const groups = useApi((signal) => get('GET /api/groups', { query: { limit: 500 }, signal }), [revision]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('Super Admin');
  const { busy, error, run } = useAction();

  const existing = rules.data?.items.filter(isSuperAdminOnGlobal) ?? [];
  const groupNames = groups.data?.items.map((g) => g.displayName) ?? [];
  const group = chosen ?? (groupNames.includes(USUAL_ADMIN_GROUP) ? USUAL_ADMIN_GROUP : (groupNames[0] ?? null));
  const proposed = group === null ? null : superAdminRuleFor(group, name.trim() || 'Super Admin');
  const request: RulesPreviewRequest | null =
    rules.data && proposed && existing.length === 0
      ? {
          rules: [
            ...rules.data.items.map((r) => ({
              rule_id: r.rule_id,
              name: r.name,
              condition: r.condition,
              provision: r.provision,
            })),
            proposed,
          ],
        }
      : null;
  const preview = useRulesPreview(request, 300);

  const create = async () => {
    if (!proposed) return;
    await run(async () => {
      await call('POST /api/rules', { body: proposed });
      rules.reload();
      onChanged();
    });
  };

  if (rules.error || groups.error) return <ErrorMessage error={rules.error ?? groups.error} />;
  if (!rules.data || !groups.data) return <Loading />;
  if (existing.length > 0) {
    return (
      <p className="wizard-panel" data-testid="super-admin-rule-exists">
        {existing.map((r) => `"${r.name}"`).join(', ')} give{existing.length === 1 ? 's' : ''} Super Admin on the Global
        OU. Add more rules on the <a href={href({ page: 'rules' })}>Rules</a> page.
      </p>
    );
  }
  if (group === null) {
    return (
      <Notice tone="info">
        No group has been pushed yet. Push the admin group from Okta (step 6), or run the rehearsal, then create the
        rule here.
      </Notice>
    );
  }
  return (
    <div className="wizard-panel">
      <div className="inline-form">
        <label>
          <span>Users in group</span>
          <select value={group} onChange={(e) => setChosen(e.target.value)} data-testid="super-admin-group">
            {groupNames.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Rule name</span>
          <input type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <span className="muted">get Super Admin on the Global OU.</span>
      </div>
      {preview.state === 'ready' && <PreviewDiff preview={preview.preview} action="create this rule" />}
      {(preview.state === 'loading' || (preview.state === 'idle' && request !== null)) && (
        <Loading label="Computing who gets access…" />
      )}
      {preview.state === 'invalid' && <Notice tone="error">{preview.message}</Notice>}
      {preview.state === 'failed' && <ErrorMessage error={preview.error} />}
      <div className="toolbar">
        <button
          type="button"
          className="button-primary"
          disabled={busy || preview.state !== 'ready'}
          onClick={() => void create()}
          data-testid="create-super-admin-rule"
        >
          Create the Super Admin rule
        </button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

/**
 * `/api/rules`: the auto user provisioning rules in Clumio's wire format, their preview, export and
 * import. Validation, preview, import plans and the guard are the engine's (server/rules); this router
 * parses, enforces the guard while auto user provisioning is on, stores through one commit, and logs.
 * The access service sees every committed rule change and logs the access changes it causes.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { ruleReachesSomeone } from '../../access/rule-reach.js';
import {
  autoUserProvisioningEnabled,
  deleteRuleOp,
  generalSettings,
  organizationalUnits,
  putRuleOp,
  storedRule,
} from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import { findUserByUserName } from '../../rules/guard.js';
import { previewEnable, previewRules, withRuleIds, type AccessPreview, type EnablePreview } from '../../rules/preview.js';
import { formatFieldErrors, validateRuleBody, validateRuleSet, type FieldError } from '../../rules/rule-validation.js';
import type { Rule } from '../../rules/rule.js';
import { serializeRuleSet, planImport } from '../../rules/wire-format.js';
import { logAdminChange } from '../../activity/admin-changes.js';
import { RuleNames, toGuardState, toRulesPreview } from '../access-shapes.js';
import { AdminError, invalidBody, notFound } from '../admin-error.js';
import type { ItemList, Rule as ApiRule, RuleListItem, RuleWarning, RulesImportResult, RulesPreview } from '../contract.js';
import { enforceLockoutGuard, guardVerdict } from '../lockout.js';
import { booleanParam } from '../query.js';

const EXPORT_FILE_NAME = 'scim-desk-rules.json';

function invalidRule(errors: readonly FieldError[]): AdminError {
  return new AdminError({ code: 'invalid_rule', message: formatFieldErrors(errors), details: { issues: errors.map((e) => ({ ...e })) } });
}

function byName(a: Rule, b: Rule): number {
  return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** A stored rule as the API answers it (the engine's rules are readonly). */
function toApiRule(rule: Rule): ApiRule {
  return {
    rule_id: rule.rule_id,
    name: rule.name,
    condition: rule.condition,
    provision: { role_id: rule.provision.role_id, organizational_unit_ids: [...rule.provision.organizational_unit_ids] },
  };
}

const ruleResource = (rule: { rule_id: string; name: string }) => ({ type: 'Rule' as const, id: rule.rule_id, name: rule.name });

export function rulesRouter(services: AdminServices) {
  const { store, activity, access } = services;
  const router = Router();
  const context = () => ({ roles: access.roles, organizationalUnits: organizationalUnits(store) });

  /** The preview of replacing the stored rule set by `proposed` (or of enabling with it), in the API's shape. */
  function preview(proposed: readonly Rule[], enabling: boolean): RulesPreview {
    const index = access.index;
    const current = access.rules;
    const knownGroups = access.groupDisplayNames();
    const result: AccessPreview | EnablePreview = enabling
      ? previewEnable(proposed, index, { roles: access.roles, knownGroups })
      : previewRules(current, proposed, index, { roles: access.roles, knownGroups });
    const names = new RuleNames(proposed, current);
    const { current_admin } = generalSettings(store);

    const extraWarnings: RuleWarning[] = [];
    const fresh = new Set([...result.rule_changes.added, ...result.rule_changes.changed].map((r) => r.rule_id));
    for (const rule of proposed) {
      if (fresh.has(rule.rule_id) && !ruleReachesSomeone(rule, index)) {
        extraWarnings.push({ kind: 'matches_no_user', rule: names.ref(rule.rule_id), message: `Rule '${rule.name}' gives nobody access today.` });
      }
    }
    if (current_admin !== null && !findUserByUserName(index, current_admin)) {
      extraWarnings.push({
        kind: 'current_admin_unknown',
        value: current_admin,
        message: `The current admin ${current_admin} has not been provisioned yet, so the preview cannot show whether they keep Super Admin.`,
      });
    }

    let activeUsers = 0;
    let activeWithAccessBefore = 0;
    for (const user of index.users()) {
      if (!user.active) continue;
      activeUsers++;
      if (!enabling && index.accessOf(user.id).length > 0) activeWithAccessBefore++;
    }
    const verdict = guardVerdict(services, enabling ? { rules: proposed, enabling: true } : { rules: proposed });
    return toRulesPreview(result, proposed, names, {
      displayName: (id) => {
        const name = store.getUser(id)?.data.displayName;
        return typeof name === 'string' ? name : null;
      },
      userName: (id) => index.getUser(id)?.userName ?? id,
      activeUsers,
      activeWithAccessBefore,
      hadAccessBefore: (id) => !enabling && index.accessOf(id).length > 0,
      extraWarnings,
      guard: toGuardState(enabling || autoUserProvisioningEnabled(store), verdict, names, current_admin),
    });
  }

  router.get('/rules', (_req, res) => {
    const items: RuleListItem[] = [...access.rules].sort(byName).map((rule) => ({ ...toApiRule(rule), user_count: access.index.usersGrantedBy(rule.rule_id) }));
    res.json({ items } satisfies ItemList<RuleListItem>);
  });

  router.post('/rules', async (req, res) => {
    const current = access.rules;
    const result = validateRuleBody(req.body, { ...context(), rules: current });
    if (!result.ok) throw invalidRule(result.errors);
    const rule: Rule = { rule_id: randomUUID(), ...result.body };
    enforceLockoutGuard(services, { rules: [...current, rule] }, { action: 'rule.created', resource: ruleResource(rule) });
    await store.commit([putRuleOp(rule)]);
    logAdminChange(activity, 'rule.created', `Rule '${rule.name}' created.`, ruleResource(rule));
    res.status(201).json(toApiRule(rule));
  });

  // Fixed paths before /rules/:id.
  router.post('/rules/preview', (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { rules?: unknown }).rules)) {
      throw invalidBody('The preview body must be {"rules": [...]}: the complete proposed rule set.', [
        { field: 'rules', message: 'must be a list of rules' },
      ]);
    }
    const { rules: items, enabling } = body as { rules: unknown[]; enabling?: unknown };
    if (enabling !== undefined && typeof enabling !== 'boolean') {
      throw invalidBody('enabling must be true or false.', [{ field: 'enabling', message: 'must be a boolean' }]);
    }
    // Rules carrying a rule_id are edits of that stored rule: check the id, then validate the body without it.
    const errors: FieldError[] = [];
    const ids: (string | undefined)[] = [];
    const bodies = items.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        ids.push(undefined);
        return item;
      }
      // user_count is a read-only field of GET /api/rules rows, which clients may send back as they are.
      const { rule_id: id, user_count: _userCount, ...rest } = item as Record<string, unknown>;
      if (id === undefined) {
        ids.push(undefined);
        return rest;
      }
      if (typeof id !== 'string' || !storedRule(store, id)) errors.push({ field: `rules[${i}].rule_id`, message: `unknown rule "${String(id)}".` });
      else if (ids.includes(id)) errors.push({ field: `rules[${i}].rule_id`, message: `rule "${id}" is listed twice.` });
      ids.push(typeof id === 'string' ? id : undefined);
      return rest;
    });
    const validated = validateRuleSet(bodies, context());
    if (!validated.ok) errors.push(...validated.errors);
    if (errors.length > 0 || !validated.ok) throw invalidRule(errors);
    const proposed = withRuleIds(validated.bodies.map((b, i) => (ids[i] !== undefined ? { ...b, rule_id: ids[i] } : b)));
    res.json(preview(proposed, enabling === true) satisfies RulesPreview);
  });

  router.get('/rules/export', (_req, res) => {
    res.setHeader('Content-Disposition', `attachment; filename="${EXPORT_FILE_NAME}"`);
    res.type('application/json').send(serializeRuleSet(access.rules));
  });

  router.post('/rules/import', async (req, res) => {
    const dryRun = booleanParam(req, 'dryRun') ?? true;
    const current = access.rules;
    const planned = planImport(current, req.body, context());
    if (!planned.ok) {
      if (planned.errors.every((e) => e.field === '')) throw invalidBody(planned.errors.map((e) => e.message).join(' '));
      throw invalidRule(planned.errors);
    }
    const { plan } = planned;
    const summary = `${plan.added.length} created, ${plan.changed.length} updated, ${plan.removed.length} deleted, ${plan.unchanged.length} unchanged`;
    enforceLockoutGuard(services, { rules: plan.proposed }, { action: dryRun ? 'rules.import_checked' : 'rules.imported', resource: null });
    const result: RulesImportResult = {
      dry_run: dryRun,
      applied: false,
      created: plan.added.map((r) => r.name),
      updated: plan.changed.map((c) => c.after.name),
      deleted: plan.removed.map((r) => r.name),
      unchanged: plan.unchanged.map((r) => r.name),
      preview: preview(plan.proposed, false),
    };
    if (!dryRun) {
      const ops = [...plan.added.map(putRuleOp), ...plan.changed.map((c) => putRuleOp(c.after)), ...plan.removed.map((r) => deleteRuleOp(r.rule_id))];
      if (ops.length > 0) {
        await store.commit(ops);
        logAdminChange(activity, 'rules.imported', `Rule set imported: ${summary}.`, null);
      }
      result.applied = true;
    }
    res.json(result);
  });

  const requireRule = (id: string): Rule => {
    const rule = storedRule(store, id);
    if (!rule) throw notFound(`Rule ${id} not found.`);
    return rule;
  };

  router.get('/rules/:id', (req: Request<{ id: string }>, res) => {
    res.json(toApiRule(requireRule(req.params.id)));
  });

  router.put('/rules/:id', async (req: Request<{ id: string }>, res) => {
    const before = requireRule(req.params.id);
    const current = access.rules;
    const result = validateRuleBody(req.body, { ...context(), rules: current, ruleId: before.rule_id });
    if (!result.ok) throw invalidRule(result.errors);
    const rule: Rule = { rule_id: before.rule_id, ...result.body };
    const proposed = current.map((r) => (r.rule_id === rule.rule_id ? rule : r));
    enforceLockoutGuard(services, { rules: proposed }, { action: 'rule.updated', resource: ruleResource(rule) });
    await store.commit([putRuleOp(rule)]);
    logAdminChange(activity, 'rule.updated', `Rule '${rule.name}' updated.`, ruleResource(rule));
    res.json(toApiRule(rule));
  });

  router.delete('/rules/:id', async (req: Request<{ id: string }>, res) => {
    const rule = requireRule(req.params.id);
    const proposed = access.rules.filter((r) => r.rule_id !== rule.rule_id);
    enforceLockoutGuard(services, { rules: proposed }, { action: 'rule.deleted', resource: ruleResource(rule) });
    await store.commit([deleteRuleOp(rule.rule_id)]);
    logAdminChange(activity, 'rule.deleted', `Rule '${rule.name}' deleted.`, ruleResource(rule));
    res.status(204).end();
  });
  return router;
}

/**
 * Auto user provisioning's one place for changes: rules created, edited, deleted or imported, previews, and
 * turning auto user provisioning on or off. Each change is validated against the target's facts, checked by
 * the lockout guard while it is enforced, written through the target's sink as one change, and logged; a
 * refusal is logged too. The admin API and the CLI only parse requests and answer with what this returns
 * (or with the RuleChangeError it throws).
 *
 * The activity log tells a change before the access changes it caused: the change's line takes its place in
 * the activity queue before the write, and the access service's lines for that write come after it.
 */
import { randomUUID } from 'node:crypto';
import { adminChange, type AdminResource } from '../activity/admin-changes.js';
import { ActivityQueue } from '../activity/activity-queue.js';
import type { ActivityInput, ActivitySink } from '../activity/types.js';
import { withRuleIds } from '../rules/preview.js';
import type { Rule } from '../rules/rule.js';
import { validateRuleBody, validateRuleSet, type FieldError } from '../rules/rule-validation.js';
import { exportRules, planImport } from '../rules/wire-format.js';
import type { Rule as ApiRule, RuleListItem, RulesFile, RulesImportResult, RulesPreview } from './access-types.js';
import { guardEnforced, guardRefusal, guardVerdict, type ProposedChange } from './lockout-guard.js';
import { RuleChangeError } from './rule-change-error.js';
import type { FactsScope, RuleSetChange, RulesFacts, RulesSink, RulesTarget } from './rules-facts.js';
import { previewReport } from './rules-preview.js';

export interface RulesServiceOptions {
  facts: RulesTarget;
  sink: RulesSink;
  /** Where changes and refusals are logged: the activity queue shared with the access service. */
  activity: ActivityQueue | ActivitySink;
  newRuleId?: () => string;
}

/** Who asked for a change, for the activity line of a refusal. */
export interface Attempt {
  action: string;
  resource: AdminResource | null;
}

/** A proposed rule set: each entry a rule body, with `rule_id` when it edits the stored rule with that id. */
export interface RulesProposal {
  rules: readonly unknown[];
  /** Preview turning auto user provisioning on with this set ("before" is no rule-based access at all). */
  enabling: boolean;
}

const AUTO_USER_PROVISIONING: AdminResource = {
  type: 'Setting',
  id: 'auto-user-provisioning',
  name: 'Auto user provisioning',
};
const ruleResource = (rule: { rule_id: string; name: string }): AdminResource => ({
  type: 'Rule',
  id: rule.rule_id,
  name: rule.name,
});

function byName(a: Rule, b: Rule): number {
  return (
    a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** A stored rule as the API answers it (the engine's rules are readonly). */
function toApiRule(rule: Rule): ApiRule {
  return {
    rule_id: rule.rule_id,
    name: rule.name,
    condition: rule.condition,
    provision: {
      role_id: rule.provision.role_id,
      organizational_unit_ids: [...rule.provision.organizational_unit_ids],
    },
  };
}

const withNote = (message: string, note: string | undefined) => (note === undefined ? message : `${message} ${note}`);

const invalidRules = (errors: readonly FieldError[]) => new RuleChangeError({ kind: 'invalid-rules', errors });

export class RulesService {
  private readonly facts: RulesTarget;
  private readonly sink: RulesSink;
  private readonly activity: ActivityQueue;
  private readonly newRuleId: () => string;

  constructor(options: RulesServiceOptions) {
    this.facts = options.facts;
    this.sink = options.sink;
    this.activity = options.activity instanceof ActivityQueue ? options.activity : new ActivityQueue(options.activity);
    this.newRuleId = options.newRuleId ?? randomUUID;
  }

  // ---- reads ----

  /** The rule set as stored, in the engine's shape. */
  current(): readonly Rule[] {
    return this.facts.rules();
  }

  /** The rule set sorted by name, each rule with the active users it gives access to. */
  async list(): Promise<RuleListItem[]> {
    const current = this.facts.rules();
    const index = (await this.factsFor({ ruleSets: [current], userNames: [] })).index();
    return [...current]
      .sort(byName)
      .map((rule) => ({ ...toApiRule(rule), user_count: index.usersGrantedBy(rule.rule_id) }));
  }

  get(id: string): ApiRule {
    return toApiRule(this.require(id));
  }

  /** The rule set in Clumio's wire format: each entry a valid body for Clumio's create-rule API. */
  export(): RulesFile {
    const file = exportRules(this.facts.rules());
    return {
      rules: file.rules.map((rule) => ({
        ...rule,
        provision: { ...rule.provision, organizational_unit_ids: [...rule.provision.organizational_unit_ids] },
      })),
    };
  }

  autoUserProvisioning(): boolean {
    return this.facts.autoUserProvisioning();
  }

  /**
   * Who would gain, lose or change access if `proposal` replaced the rule set (rules with a `rule_id` edit
   * that rule, rules without one are new, stored rules left out are deleted). Nothing is written.
   */
  async preview(proposal: RulesProposal): Promise<RulesPreview> {
    const current = this.facts.rules();
    const errors: FieldError[] = [];
    const ids: (string | undefined)[] = [];
    // Rules carrying a rule_id are edits of that stored rule: check the id, then validate the body without it.
    const bodies = proposal.rules.map((item, i) => {
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
      if (typeof id !== 'string' || !current.some((rule) => rule.rule_id === id))
        errors.push({ field: `rules[${i}].rule_id`, message: `unknown rule "${String(id)}".` });
      else if (ids.includes(id))
        errors.push({ field: `rules[${i}].rule_id`, message: `rule "${id}" is listed twice.` });
      ids.push(typeof id === 'string' ? id : undefined);
      return rest;
    });
    const validated = validateRuleSet(bodies, this.context());
    if (!validated.ok) errors.push(...validated.errors);
    if (errors.length > 0 || !validated.ok) throw invalidRules(errors);
    const proposed = withRuleIds(
      validated.bodies.map((b, i) => (ids[i] !== undefined ? { ...b, rule_id: ids[i] } : b)),
    );
    const facts = await this.factsFor({ ruleSets: [current, proposed], userNames: [this.facts.currentAdmin()] });
    return previewReport(facts, proposed, proposal.enabling);
  }

  // ---- changes ----

  async create(body: unknown): Promise<ApiRule> {
    const current = this.facts.rules();
    const result = validateRuleBody(body, { ...this.context(), rules: current });
    if (!result.ok) throw invalidRules(result.errors);
    const rule: Rule = { rule_id: this.newRuleId(), ...result.body };
    const note = await this.enforceGuard(
      { rules: [...current, rule] },
      { action: 'rule.created', resource: ruleResource(rule) },
    );
    await this.write(
      { put: [rule], deleted: [] },
      adminChange('rule.created', withNote(`Rule '${rule.name}' created.`, note), ruleResource(rule)),
    );
    return toApiRule(rule);
  }

  async update(id: string, body: unknown): Promise<ApiRule> {
    const before = this.require(id);
    const current = this.facts.rules();
    const result = validateRuleBody(body, { ...this.context(), rules: current, ruleId: before.rule_id });
    if (!result.ok) throw invalidRules(result.errors);
    const rule: Rule = { rule_id: before.rule_id, ...result.body };
    const proposed = current.map((r) => (r.rule_id === rule.rule_id ? rule : r));
    const note = await this.enforceGuard({ rules: proposed }, { action: 'rule.updated', resource: ruleResource(rule) });
    await this.write(
      { put: [rule], deleted: [] },
      adminChange('rule.updated', withNote(`Rule '${rule.name}' updated.`, note), ruleResource(rule)),
    );
    return toApiRule(rule);
  }

  async delete(id: string): Promise<void> {
    const rule = this.require(id);
    const proposed = this.facts.rules().filter((r) => r.rule_id !== rule.rule_id);
    const note = await this.enforceGuard({ rules: proposed }, { action: 'rule.deleted', resource: ruleResource(rule) });
    await this.write(
      { put: [], deleted: [rule.rule_id] },
      adminChange('rule.deleted', withNote(`Rule '${rule.name}' deleted.`, note), ruleResource(rule)),
    );
  }

  /**
   * Replaces the rule set with an import document's (rules matched to stored ones by name). A dry run writes
   * nothing but is guarded all the same, so the admin learns of a refusal before trying for real.
   */
  async import(document: unknown, dryRun: boolean): Promise<RulesImportResult> {
    const current = this.facts.rules();
    const planned = planImport(current, document, { ...this.context(), newRuleId: this.newRuleId });
    if (!planned.ok) {
      if (planned.errors.every((e) => e.field === ''))
        throw new RuleChangeError({ kind: 'invalid-file', message: planned.errors.map((e) => e.message).join(' ') });
      throw invalidRules(planned.errors);
    }
    const { plan } = planned;
    const summary = `${plan.added.length} created, ${plan.changed.length} updated, ${plan.removed.length} deleted, ${plan.unchanged.length} unchanged`;
    const note = await this.enforceGuard(
      { rules: plan.proposed },
      { action: dryRun ? 'rules.import_checked' : 'rules.imported', resource: null },
    );
    const result: RulesImportResult = {
      dry_run: dryRun,
      applied: false,
      created: plan.added.map((r) => r.name),
      updated: plan.changed.map((c) => c.after.name),
      deleted: plan.removed.map((r) => r.name),
      unchanged: plan.unchanged.map((r) => r.name),
      preview: previewReport(
        await this.factsFor({ ruleSets: [current, plan.proposed], userNames: [this.facts.currentAdmin()] }),
        plan.proposed,
        false,
      ),
    };
    if (!dryRun) {
      const change: RuleSetChange = {
        put: [...plan.added, ...plan.changed.map((c) => c.after)],
        deleted: plan.removed.map((r) => r.rule_id),
      };
      if (change.put.length > 0 || change.deleted.length > 0)
        await this.write(change, adminChange('rules.imported', withNote(`Rule set imported: ${summary}.`, note), null));
      result.applied = true;
    }
    return result;
  }

  /** Turns auto user provisioning on (guarded) or off (always allowed); nothing happens when it already is. */
  async setAutoUserProvisioning(enable: boolean): Promise<void> {
    if (enable === this.facts.autoUserProvisioning()) return;
    const action = enable ? 'auto_user_provisioning.enabled' : 'auto_user_provisioning.disabled';
    if (enable) await this.enforceGuard({ enabling: true }, { action, resource: AUTO_USER_PROVISIONING });
    await this.logged(
      () => this.sink.writeAutoUserProvisioning(enable),
      adminChange(action, `Auto user provisioning ${enable ? 'enabled' : 'disabled'}.`, AUTO_USER_PROVISIONING),
    );
  }

  /** Checks a change of the current admin (the settings are written by their owner): throws when refused. */
  async guardCurrentAdminChange(currentAdmin: string | null, attempt: Attempt): Promise<void> {
    await this.enforceGuard({ currentAdmin }, attempt);
  }

  // ---- the parts every change shares ----

  /** The target's facts for one question (its population held only while it is answered). */
  private factsFor(scope: FactsScope): Promise<RulesFacts> {
    return this.facts.facts(scope);
  }

  private context() {
    return { roles: this.facts.roles, organizationalUnits: this.facts.organizationalUnits() };
  }

  private require(id: string): Rule {
    const rule = this.facts.rules().find((r) => r.rule_id === id);
    if (!rule) throw new RuleChangeError({ kind: 'unknown-rule', message: `Rule ${id} not found.` });
    return rule;
  }

  /**
   * Refuses (and logs the refusal) when the guard is enforced and says no; returns the guard's note on an
   * allowed change (the current admin is already locked out), for the change's activity line.
   */
  private async enforceGuard(change: ProposedChange, attempt: Attempt): Promise<string | undefined> {
    if (!guardEnforced(this.facts, change)) return undefined;
    const current = this.facts.rules();
    const facts = await this.factsFor({
      ruleSets: [current, change.rules ?? current],
      userNames: [this.facts.currentAdmin(), change.currentAdmin ?? null],
    });
    const result = guardVerdict(facts, change);
    if (result.ok) return 'note' in result ? result.note : undefined;
    const refusal = guardRefusal(facts, change, result);
    this.activity
      .reserve()
      .fill([adminChange(attempt.action, `Refused: ${refusal.message}`, attempt.resource, 'refused', result.rule_ids)]);
    throw new RuleChangeError({ kind: 'guard-refused', refusal });
  }

  private write(change: RuleSetChange, line: ActivityInput): Promise<void> {
    return this.logged(() => this.sink.writeRules(change), line);
  }

  /** Runs a write, and logs its line once it is durable: before the lines of the access changes it causes. */
  private async logged(write: () => Promise<void>, line: ActivityInput): Promise<void> {
    const place = this.activity.reserve();
    try {
      await write();
    } catch (error) {
      place.drop();
      throw error;
    }
    place.fill([line]);
  }
}

/**
 * Makes a plan's calls against the Clumio account, one at a time in the plan's order, each recorded in
 * Activity as it answers. The first call that fails stops the apply: what was done stays done (Clumio has it
 * and Activity says so), and the error says what was done, what failed and what was not sent, so the admin
 * (or a script) plans again and gets exactly the calls that are left.
 */
import { logAdminChange } from '../activity/admin-changes.js';
import type { ActivitySink } from '../activity/types.js';
import type { ClumioClient } from '../tenants/clumio/clumio-client.js';
import { explainTenantError } from '../tenants/error-sentence.js';
import { isTenantApiError } from '../tenants/tenant-error.js';
import type { ClumioAppliedCall, ClumioApplyIncomplete } from './account-types.js';
import type { PlanStep } from './rules-plan.js';

export class ApplyIncompleteError extends Error {
  constructor(readonly details: ClumioApplyIncomplete) {
    const done = details.done.length;
    super(
      `The Clumio account was changed only in part: ${done} call${done === 1 ? '' : 's'} made, then ${details.failed.method} ${details.failed.path} failed (${details.failed.message}); ` +
        `${details.not_sent.length} not sent. Plan again to see what is left.`,
    );
    this.name = 'ApplyIncompleteError';
  }
}

const VERB = { create: 'created', update: 'updated', delete: 'deleted' } as const;

export async function applySteps(
  client: ClumioClient,
  steps: readonly PlanStep[],
  activity: ActivitySink,
): Promise<ClumioAppliedCall[]> {
  const done: ClumioAppliedCall[] = [];
  for (const [index, step] of steps.entries()) {
    const { call, rule } = step;
    const resource = { type: 'Rule' as const, id: step.kind === 'create' ? null : rule.rule_id, name: rule.name };
    try {
      const answer =
        step.kind === 'create'
          ? await client.createRule(rule)
          : step.kind === 'update'
            ? await client.updateRule(rule.rule_id, rule)
            : await client.deleteRule(rule.rule_id);
      const id = step.kind === 'create' && answer.value ? answer.value.rule_id : rule.rule_id;
      done.push({ method: call.method, path: call.path, status: answer.call.status });
      logAdminChange(
        activity,
        `clumio.rule.${VERB[step.kind]}`,
        `Clumio account: rule '${rule.name}' ${VERB[step.kind]} (${call.method} ${call.path} answered ${answer.call.status}).`,
        { ...resource, id },
      );
    } catch (error) {
      if (!isTenantApiError(error)) throw error;
      const message = explainTenantError(error.info, client.clock.now());
      logAdminChange(
        activity,
        `clumio.rule.${VERB[step.kind]}`,
        `Clumio account: rule '${rule.name}' not ${VERB[step.kind]}: ${call.method} ${call.path} failed: ${message}`,
        resource,
        'refused',
      );
      throw new ApplyIncompleteError({
        done,
        failed: { ...call, status: error.info.status, message },
        not_sent: steps.slice(index + 1).map((s) => s.call),
      });
    }
  }
  return done;
}

/**
 * `access.granted` / `access.revoked`: one event per (user, role, organizational unit) gained or lost, with
 * the rule that caused it (for a revocation, the rule that had granted it), recorded by the access service
 * as it follows the change that caused it: a SCIM write, a rules change, a settings change. They are emitted
 * whether or not auto user provisioning is enabled; `auto_user_provisioning_enabled` says whether Clumio
 * would act on them.
 */
import type { Access, AccessChange } from '../rules/access.js';
import type { EventInput } from '../store/types.js';
import { newEventId } from './event-id.js';

export function accessEvents(changes: readonly AccessChange[], enabled: boolean, timestamp: string): EventInput[] {
  const events: EventInput[] = [];
  const event = (change: AccessChange, access: Access, type: 'access.granted' | 'access.revoked') => {
    const rule = access.rules[0];
    events.push({
      id: newEventId(),
      type,
      timestamp,
      key: `user:${change.user_id}`,
      data: {
        user: { id: change.user_id, userName: change.userName },
        role_id: access.role_id,
        organizational_unit_id: access.organizational_unit_id,
        rule: rule ? { id: rule.rule_id, name: rule.name } : null,
        auto_user_provisioning_enabled: enabled,
      },
    });
  };
  for (const change of changes) {
    for (const access of change.lost) event(change, access, 'access.revoked');
    for (const access of change.gained) event(change, access, 'access.granted');
  }
  return events;
}

/**
 * `/api/settings` and `/api/settings/auto-user-provisioning`. Enabling auto user provisioning and changing
 * the current admin while it is on pass the lockout guard; disabling is always allowed. `identity_provider`
 * picks the wizard's setup profile (Okta or Microsoft Entra ID); switching it keeps every piece of data.
 * `provisioning_target` says where Okta provisions to (this endpoint or Clumio); it changes no data either.
 */
import {
  PROVISIONING_METHODS,
  PROVISIONING_TARGETS,
  generalSettings,
  identityProviderChosen,
  putGeneralSettingsOp,
  type GeneralSettings,
} from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import { IDENTITY_PROVIDERS } from '../../identity-providers/identity-provider.js';
import { logAdminChange } from '../../activity/admin-changes.js';
import { invalidBody } from '../admin-error.js';
import type { FieldIssue } from '../contract.js';
import { isRecord } from '../../util/is-record.js';
import { AdminRouter } from '../typed-router.js';

function parseAutoUserProvisioning(body: unknown): boolean {
  if (!isRecord(body) || typeof body.is_enabled !== 'boolean') {
    throw invalidBody('The body must be {"is_enabled": true} or {"is_enabled": false}.', [{ field: 'is_enabled', message: 'must be a boolean' }]);
  }
  const extra = Object.keys(body).filter((key) => key !== 'is_enabled');
  if (extra.length > 0) throw invalidBody(`Unknown field "${extra[0]}": the setting has only is_enabled.`, extra.map((field) => ({ field, message: 'unknown field' })));
  return body.is_enabled;
}

function parseSettingsUpdate(body: unknown, current: GeneralSettings): GeneralSettings {
  if (!isRecord(body)) throw invalidBody('The body must be a JSON object with current_admin, provisioning_method, identity_provider and/or provisioning_target.');
  const issues: FieldIssue[] = [];
  let currentAdmin = current.current_admin;
  let method = current.provisioning_method;
  let idp = current.identity_provider;
  let target = current.provisioning_target;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'current_admin') {
      if (value === null || (typeof value === 'string' && value.trim() === '')) currentAdmin = null;
      else if (typeof value === 'string') currentAdmin = value.trim();
      else issues.push({ field: key, message: 'must be a userName (string) or null' });
    } else if (key === 'provisioning_method') {
      const match = PROVISIONING_METHODS.find((m) => m === value);
      if (match) method = match;
      else issues.push({ field: key, message: `must be one of ${PROVISIONING_METHODS.join(', ')}` });
    } else if (key === 'identity_provider') {
      const match = IDENTITY_PROVIDERS.find((p) => p === value);
      if (match) idp = match;
      else issues.push({ field: key, message: `must be one of ${IDENTITY_PROVIDERS.join(', ')}` });
    } else if (key === 'provisioning_target') {
      const match = PROVISIONING_TARGETS.find((t) => t === value);
      if (match) target = match;
      else issues.push({ field: key, message: `must be one of ${PROVISIONING_TARGETS.join(', ')} (where Okta provisions to)` });
    } else issues.push({ field: key, message: 'unknown field' });
  }
  if (issues.length > 0) throw invalidBody(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  return { current_admin: currentAdmin, provisioning_method: method, identity_provider: idp, provisioning_target: target };
}

const IDP_NAMES = { okta: 'Okta', entra: 'Microsoft Entra ID' } as const;
const TARGET_NAMES = { 'scim-desk': 'this SCIM endpoint', clumio: 'Clumio' } as const;

const SETTING = { type: 'Setting' as const };

export function settingsRouter(services: AdminServices) {
  const { store, activity } = services;
  const api = new AdminRouter();

  api.on('GET /api/settings/auto-user-provisioning', () => ({ is_enabled: services.rules.autoUserProvisioning() }));

  api.on('PUT /api/settings/auto-user-provisioning', async (req) => {
    const enable = parseAutoUserProvisioning(req.body);
    await services.rules.setAutoUserProvisioning(enable);
    return { is_enabled: enable };
  });

  api.on('GET /api/settings', () => generalSettings(store));

  api.on('PUT /api/settings', async (req) => {
    const before = generalSettings(store);
    const after = parseSettingsUpdate(req.body, before);
    const resource = { ...SETTING, id: 'general', name: 'Settings' };
    const adminChanged = (after.current_admin ?? '').toLowerCase() !== (before.current_admin ?? '').toLowerCase();
    if (adminChanged) services.rules.guardCurrentAdminChange(after.current_admin, { action: 'settings.updated', resource });
    // Choosing the profile is a change even when it is the default one: the console stops asking.
    const chosenBefore = identityProviderChosen(store);
    const choosing = isRecord(req.body) && req.body.identity_provider !== undefined;
    const idpChanged = after.identity_provider !== before.identity_provider || (choosing && !chosenBefore);
    const targetChanged = after.provisioning_target !== before.provisioning_target;
    if (adminChanged || after.current_admin !== before.current_admin || after.provisioning_method !== before.provisioning_method || idpChanged || targetChanged) {
      // Switching the profile changes only which checklist the wizard shows: users, groups, rules and evidence stay.
      await store.commit([putGeneralSettingsOp(after, chosenBefore || choosing)]);
      const changes = [
        ...(after.current_admin !== before.current_admin ? [`current admin ${after.current_admin ?? '(none)'}`] : []),
        ...(after.provisioning_method !== before.provisioning_method ? [`provisioning method ${after.provisioning_method}`] : []),
        ...(idpChanged ? [`identity provider ${IDP_NAMES[after.identity_provider]}`] : []),
        ...(targetChanged ? [`Okta provisions to ${TARGET_NAMES[after.provisioning_target]}`] : []),
      ];
      logAdminChange(activity, 'settings.updated', `Settings changed: ${changes.join(', ')}.`, resource);
    }
    return after;
  });
  return api.router;
}

/**
 * `/api/settings` and `/api/settings/auto-user-provisioning`. Enabling auto user provisioning and changing
 * the current admin while it is on pass the lockout guard; disabling is always allowed. `identity_provider`
 * and `okta_app` (`<idp>_app` for any identity provider with several kinds of app) pick the wizard's profile;
 * switching them keeps every piece of data.
 * `/api/admin-lockout` says whether the identity provider has locked the current admin out while it is on.
 * `provisioning_target` says where Okta provisions to (this endpoint or Clumio); it changes no data either.
 */
import { adminLockout } from '../../access/admin-lockout.js';
import {
  PROVISIONING_METHODS,
  PROVISIONING_TARGETS,
  generalSettings,
  identityProviderChosen,
  provisioningTargetChosen,
  putGeneralSettingsOp,
  type GeneralSettings,
} from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import {
  appSettings,
  appsOf,
  identityProviders,
  isIdentityProvider,
  profileFor,
} from '../../identity-providers/registry.js';
import { logAdminChange } from '../../activity/admin-changes.js';
import { invalidBody } from '../admin-error.js';
import type { FieldIssue, Settings } from '../contract.js';
import { isRecord } from '../../util/is-record.js';
import { AdminRouter } from '../typed-router.js';
import { writeDocs } from '../../store/doc-ops.js';

function parseAutoUserProvisioning(body: unknown): boolean {
  if (!isRecord(body) || typeof body.is_enabled !== 'boolean') {
    throw invalidBody('The body must be {"is_enabled": true} or {"is_enabled": false}.', [
      { field: 'is_enabled', message: 'must be a boolean' },
    ]);
  }
  const extra = Object.keys(body).filter((key) => key !== 'is_enabled');
  if (extra.length > 0)
    throw invalidBody(
      `Unknown field "${extra[0]}": the setting has only is_enabled.`,
      extra.map((field) => ({ field, message: 'unknown field' })),
    );
  return body.is_enabled;
}

function parseSettingsUpdate(body: unknown, current: GeneralSettings): GeneralSettings {
  if (!isRecord(body))
    throw invalidBody(
      'The body must be a JSON object with current_admin, provisioning_method, identity_provider, okta_app and/or provisioning_target.',
    );
  const issues: FieldIssue[] = [];
  let currentAdmin = current.current_admin;
  let method = current.provisioning_method;
  let idp = current.identity_provider;
  const apps = { ...current.apps };
  const choices = appSettings();
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
      if (isIdentityProvider(value)) idp = value;
      else issues.push({ field: key, message: `must be one of ${identityProviders().join(', ')}` });
    } else if (key === 'provisioning_target') {
      const match = PROVISIONING_TARGETS.find((t) => t === value);
      if (match) target = match;
      else
        issues.push({
          field: key,
          message: `must be one of ${PROVISIONING_TARGETS.join(', ')} (where Okta provisions to)`,
        });
    } else if (choices.has(key)) {
      const known = appsOf(choices.get(key)!).map((profile) => profile.app);
      if (typeof value === 'string' && known.includes(value)) apps[key] = value;
      else issues.push({ field: key, message: `must be one of ${known.join(', ')}` });
    } else issues.push({ field: key, message: 'unknown field' });
  }
  if (issues.length > 0) throw invalidBody(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  return {
    current_admin: currentAdmin,
    provisioning_method: method,
    identity_provider: idp,
    apps,
    provisioning_target: target,
  };
}

/** The settings as the API answers them: the app choices flat beside the others. */
function settingsBody(settings: GeneralSettings): Settings {
  const { apps, ...rest } = settings;
  return { ...rest, ...apps } as Settings;
}

/** "Okta (A custom SCIM 2.0 app integration)" for the activity line. */
function profileName(settings: GeneralSettings): string {
  const profile = profileFor(settings.identity_provider, settings.apps);
  return appsOf(profile.idp).length > 1 ? `${profile.words.name} (${profile.words.appName})` : profile.words.name;
}

const TARGET_NAMES = { 'scim-desk': 'this SCIM endpoint', clumio: 'Clumio' } as const;

const SETTING = { type: 'Setting' as const };

export function settingsRouter(services: AdminServices) {
  const { store, documents, activity } = services;
  const api = new AdminRouter();

  api.on('GET /api/settings/auto-user-provisioning', () => ({ is_enabled: services.rules.autoUserProvisioning() }));

  api.on('PUT /api/settings/auto-user-provisioning', async (req) => {
    const enable = parseAutoUserProvisioning(req.body);
    await services.rules.setAutoUserProvisioning(enable);
    return { is_enabled: enable };
  });

  api.on('GET /api/admin-lockout', () => ({ lockout: adminLockout(services.lockout.documentsNow, services.access) }));

  api.on('GET /api/settings', () => settingsBody(generalSettings(documents)));

  api.on('PUT /api/settings', async (req) => {
    const before = generalSettings(documents);
    const after = parseSettingsUpdate(req.body, before);
    const resource = { ...SETTING, id: 'general', name: 'Settings' };
    const adminChanged = (after.current_admin ?? '').toLowerCase() !== (before.current_admin ?? '').toLowerCase();
    if (adminChanged)
      await services.rules.guardCurrentAdminChange(after.current_admin, { action: 'settings.updated', resource });
    // Choosing the profile is a change even when it is the default one: the console stops asking.
    const chosenBefore = identityProviderChosen(documents);
    const choosing = isRecord(req.body) && req.body.identity_provider !== undefined;
    const idpChanged = after.identity_provider !== before.identity_provider || (choosing && !chosenBefore);
    const appChanged = Object.keys(after.apps).some((setting) => after.apps[setting] !== before.apps[setting]);
    // Choosing the target is a change even when it is the default: the wizard stops asking.
    const targetChosenBefore = provisioningTargetChosen(documents);
    const choosingTarget = isRecord(req.body) && req.body.provisioning_target !== undefined;
    const targetChanged =
      after.provisioning_target !== before.provisioning_target || (choosingTarget && !targetChosenBefore);
    if (
      adminChanged ||
      after.current_admin !== before.current_admin ||
      after.provisioning_method !== before.provisioning_method ||
      idpChanged ||
      appChanged ||
      targetChanged
    ) {
      // Switching the profile or the target changes only which checklist the wizard shows: users, groups, rules and evidence stay.
      await writeDocs(store, [
        putGeneralSettingsOp(after, chosenBefore || choosing, targetChosenBefore || choosingTarget),
      ]);
      const changes = [
        ...(after.current_admin !== before.current_admin ? [`current admin ${after.current_admin ?? '(none)'}`] : []),
        ...(after.provisioning_method !== before.provisioning_method
          ? [`provisioning method ${after.provisioning_method}`]
          : []),
        ...(idpChanged || appChanged ? [`identity provider ${profileName(after)}`] : []),
        ...(targetChanged ? [`Okta provisions to ${TARGET_NAMES[after.provisioning_target]}`] : []),
      ];
      logAdminChange(activity, 'settings.updated', `Settings changed: ${changes.join(', ')}.`, resource);
    }
    return settingsBody(after);
  });
  return api.router;
}

/**
 * Where the auto-user-provisioning configuration lives in the repository's document collections, and how
 * it is read back. Stored documents were validated on the way in; reading them trusts their shape but
 * drops anything that is not one, so a hand-edited data file cannot crash the server.
 *
 * - `rules`: one document per rule, keyed by rule_id, in Clumio's wire format plus rule_id.
 * - `organizationalUnits`: the child OUs; the Global OU is built in and never stored.
 * - `settings`: `auto-user-provisioning` ({ is_enabled }) and `general` ({ current_admin, provisioning_method,
 *   identity_provider, okta_app, provisioning_target }; identity_provider and provisioning_target are absent until
 *   the admin chose them;
 *   `<idp>_app` picks the kind of app for an identity provider that has several).
 */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';
import { appSettings, appsOf, defaultIdentityProvider, isIdentityProvider } from '../identity-providers/registry.js';
import { GLOBAL_OU, GLOBAL_OU_ID, type OrganizationalUnit } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import type { DocumentReader } from '../store/directory-store.js';
import type { DocOp } from '../store/doc-ops.js';
import { isRecord } from '../util/is-record.js';
import type { ProvisioningMethod, ProvisioningTarget } from './access-types.js';

export const PROVISIONING_METHODS: readonly ProvisioningMethod[] = ['scim', 'saml', 'none'];
export const PROVISIONING_TARGETS: readonly ProvisioningTarget[] = ['scim-desk', 'clumio'];

export interface GeneralSettings {
  /** The admin's own Okta userName: the account that must keep Super Admin on the Global OU. */
  readonly current_admin: string | null;
  readonly provisioning_method: ProvisioningMethod;
  readonly identity_provider: IdentityProvider;
  /** The kind of app per identity provider that has several, by setting: `{ okta_app: 'clumio-catalog' }`.
   * Every such setting is present (its first app when none was chosen), whichever identity provider is current. */
  readonly apps: Readonly<Record<string, string>>;
  /** Where Okta provisions to: this endpoint, or Clumio itself (the rollout). */
  readonly provisioning_target: ProvisioningTarget;
}

export const AUTO_USER_PROVISIONING_DOC = 'auto-user-provisioning';
export const GENERAL_SETTINGS_DOC = 'general';

const DEFAULT_PROVISIONING_METHOD: ProvisioningMethod = 'scim';
const DEFAULT_PROVISIONING_TARGET: ProvisioningTarget = 'scim-desk';

function isRule(value: unknown): value is Rule {
  if (!isRecord(value) || typeof value.rule_id !== 'string' || typeof value.name !== 'string') return false;
  if (typeof value.condition !== 'string' || !isRecord(value.provision)) return false;
  return typeof value.provision.role_id === 'string' && Array.isArray(value.provision.organizational_unit_ids);
}

function isOrganizationalUnit(value: unknown): value is OrganizationalUnit {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.parent_id === 'string'
  );
}

export function storedRules(repo: DocumentReader): Rule[] {
  return repo.listDocs<unknown>('rules').filter(isRule);
}

export function storedRule(repo: DocumentReader, id: string): Rule | undefined {
  const doc = repo.getDoc<unknown>('rules', id);
  return isRule(doc) ? doc : undefined;
}

/** The Global OU first, then the stored child OUs in creation order. */
export function organizationalUnits(repo: DocumentReader): OrganizationalUnit[] {
  const stored = repo.listDocs<unknown>('organizationalUnits').filter(isOrganizationalUnit);
  return [
    GLOBAL_OU,
    ...stored
      .filter((unit) => unit.id !== GLOBAL_OU_ID)
      .map((unit) => ({ ...unit, description: unit.description ?? '' })),
  ];
}

export function autoUserProvisioningEnabled(repo: DocumentReader): boolean {
  const doc = repo.getDoc<unknown>('settings', AUTO_USER_PROVISIONING_DOC);
  return isRecord(doc) && doc.is_enabled === true;
}

export function generalSettings(repo: DocumentReader): GeneralSettings {
  const found = repo.getDoc<unknown>('settings', GENERAL_SETTINGS_DOC);
  const doc = isRecord(found) ? found : {};
  const admin = typeof doc.current_admin === 'string' && doc.current_admin.trim() !== '' ? doc.current_admin : null;
  const method = PROVISIONING_METHODS.find((m) => m === doc.provisioning_method);
  // An identity provider whose profile is no longer registered falls back to the default one.
  const idp = isIdentityProvider(doc.identity_provider) ? doc.identity_provider : defaultIdentityProvider();
  const target = PROVISIONING_TARGETS.find((t) => t === doc.provisioning_target);
  return {
    current_admin: admin,
    provisioning_method: method ?? DEFAULT_PROVISIONING_METHOD,
    identity_provider: idp,
    apps: appChoices(doc),
    provisioning_target: target ?? DEFAULT_PROVISIONING_TARGET,
  };
}

/** Each app-choice setting's stored app, when it is one of that identity provider's, else its first app. */
function appChoices(doc: Record<string, unknown>): Record<string, string> {
  const apps: Record<string, string> = {};
  for (const [setting, idp] of appSettings()) {
    const known = appsOf(idp);
    apps[setting] = known.find((profile) => profile.app === doc[setting])?.app ?? known[0]!.app;
  }
  return apps;
}

/** Whether the admin has chosen an identity provider yet (the console asks on first run). */
export function identityProviderChosen(repo: DocumentReader): boolean {
  const doc = repo.getDoc<unknown>('settings', GENERAL_SETTINGS_DOC);
  return isRecord(doc) && isIdentityProvider(doc.identity_provider);
}

/** Whether the admin has chosen where the identity provider provisions to (the wizard asks on first run). */
export function provisioningTargetChosen(repo: DocumentReader): boolean {
  const doc = repo.getDoc<unknown>('settings', GENERAL_SETTINGS_DOC);
  return isRecord(doc) && PROVISIONING_TARGETS.some((t) => t === doc.provisioning_target);
}

// ---- ops (written with writeDocs, one transaction each) ----

export const putRuleOp = (rule: Rule): DocOp => ({ op: 'putDoc', collection: 'rules', id: rule.rule_id, doc: rule });
export const deleteRuleOp = (id: string): DocOp => ({ op: 'deleteDoc', collection: 'rules', id });
export const putOrganizationalUnitOp = (unit: OrganizationalUnit): DocOp => ({
  op: 'putDoc',
  collection: 'organizationalUnits',
  id: unit.id,
  doc: unit,
});
export const deleteOrganizationalUnitOp = (id: string): DocOp => ({
  op: 'deleteDoc',
  collection: 'organizationalUnits',
  id,
});
export const putAutoUserProvisioningOp = (isEnabled: boolean): DocOp => ({
  op: 'putDoc',
  collection: 'settings',
  id: AUTO_USER_PROVISIONING_DOC,
  doc: { is_enabled: isEnabled },
});
/** `identityProviderChosen: false` and `provisioningTargetChosen: false` keep those choices open (a default is
 * not a choice). */
export const putGeneralSettingsOp = (
  settings: GeneralSettings,
  identityProviderChosen = true,
  provisioningTargetChosen = true,
): DocOp => {
  const { identity_provider, apps, provisioning_target, ...rest } = settings;
  const doc = {
    ...rest,
    ...apps,
    ...(identityProviderChosen ? { identity_provider } : {}),
    ...(provisioningTargetChosen ? { provisioning_target } : {}),
  };
  return { op: 'putDoc', collection: 'settings', id: GENERAL_SETTINGS_DOC, doc };
};

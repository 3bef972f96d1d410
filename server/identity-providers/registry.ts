/**
 * Which identity profiles exist: the built-in ones (profiles/built-in.ts), and any module registered beside
 * them. Everything that needs to know an identity provider (the settings, the wizard, the rehearsal, the
 * explainer, the CLI) asks here instead of naming one.
 */
import type { IdentityProvider } from './identity-provider.js';
import type { IdentityProfile } from './profile.js';
import { BUILT_IN_PROFILES } from './profiles/built-in.js';

const profiles: IdentityProfile[] = [...BUILT_IN_PROFILES];

/** Adds a profile (a new identity provider, or another kind of app in a known one); returns its removal. */
export function registerIdentityProfile(profile: IdentityProfile): () => void {
  if (profiles.some((p) => p.idp === profile.idp && p.app === profile.app)) {
    throw new Error(`An identity profile ${profile.idp}/${profile.app} is already registered.`);
  }
  profiles.push(profile);
  return () => {
    const index = profiles.indexOf(profile);
    if (index >= 0) profiles.splice(index, 1);
  };
}

export function identityProfiles(): readonly IdentityProfile[] {
  return profiles;
}

/** The identity providers, in registration order (the first is the default). */
export function identityProviders(): IdentityProvider[] {
  return [...new Set(profiles.map((p) => p.idp))];
}

export function isIdentityProvider(value: unknown): value is IdentityProvider {
  return typeof value === 'string' && profiles.some((p) => p.idp === value);
}

/** The kinds of app one identity provider has profiles for; the first is its default. */
export function appsOf(idp: IdentityProvider): IdentityProfile[] {
  return profiles.filter((p) => p.idp === idp);
}

/** The setting that picks the kind of app, for an identity provider that has several: `okta_app`. */
export function appSettingOf(idp: IdentityProvider): string | null {
  return appsOf(idp).length > 1 ? `${idp}_app` : null;
}

/** Every app-choice setting: `{ okta_app: 'okta' }` (setting → identity provider). */
export function appSettings(): Map<string, IdentityProvider> {
  const settings = new Map<string, IdentityProvider>();
  for (const idp of identityProviders()) {
    const setting = appSettingOf(idp);
    if (setting) settings.set(setting, idp);
  }
  return settings;
}

export function defaultIdentityProvider(): IdentityProvider {
  return profiles[0]!.idp;
}

/**
 * The profile of an identity provider with the app chosen for it (`apps`: setting → app id, e.g.
 * `{ okta_app: 'custom-scim' }`); its first app when none is chosen or the choice is unknown; the default
 * profile for an identity provider no profile is registered for (a module that was removed).
 */
export function profileFor(idp: IdentityProvider, apps: Readonly<Record<string, string>> = {}): IdentityProfile {
  const candidates = appsOf(idp);
  if (candidates.length === 0) return profiles[0]!;
  const setting = appSettingOf(idp);
  const chosen = setting ? apps[setting] : undefined;
  return candidates.find((p) => p.app === chosen) ?? candidates[0]!;
}

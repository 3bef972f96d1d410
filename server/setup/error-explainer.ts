/**
 * The error explainer: texts an identity provider shows (Okta's task and test messages, Entra's
 * provisioning-log codes and Test Connection messages), each with its cause, its fix, its public source, and
 * what SCIM Desk itself saw that bears on it. The catalogues are the identity profiles' (`errors`); docs cite
 * every entry's source (docs/setup-wizard.md, docs/entra.md).
 *
 * A pasted text is matched against the current profile's catalogue; another identity provider's catalogue
 * only when the text is clearly that identity provider's (its codes, its message frames), and the answer then
 * names whose text it is. Loose patterns of one catalogue ("Conflict", "already exists") never answer for
 * another identity provider's words.
 */
import { fillWords } from '../identity-providers/fill.js';
import type { ErrorEntry, IdentityProfile } from '../identity-providers/profile.js';
import { identityProviders, profileFor } from '../identity-providers/registry.js';
import { seenFor } from './error-seen.js';
import type { IdpErrorInfo } from './setup-types.js';
import type { SetupFacts } from './setup-facts.js';

function info(profile: IdentityProfile, entry: ErrorEntry, facts: SetupFacts | undefined): IdpErrorInfo {
  const { id, title, source } = entry;
  return {
    id,
    idp: profile.idp,
    idpName: profile.words.name,
    title,
    cause: fillWords(entry.cause, profile.words),
    fix: fillWords(entry.fix, profile.words),
    source,
    seen: facts ? seenFor(entry.seen, facts) : null,
  };
}

/** One profile's catalogue, in order (the pick list). */
export function errorCatalogue(profile: IdentityProfile, facts?: SetupFacts): IdpErrorInfo[] {
  return profile.errors.map((entry) => info(profile, entry, facts));
}

function matches(profile: IdentityProfile, text: string, facts: SetupFacts | undefined): IdpErrorInfo[] {
  const matched = profile.errors.filter((entry) => entry.patterns.some((pattern) => pattern.test(text)));
  const superseded = new Set(matched.flatMap((entry) => entry.supersedes ?? []));
  return matched.filter((entry) => !superseded.has(entry.id)).map((entry) => info(profile, entry, facts));
}

/** The known errors a pasted text matches, most specific first: the profile's, then another identity
 * provider's when the text is clearly its; empty when none. */
export function diagnoseError(
  text: string,
  facts: SetupFacts | undefined,
  profile: IdentityProfile = facts?.profile ?? profileFor(identityProviders()[0]!),
): IdpErrorInfo[] {
  const normalised = text.replace(/\s+/g, ' ').trim().slice(0, 10_000);
  if (normalised === '') return [];
  const others = identityProviders()
    .filter((idp) => idp !== profile.idp)
    .map((idp) => profileFor(idp))
    .filter((other) => other.recognisedBy.some((pattern) => pattern.test(normalised)));
  return [profile, ...others].flatMap((p) => matches(p, normalised, facts));
}

/**
 * A text Okta reported while it provisions into Clumio itself (a push mapping's `errorSummary`, a System Log
 * failure's reason), explained by the current profile's catalogue in the rollout's words: the cause and the fix
 * of the most specific entry it matches, or null when no entry does.
 */
export function explainRolloutError(
  text: string,
  profile: IdentityProfile,
): { title: string; cause: string; fix: string } | null {
  const normalised = text.replace(/\s+/g, ' ').trim().slice(0, 10_000);
  if (normalised === '') return null;
  const matched = profile.errors.filter((entry) => entry.patterns.some((pattern) => pattern.test(normalised)));
  const superseded = new Set(matched.flatMap((entry) => entry.supersedes ?? []));
  const entry = matched.find((candidate) => !superseded.has(candidate.id));
  if (!entry) return null;
  const words = entry.rollout ?? entry;
  return { title: entry.title, cause: fillWords(words.cause, profile.words), fix: fillWords(words.fix, profile.words) };
}

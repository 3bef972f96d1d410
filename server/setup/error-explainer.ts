/**
 * The error explainer: texts an identity provider shows (Okta's task and test messages, Entra's
 * provisioning-log codes and Test Connection messages), each with its cause, its fix, its public source, and
 * what SCIM Desk itself saw that bears on it. The catalogues are okta-errors.ts and entra-errors.ts; docs cite
 * every entry's source (docs/setup-wizard.md, docs/entra.md).
 */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';
import type { IdpErrorInfo } from './setup-types.js';
import type { SetupFacts } from './setup-facts.js';
import { ENTRA_ERRORS } from './entra-errors.js';
import { OKTA_ERRORS } from './okta-errors.js';

export interface ErrorEntry {
  id: string;
  title: string;
  cause: string;
  fix: string;
  source: string;
  /** Patterns are loose on purpose: providers wrap one message in different prefixes and admins paste fragments. */
  patterns: readonly RegExp[];
  /** More general entries this one makes redundant when both match. */
  supersedes?: readonly string[];
  /** What SCIM Desk saw that bears on this error, in a sentence; null when nothing does. */
  seen?: (facts: SetupFacts) => string | null;
}

const CATALOGUES: Record<IdentityProvider, readonly ErrorEntry[]> = { okta: OKTA_ERRORS, entra: ENTRA_ERRORS };

function info(idp: IdentityProvider, entry: ErrorEntry, facts: SetupFacts | undefined): IdpErrorInfo {
  const { id, title, cause, fix, source } = entry;
  return { id, idp, title, cause, fix, source, seen: facts && entry.seen ? entry.seen(facts) : null };
}

/** One identity provider's catalogue, in order (the pick list). */
export function errorCatalogue(idp: IdentityProvider, facts?: SetupFacts): IdpErrorInfo[] {
  return CATALOGUES[idp].map((entry) => info(idp, entry, facts));
}

/** The known errors a pasted text matches, the current profile's first, most specific first; empty when none. */
export function diagnoseError(text: string, facts: SetupFacts | undefined, profile: IdentityProvider = facts?.identityProvider ?? 'okta'): IdpErrorInfo[] {
  const normalised = text.replace(/\s+/g, ' ').trim().slice(0, 10_000);
  if (normalised === '') return [];
  const order: IdentityProvider[] = profile === 'entra' ? ['entra', 'okta'] : ['okta', 'entra'];
  return order.flatMap((idp) => {
    const matched = CATALOGUES[idp].filter((entry) => entry.patterns.some((pattern) => pattern.test(normalised)));
    const superseded = new Set(matched.flatMap((entry) => entry.supersedes ?? []));
    return matched.filter((entry) => !superseded.has(entry.id)).map((entry) => info(idp, entry, facts));
  });
}

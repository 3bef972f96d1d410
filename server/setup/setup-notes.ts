/**
 * What the traffic says about the identity provider that is worth knowing but is not a problem: in the
 * Entra profile, which PATCH dialect the provisioning job speaks and when its next cycle is due.
 */
import type { SetupNote } from './setup-types.js';
import type { ScimActivity } from '../activity/types.js';
import { describeRequest, newest, requestEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { cycleHint } from './steps/entra.js';

export type EntraDialectSeen = { dialect: 'default' | 'aadOptscim062020'; evidence: ScimActivity; mixed: boolean };

/** The dialect of the newest PATCH (either outcome), and whether the other one was seen too. */
export function entraDialect(facts: SetupFacts): EntraDialectSeen | undefined {
  const { succeeded, failed } = facts.summary;
  const defaultForm = newest(succeeded['patch-capitalised-ops']?.last, failed['patch-capitalised-ops']?.last, succeeded['active-as-string']?.last, failed['active-as-string']?.last);
  const compliant = newest(succeeded['patch-lowercase-ops']?.last, failed['patch-lowercase-ops']?.last);
  const latest = newest(defaultForm, compliant);
  if (!latest) return undefined;
  const dialect = latest === compliant && !latest.signals.includes('active-as-string') ? 'aadOptscim062020' : 'default';
  return { dialect, evidence: latest, mixed: defaultForm !== undefined && compliant !== undefined };
}

export function setupNotes(facts: SetupFacts): SetupNote[] {
  if (facts.identityProvider !== 'entra') return [];
  const notes: SetupNote[] = [];
  const seen = entraDialect(facts);
  if (seen) {
    const message =
      seen.dialect === 'default'
        ? 'Entra\'s provisioning job sends its default PATCH dialect (capitalised ops such as "Replace", active as "False", members removed with a value list): the Tenant URL has no ?aadOptscim062020. SCIM Desk accepts it as it is.'
        : 'Entra\'s provisioning job sends RFC 7644-compliant PATCH requests (lower-case ops, active as false, members removed by members[value eq "…"]): the Tenant URL ends in ?aadOptscim062020.';
    const mixed = seen.mixed
      ? seen.dialect === 'aadOptscim062020'
        ? ' Requests in the default dialect arrived earlier: from before the flag was added, or from Provision on demand, which Microsoft says the flag does not apply to.'
        : ' Compliant requests arrived earlier: the flag was removed from the Tenant URL, or those came from another client.'
      : '';
    notes.push({ id: 'entra-patch-dialect', message: message + mixed, evidence: requestEvidence(seen.evidence, `Newest PATCH: ${describeRequest(seen.evidence)}.`) });
  }
  const hint = cycleHint(facts);
  if (hint) notes.push({ id: 'entra-cycle-interval', message: hint.trim(), evidence: facts.summary.authenticated ? requestEvidence(facts.summary.authenticated.last) : null });
  return notes;
}

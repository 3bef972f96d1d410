/**
 * What the traffic says about the identity provider that is worth knowing but is not a problem: which PATCH
 * dialect Entra's provisioning job speaks, and when its next cycle is due. A profile shows the notes it has
 * words for (the Entra profile).
 */
import type { SetupNote } from './setup-types.js';
import type { ScimActivity } from '../activity/types.js';
import { fillWords } from '../identity-providers/fill.js';
import { describeRequest, newest, requestEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { cycleHint } from './steps/entra.js';

export type EntraDialectSeen = { dialect: 'default' | 'aadOptscim062020'; evidence: ScimActivity; mixed: boolean };

/** The dialect of the newest PATCH (either outcome), and whether the other one was seen too. */
export function entraDialect(facts: SetupFacts): EntraDialectSeen | undefined {
  const { succeeded, failed } = facts.summary;
  const defaultForm = newest(
    succeeded['patch-capitalised-ops']?.last,
    failed['patch-capitalised-ops']?.last,
    succeeded['active-as-string']?.last,
    failed['active-as-string']?.last,
  );
  const compliant = newest(succeeded['patch-lowercase-ops']?.last, failed['patch-lowercase-ops']?.last);
  const latest = newest(defaultForm, compliant);
  if (!latest) return undefined;
  const dialect = latest === compliant && !latest.signals.includes('active-as-string') ? 'aadOptscim062020' : 'default';
  return { dialect, evidence: latest, mixed: defaultForm !== undefined && compliant !== undefined };
}

export function setupNotes(facts: SetupFacts): SetupNote[] {
  const notes: SetupNote[] = [];
  const dialectWords = facts.profile.notes['entra-patch-dialect'];
  const seen = dialectWords ? entraDialect(facts) : undefined;
  if (dialectWords && seen) {
    const compliant = seen.dialect === 'aadOptscim062020';
    const message = (compliant ? dialectWords.compliant : dialectWords.default) ?? '';
    const mixed = seen.mixed
      ? ((compliant ? dialectWords['default-earlier'] : dialectWords['compliant-earlier']) ?? '')
      : '';
    notes.push({
      id: 'entra-patch-dialect',
      message: fillWords([message, mixed].filter(Boolean).join(' '), facts.profile.words),
      evidence: requestEvidence(seen.evidence, `Newest PATCH: ${describeRequest(seen.evidence)}.`),
    });
  }
  const hint = cycleHint(facts);
  if (hint)
    notes.push({
      id: 'entra-cycle-interval',
      message: hint,
      evidence: facts.summary.authenticated ? requestEvidence(facts.summary.authenticated.last) : null,
    });
  return notes;
}

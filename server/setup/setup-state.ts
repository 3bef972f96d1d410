/**
 * The wizard's state: the current profile's steps in order, each settled by its evidence source and said in
 * the profile's words, global conditions and the admin's confirmations applied, warnings and notes.
 */
import { fillWords } from '../identity-providers/fill.js';
import type { GuideLine, IdentityProfile, ProfileStep, SetupStepId, StepConsole } from '../identity-providers/profile.js';
import { identityProfiles } from '../identity-providers/registry.js';
import { lockoutWarnings } from './admin-lockout.js';
import type { SetupProfile, SetupState, SetupStep } from './setup-types.js';
import { stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { setupNotes } from './setup-notes.js';
import { setupWarnings } from './setup-warnings.js';
import { conditionOverrides, GLOBAL_CONDITIONS, type GlobalCondition } from './step-conditions.js';
import type { Finding, StepEvidenceSource } from './steps/step.js';
import { TRAFFIC_EVIDENCE, type EvidenceSources } from './steps/traffic.js';

export function isSetupStepId(id: string): id is SetupStepId {
  return Object.hasOwn(TRAFFIC_EVIDENCE, id) || identityProfiles().some((profile) => profile.steps.some((step) => step.id === id));
}

export function isConfirmable(id: SetupStepId, sources: EvidenceSources = TRAFFIC_EVIDENCE): boolean {
  return sources[id]?.confirmable === true;
}

export function isStepOf(profile: IdentityProfile, id: SetupStepId): boolean {
  return profile.steps.some((step) => step.id === id);
}

/** What the admin is told for a finding: SCIM Desk's own words, or the profile's for the finding's name. */
export function findingText(profile: IdentityProfile, step: ProfileStep, finding: Finding): string | null {
  if (finding.fix !== undefined) return finding.fix;
  if (finding.say === undefined) return null;
  const problem = finding.say.startsWith('connection:') ? finding.say.slice('connection:'.length) : undefined;
  const template = problem !== undefined ? profile.connection[problem as keyof IdentityProfile['connection']] : step.says[finding.say];
  // A profile module without words for a finding still says something true; the profile tests catch it first.
  const text = template === undefined ? `See the ${profile.words.short} instructions of this step ("${finding.say}").` : fillWords(template, profile.words, finding.values);
  const said = finding.afterConnection ? `${fillWords(profile.words.notConnected, profile.words)} ${text}` : text;
  return said.replace(/\s+$/, '');
}

const CONSOLES: Record<Exclude<StepConsole, 'identity-provider'>, string> = { 'scim-desk': 'SCIM Desk', clumio: 'Clumio' };

function guideLine(line: GuideLine, profile: IdentityProfile): GuideLine {
  return typeof line === 'string' ? fillWords(line, profile.words) : { path: line.path.map((part) => fillWords(part, profile.words)) };
}

function stepGuide(step: ProfileStep, profile: IdentityProfile): SetupStep['guide'] {
  return {
    console: step.console === 'identity-provider' ? profile.words.short : CONSOLES[step.console],
    instructions: step.instructions.map((line) => guideLine(line, profile)),
    cautions: (step.cautions ?? []).map((line) => guideLine(line, profile)),
  };
}

/** One step: what was observed wins; a confirmation settles only what is still open (never a failure). */
export function evaluateStep(step: ProfileStep, source: StepEvidenceSource, facts: SetupFacts, override?: Finding): SetupStep {
  const profile = facts.profile;
  const finding = override ?? source.settle(facts);
  const confirmedAt = source.confirmable ? facts.confirmations[step.id] : undefined;
  const base = { id: step.id, title: fillWords(step.title, profile.words), check: source.check, confirmable: source.confirmable, guide: stepGuide(step, profile) };
  if (confirmedAt !== undefined && (finding.state === 'todo' || finding.state === 'waiting')) {
    return { ...base, state: 'confirmed', evidence: finding.evidence ?? stateEvidence('Confirmed by the admin.', confirmedAt), fix: null };
  }
  return { ...base, state: finding.state, evidence: finding.evidence, fix: finding.state === 'done' ? null : findingText(profile, step, finding) };
}

/** The profile as the console needs it. */
export function setupProfile(profile: IdentityProfile): SetupProfile {
  return {
    idp: profile.idp,
    app: profile.app,
    words: profile.words,
    rehearsal: { blurb: profile.rehearsal.blurb, dialects: (profile.rehearsal.dialects ?? []).map((d) => ({ ...d })) },
  };
}

export function computeSetupState(facts: SetupFacts, sources: EvidenceSources = TRAFFIC_EVIDENCE, conditions: readonly GlobalCondition[] = GLOBAL_CONDITIONS): SetupState {
  const overrides = conditionOverrides(facts, conditions);
  const steps = facts.profile.steps.flatMap((step) => {
    const source = sources[step.id];
    return source ? [evaluateStep(step, source, facts, overrides.get(step.id))] : [];
  });
  return {
    identityProvider: facts.profile.idp,
    identityProviderChosen: facts.identityProviderChosen,
    profile: setupProfile(facts.profile),
    steps,
    warnings: [...lockoutWarnings(facts), ...setupWarnings(facts)],
    notes: setupNotes(facts),
    complete: steps.every((s) => s.state === 'done' || s.state === 'confirmed'),
  };
}

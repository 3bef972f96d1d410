/**
 * The wizard's state: the current profile's steps in order for the target's checklist (checklists.ts), each
 * settled by its evidence source and said in the profile's words, global conditions and the admin's
 * confirmations applied, warnings and notes.
 */
import { fillWords } from '../identity-providers/fill.js';
import type {
  GuideLine,
  IdentityProfile,
  ProfileStep,
  SetupStepId,
  StepConsole,
} from '../identity-providers/profile.js';
import { identityProfiles } from '../identity-providers/registry.js';
import { checklistFor, CHECKLISTS, type Checklist } from './checklists.js';
import type { SetupProfile, SetupState, SetupStep, SetupTenantsRead } from './setup-types.js';
import { stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { conditionOverrides, type GlobalCondition } from './step-conditions.js';
import type { Finding, StepEvidenceSource } from './steps/step.js';
import { TRAFFIC_EVIDENCE, type EvidenceSources } from './steps/traffic.js';

export function isSetupStepId(id: string): id is SetupStepId {
  return (
    CHECKLISTS.some((checklist) => Object.hasOwn(checklist.sources, id)) ||
    identityProfiles().some((profile) =>
      CHECKLISTS.some((checklist) => checklist.steps(profile).some((step) => step.id === id)),
    )
  );
}

/** Whether a step of a checklist can ever be confirmed (a finding may still say it cannot be now). */
export function isConfirmable(id: SetupStepId, sources: EvidenceSources = TRAFFIC_EVIDENCE): boolean {
  return sources[id]?.confirmable === true;
}

export function isStepOf(
  profile: IdentityProfile,
  id: SetupStepId,
  checklist: Checklist = checklistFor('scim-desk'),
): boolean {
  return checklist.steps(profile).some((step) => step.id === id);
}

/** What the admin is told for a finding: SCIM Desk's own words, or the profile's for the finding's name. */
export function findingText(profile: IdentityProfile, step: ProfileStep, finding: Finding): string | null {
  if (finding.fix !== undefined) return finding.fix;
  if (finding.say === undefined) return null;
  const problem = finding.say.startsWith('connection:') ? finding.say.slice('connection:'.length) : undefined;
  const template =
    problem !== undefined ? profile.connection[problem as keyof IdentityProfile['connection']] : step.says[finding.say];
  // A profile module without words for a finding still says something true; the profile tests catch it first.
  const text =
    template === undefined
      ? `See the ${profile.words.short} instructions of this step ("${finding.say}").`
      : fillWords(template, profile.words, finding.values);
  const said = finding.afterConnection ? `${fillWords(profile.words.notConnected, profile.words)} ${text}` : text;
  return said.replace(/\s+$/, '');
}

const CONSOLES: Record<Exclude<StepConsole, 'identity-provider'>, string> = {
  'scim-desk': 'SCIM Desk',
  clumio: 'Clumio',
};

function guideLine(line: GuideLine, profile: IdentityProfile): GuideLine {
  return typeof line === 'string'
    ? fillWords(line, profile.words)
    : { path: line.path.map((part) => fillWords(part, profile.words)) };
}

function stepGuide(step: ProfileStep, profile: IdentityProfile): SetupStep['guide'] {
  return {
    console: step.console === 'identity-provider' ? profile.words.short : CONSOLES[step.console],
    instructions: step.instructions.map((line) => guideLine(line, profile)),
    cautions: (step.cautions ?? []).map((line) => guideLine(line, profile)),
  };
}

/** One step: what was observed wins; a confirmation settles only what is still open (never a failure). */
export function evaluateStep(
  step: ProfileStep,
  source: StepEvidenceSource,
  facts: SetupFacts,
  override?: Finding,
): SetupStep {
  const profile = facts.profile;
  const finding = override ?? source.settle(facts);
  const confirmable = source.confirmable && finding.confirmable !== false;
  const confirmedAt = confirmable ? facts.confirmations[step.id] : undefined;
  const base = {
    id: step.id,
    title: fillWords(step.title, profile.words),
    check: source.check,
    confirmable,
    guide: stepGuide(step, profile),
  };
  if (confirmedAt !== undefined && (finding.state === 'todo' || finding.state === 'waiting')) {
    return {
      ...base,
      state: 'confirmed',
      evidence: finding.evidence ?? stateEvidence('Confirmed by the admin.', confirmedAt),
      fix: null,
    };
  }
  return {
    ...base,
    state: finding.state,
    evidence: finding.evidence,
    fix: finding.state === 'done' ? null : findingText(profile, step, finding),
  };
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

/** The connections and the read the rollout's steps come from; null for the `scim-desk` target. */
function tenantsRead(facts: SetupFacts, checklist: Checklist): SetupTenantsRead | null {
  if (checklist.target !== 'clumio') return null;
  const tenants = facts.tenants;
  return {
    oktaOrg: tenants?.oktaOrg ?? null,
    clumioAccount: tenants?.clumioAccount ?? null,
    readAt: tenants?.snapshot?.readAt ?? null,
    reading: tenants?.reading ?? false,
  };
}

/**
 * The checklist of the facts' target (`provisioning_target`), in the profile's words. Another source of
 * evidence, or other conditions, can settle the same step ids (tests pass their own).
 */
export function computeSetupState(
  facts: SetupFacts,
  sources?: EvidenceSources,
  conditions?: readonly GlobalCondition[],
): SetupState {
  const checklist = checklistFor(facts.provisioningTarget);
  const overrides = conditionOverrides(facts, conditions ?? checklist.conditions);
  const steps = checklist.steps(facts.profile).flatMap((step) => {
    const source = (sources ?? checklist.sources)[step.id];
    return source ? [evaluateStep(step, source, facts, overrides.get(step.id))] : [];
  });
  return {
    provisioningTarget: checklist.target,
    provisioningTargetChosen: facts.provisioningTargetChosen ?? false,
    tenants: tenantsRead(facts, checklist),
    identityProvider: facts.profile.idp,
    identityProviderChosen: facts.identityProviderChosen,
    profile: setupProfile(facts.profile),
    steps,
    warnings: checklist.warnings(facts),
    notes: checklist.notes(facts),
    complete: steps.every((s) => s.state === 'done' || s.state === 'confirmed'),
  };
}

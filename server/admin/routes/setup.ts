import type { AdminServices } from '../admin-services.js';
import { appSettingOf, appsOf, identityProviders, profileFor } from '../../identity-providers/registry.js';
import { confirmStep } from '../../setup/confirmations.js';
import { generalChecks } from '../../setup/diagnose-checks.js';
import { gatherSetupFacts } from '../../setup/gather-facts.js';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { diagnoseError, errorCatalogue } from '../../setup/error-explainer.js';
import type { SetupFacts } from '../../setup/setup-facts.js';
import { checklistFor } from '../../setup/checklists.js';
import { computeSetupState, isConfirmable, isSetupStepId, isStepOf } from '../../setup/setup-state.js';
import { generatedGroupNames } from '../../setup/steps/entra.js';
import { generalSettings } from '../../access/stored-config.js';
import { invalidBody, notFound } from '../admin-error.js';
import type { GroupNameFlag, IdentityProviderChoice, SetupState } from '../contract.js';
import { AdminRouter } from '../typed-router.js';

const MAX_PASTED_TEXT = 10_000;

const FLAG_MESSAGES: Record<GroupNameFlag['reason'], string> = {
  uuid: 'Named like an Entra object ID (a UUID): the group mapping probably still maps mailNickname. Write no rule against this name.',
  'mail-nickname':
    'Looks like a mail nickname (words joined without spaces), not a display name: check the group mapping in Entra before writing rules against it.',
};

/** Every registered identity provider with its kinds of app, in the order the console offers them. */
export function identityProviderChoices(): IdentityProviderChoice[] {
  return identityProviders().map((idp) => {
    const apps = appsOf(idp);
    const words = apps[0]!.words;
    return {
      id: idp,
      name: words.name,
      blurb: words.idpBlurb,
      username: words.username,
      appSetting: appSettingOf(idp),
      apps: apps.map((profile) => ({ id: profile.app, name: profile.words.appName, blurb: profile.words.appBlurb })),
    };
  });
}

/** `/api/setup` and `/api/identity-providers`: the wizard's steps for the current profile and target, the
 * admin's confirmations, the flagged group names, and the identity providers' error texts explained. With the
 * `clumio` target the steps come from the latest read of the Okta org and the Clumio account: answering never
 * calls either service; `POST /api/setup/refresh` reads them first. */
export function setupRouter(services: AdminServices, guided: GuidedSetup | undefined) {
  const api = new AdminRouter();
  const facts = (): Promise<SetupFacts> => (guided ? guided.facts() : gatherSetupFacts(services));
  const state = async (): Promise<SetupState> => computeSetupState(await facts());
  /** The profile of an identity provider with the app the settings remember for it. */
  const profileOf = (idp: string) => profileFor(idp, generalSettings(services.documents).apps);

  api.on('GET /api/setup', () => state());

  api.on('POST /api/setup/refresh', async () => {
    // A read that fails as a whole has been reported by the snapshot (onError); the steps say what they lack.
    if (services.tenants.connected()) await services.tenants.refresh().catch(() => undefined);
    return state();
  });

  api.on('GET /api/identity-providers', () => ({ items: identityProviderChoices() }));

  api.on('POST /api/setup/steps/:id/confirm', async (req) => {
    const id = req.params.id;
    if (!isSetupStepId(id)) throw notFound(`No setup step "${id}".`);
    const current = await facts();
    const checklist = checklistFor(current.provisioningTarget);
    if (!isConfirmable(id, checklist.sources)) {
      const from = checklist.target === 'clumio' ? "what Okta's and Clumio's APIs say" : 'what arrives';
      throw invalidBody(`The step "${id}" is checked from ${from}; it cannot be confirmed by hand.`);
    }
    const profile = current.profile;
    if (!isStepOf(profile, id, checklist))
      throw invalidBody(`The step "${id}" is not a step of the ${profile.words.name} profile.`);
    const confirmed = (req.body as { confirmed?: unknown } | undefined)?.confirmed;
    if (confirmed !== undefined && typeof confirmed !== 'boolean')
      throw invalidBody('confirmed must be true or false.', [{ field: 'confirmed', message: 'must be a boolean' }]);
    await confirmStep(services.store, id, confirmed !== false, new Date(), checklist.target);
    services.activity.append({
      kind: 'admin',
      action: confirmed === false ? 'setup.unconfirmed' : 'setup.confirmed',
      message: `Setup step "${id}" ${confirmed === false ? 'no longer confirmed' : 'confirmed'} by the admin.`,
    });
    return state();
  });

  api.on('GET /api/setup/errors', async () => {
    const current = await facts();
    return { items: errorCatalogue(current.profile, current) };
  });

  // The two catalogues by name, as the contract has always offered them.
  api.on('GET /api/setup/okta-errors', async () => ({ items: errorCatalogue(profileOf('okta'), await facts()) }));

  api.on('GET /api/setup/entra-errors', async () => ({ items: errorCatalogue(profileOf('entra'), await facts()) }));

  api.on('GET /api/setup/group-names', async () => {
    const items = generatedGroupNames(await facts()).map((g): GroupNameFlag => ({
      ...g,
      message: FLAG_MESSAGES[g.reason],
    }));
    return { items };
  });

  api.on('POST /api/setup/diagnose', async (req) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string')
      throw invalidBody('text must be the error message pasted from the identity provider.', [
        { field: 'text', message: 'must be a string' },
      ]);
    if (text.length > MAX_PASTED_TEXT) throw invalidBody(`text is too long (at most ${MAX_PASTED_TEXT} characters).`);
    const current = await facts();
    const matches = diagnoseError(text, current);
    return { matches, checks: matches.length === 0 && text.trim() !== '' ? generalChecks(current) : [] };
  });
  return api.router;
}

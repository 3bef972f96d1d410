import type { AdminServices } from '../admin-services.js';
import { confirmationOp } from '../../setup/confirmations.js';
import { gatherSetupFacts } from '../../setup/gather-facts.js';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { diagnoseError, errorCatalogue } from '../../setup/error-explainer.js';
import type { SetupFacts } from '../../setup/setup-facts.js';
import { computeSetupState, isConfirmable, isSetupStepId, isStepOf } from '../../setup/setup-state.js';
import { generatedGroupNames } from '../../setup/steps/entra.js';
import { invalidBody, notFound } from '../admin-error.js';
import type { GroupNameFlag, SetupState } from '../contract.js';
import { AdminRouter } from '../typed-router.js';

const MAX_PASTED_TEXT = 10_000;

const FLAG_MESSAGES: Record<GroupNameFlag['reason'], string> = {
  uuid: 'Named like an Entra object ID (a UUID): the group mapping probably still maps mailNickname. Write no rule against this name.',
  'mail-nickname': 'Looks like a mail nickname (words joined without spaces), not a display name: check the group mapping in Entra before writing rules against it.',
};

/** `/api/setup`: the wizard's steps for the current profile, the admin's confirmations, the flagged group
 * names, and the identity providers' error texts explained. */
export function setupRouter(services: AdminServices, guided: GuidedSetup | undefined) {
  const api = new AdminRouter();
  const facts = (): SetupFacts => (guided ? guided.facts() : gatherSetupFacts(services));
  const state = (): SetupState => computeSetupState(facts());

  api.on('GET /api/setup', () => state());

  api.on('POST /api/setup/steps/:id/confirm', async (req) => {
    const id = req.params.id;
    if (!isSetupStepId(id)) throw notFound(`No setup step "${id}".`);
    if (!isConfirmable(id)) throw invalidBody(`The step "${id}" is checked from what arrives; it cannot be confirmed by hand.`);
    const profile = facts().identityProvider;
    if (!isStepOf(profile, id)) throw invalidBody(`The step "${id}" is not a step of the ${profile === 'entra' ? 'Microsoft Entra ID' : 'Okta'} profile.`);
    const confirmed = (req.body as { confirmed?: unknown } | undefined)?.confirmed;
    if (confirmed !== undefined && typeof confirmed !== 'boolean') throw invalidBody('confirmed must be true or false.', [{ field: 'confirmed', message: 'must be a boolean' }]);
    await services.store.commit([confirmationOp(services.store, id, confirmed !== false, new Date())]);
    services.activity.append({ kind: 'admin', action: confirmed === false ? 'setup.unconfirmed' : 'setup.confirmed', message: `Setup step "${id}" ${confirmed === false ? 'no longer confirmed' : 'confirmed'} by the admin.` });
    return state();
  });

  api.on('GET /api/setup/okta-errors', () => ({ items: errorCatalogue('okta', facts()) }));

  api.on('GET /api/setup/entra-errors', () => ({ items: errorCatalogue('entra', facts()) }));

  api.on('GET /api/setup/group-names', () => {
    const items = generatedGroupNames(facts()).map((g): GroupNameFlag => ({ ...g, message: FLAG_MESSAGES[g.reason] }));
    return { items };
  });

  api.on('POST /api/setup/diagnose', (req) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') throw invalidBody('text must be the error message pasted from Okta or Entra.', [{ field: 'text', message: 'must be a string' }]);
    if (text.length > MAX_PASTED_TEXT) throw invalidBody(`text is too long (at most ${MAX_PASTED_TEXT} characters).`);
    return { matches: diagnoseError(text, facts()) };
  });
  return api.router;
}

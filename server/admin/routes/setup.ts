import { Router } from 'express';
import type { Services } from '../../core/services.js';
import { confirmationOp } from '../../setup/confirmations.js';
import { gatherSetupFacts } from '../../setup/gather-facts.js';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { diagnoseOktaError, oktaErrorCatalogue } from '../../setup/okta-errors.js';
import { computeSetupState, isConfirmable, isSetupStepId } from '../../setup/setup-state.js';
import { invalidBody, notFound } from '../api-failure.js';
import type { DiagnoseResult, ItemList, OktaErrorInfo, SetupState } from '../contract.js';

const MAX_PASTED_TEXT = 10_000;

/** `/api/setup`: the wizard's steps, the admin's confirmations, and Okta's error texts explained. */
export function setupRouter(services: Services, guided: GuidedSetup | undefined) {
  const router = Router();
  const state = (): SetupState => computeSetupState(guided ? guided.facts() : gatherSetupFacts(services));

  router.get('/setup', (_req, res) => {
    res.json(state());
  });

  router.post('/setup/steps/:id/confirm', async (req, res) => {
    const id = req.params.id;
    if (!isSetupStepId(id)) throw notFound(`No setup step "${id}".`);
    if (!isConfirmable(id)) throw invalidBody(`The step "${id}" is checked from what arrives; it cannot be confirmed by hand.`);
    const confirmed = (req.body as { confirmed?: unknown } | undefined)?.confirmed;
    if (confirmed !== undefined && typeof confirmed !== 'boolean') throw invalidBody('confirmed must be true or false.', [{ field: 'confirmed', message: 'must be a boolean' }]);
    await services.store.commit([confirmationOp(services.store, id, confirmed !== false, new Date())]);
    services.activity.append({ kind: 'admin', action: confirmed === false ? 'setup.unconfirmed' : 'setup.confirmed', message: `Setup step "${id}" ${confirmed === false ? 'no longer confirmed' : 'confirmed'} by the admin.` });
    res.json(state());
  });

  router.get('/setup/okta-errors', (_req, res) => {
    res.json({ items: oktaErrorCatalogue() } satisfies ItemList<OktaErrorInfo>);
  });

  router.post('/setup/diagnose', (req, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') throw invalidBody('text must be the error message pasted from Okta.', [{ field: 'text', message: 'must be a string' }]);
    if (text.length > MAX_PASTED_TEXT) throw invalidBody(`text is too long (at most ${MAX_PASTED_TEXT} characters).`);
    res.json({ matches: diagnoseOktaError(text) } satisfies DiagnoseResult);
  });
  return router;
}

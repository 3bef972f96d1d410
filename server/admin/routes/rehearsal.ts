import { Router } from 'express';
import { RehearsalError } from '../../rehearsal/rehearsal-runner.js';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { invalidBody } from '../api-failure.js';
import { sendError } from '../security.js';

/** `/api/rehearsal`: the Okta rehearsal (demo mode), its progress, and removing its data. */
export function rehearsalRouter(guided: GuidedSetup | undefined) {
  const router = Router();
  const notRunning = 'The rehearsal needs the SCIM listener: start `scim-desk serve` (or the desktop app), or use `scim-desk rehearse`.';

  router.get('/rehearsal', (_req, res) => {
    if (!guided) return sendError(res, 404, 'not_found', notRunning);
    res.json(guided.rehearsal.status());
  });

  router.post('/rehearsal', (req, res) => {
    if (!guided) return sendError(res, 404, 'not_found', notRunning);
    try {
      res.status(202).json(guided.rehearsal.start(req.body));
    } catch (error) {
      if (!(error instanceof RehearsalError)) throw error;
      if (error.code === 'invalid') throw invalidBody(error.message);
      sendError(res, 409, 'rehearsal_running', error.message);
    }
  });

  router.delete('/rehearsal', async (_req, res) => {
    if (!guided) return sendError(res, 404, 'not_found', notRunning);
    try {
      res.json(await guided.rehearsal.remove());
    } catch (error) {
      if (!(error instanceof RehearsalError)) throw error;
      sendError(res, 409, 'rehearsal_running', error.message);
    }
  });
  return router;
}

import { Router } from 'express';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { notFound } from '../admin-error.js';

/** `/api/rehearsal`: the Okta rehearsal (demo mode), its progress, and removing its data. */
export function rehearsalRouter(guided: GuidedSetup | undefined) {
  const router = Router();
  const rehearsal = () => {
    if (!guided) throw notFound('The rehearsal needs the SCIM listener: start `scim-desk serve` (or the desktop app), or use `scim-desk rehearse`.');
    return guided.rehearsal;
  };

  router.get('/rehearsal', (_req, res) => {
    res.json(rehearsal().status());
  });

  router.post('/rehearsal', (req, res) => {
    res.status(202).json(rehearsal().start(req.body));
  });

  router.delete('/rehearsal', async (_req, res) => {
    res.json(await rehearsal().remove());
  });
  return router;
}

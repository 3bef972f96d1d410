import type { GuidedSetup } from '../../setup/guided-setup.js';
import { notFound } from '../admin-error.js';
import { AdminRouter, accepted } from '../typed-router.js';

/** `/api/rehearsal`: the Okta rehearsal (demo mode), its progress, and removing its data. */
export function rehearsalRouter(guided: GuidedSetup | undefined) {
  const rehearsal = () => {
    if (!guided)
      throw notFound(
        'The rehearsal needs the SCIM listener: start `scim-desk serve` (or the desktop app), or use `scim-desk rehearse`.',
      );
    return guided.rehearsal;
  };
  return new AdminRouter()
    .on('GET /api/rehearsal', () => rehearsal().status())
    .on('POST /api/rehearsal', async (req) => accepted(await rehearsal().start(req.body)))
    .on('DELETE /api/rehearsal', () => rehearsal().remove()).router;
}

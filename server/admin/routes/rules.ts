/**
 * `/api/rules`: the auto user provisioning rules in Clumio's wire format, their preview, export and
 * import. Everything a change involves (validation, preview, the lockout guard, the write, the activity
 * log) is the rules service's (server/access/rules-service.ts); this router parses and answers.
 */
import type { RulesService } from '../../access/rules-service.js';
import { invalidBody } from '../admin-error.js';
import { booleanParam } from '../query.js';
import { AdminRouter, created, download, noContent } from '../typed-router.js';

const EXPORT_FILE_NAME = 'scim-desk-rules.json';

export function rulesRouter(rules: RulesService) {
  const api = new AdminRouter();

  api.on('GET /api/rules', async () => ({ items: await rules.list() }));

  api.on('POST /api/rules', async (req) => created(await rules.create(req.body)));

  // Fixed paths before /rules/:id.
  api.on('POST /api/rules/preview', (req) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { rules?: unknown }).rules)) {
      throw invalidBody('The preview body must be {"rules": [...]}: the complete proposed rule set.', [
        { field: 'rules', message: 'must be a list of rules' },
      ]);
    }
    const { rules: items, enabling } = body as { rules: unknown[]; enabling?: unknown };
    if (enabling !== undefined && typeof enabling !== 'boolean') {
      throw invalidBody('enabling must be true or false.', [{ field: 'enabling', message: 'must be a boolean' }]);
    }
    return rules.preview({ rules: items, enabling: enabling === true });
  });

  api.on('GET /api/rules/export', () => download(EXPORT_FILE_NAME, rules.export()));

  api.on('POST /api/rules/import', (req) => rules.import(req.body, booleanParam(req, 'dryRun') ?? true));

  api.on('GET /api/rules/:id', (req) => rules.get(req.params.id));

  api.on('PUT /api/rules/:id', (req) => rules.update(req.params.id, req.body));

  api.on('DELETE /api/rules/:id', async (req) => {
    await rules.delete(req.params.id);
    return noContent;
  });
  return api.router;
}

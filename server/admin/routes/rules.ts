/**
 * `/api/rules`: the auto user provisioning rules in Clumio's wire format, their preview, export and
 * import. Everything a change involves (validation, preview, the lockout guard, the write, the activity
 * log) is the rules service's (server/access/rules-service.ts); this router parses and answers.
 */
import { Router, type Request } from 'express';
import type { RulesService } from '../../access/rules-service.js';
import { invalidBody } from '../admin-error.js';
import type { ItemList, RuleListItem, RulesImportResult, RulesPreview } from '../contract.js';
import { booleanParam } from '../query.js';

const EXPORT_FILE_NAME = 'scim-desk-rules.json';

export function rulesRouter(rules: RulesService) {
  const router = Router();

  router.get('/rules', (_req, res) => {
    res.json({ items: rules.list() } satisfies ItemList<RuleListItem>);
  });

  router.post('/rules', async (req, res) => {
    res.status(201).json(await rules.create(req.body));
  });

  // Fixed paths before /rules/:id.
  router.post('/rules/preview', (req, res) => {
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
    res.json(rules.preview({ rules: items, enabling: enabling === true }) satisfies RulesPreview);
  });

  router.get('/rules/export', (_req, res) => {
    res.setHeader('Content-Disposition', `attachment; filename="${EXPORT_FILE_NAME}"`);
    res.type('application/json').send(`${JSON.stringify(rules.export(), null, 2)}\n`);
  });

  router.post('/rules/import', async (req, res) => {
    const dryRun = booleanParam(req, 'dryRun') ?? true;
    res.json((await rules.import(req.body, dryRun)) satisfies RulesImportResult);
  });

  router.get('/rules/:id', (req: Request<{ id: string }>, res) => {
    res.json(rules.get(req.params.id));
  });

  router.put('/rules/:id', async (req: Request<{ id: string }>, res) => {
    res.json(await rules.update(req.params.id, req.body));
  });

  router.delete('/rules/:id', async (req: Request<{ id: string }>, res) => {
    await rules.delete(req.params.id);
    res.status(204).end();
  });
  return router;
}

/**
 * `/api/organizational-units`: the OU tree under the Global OU. The tree rules (unique names, no cycles,
 * the Global OU fixed, no deleting an OU with children or one a rule uses) are the engine's
 * (server/rules/organizational-units.ts); this router parses, stores and logs.
 *
 * The lockout guard is not consulted here because no OU operation can change anyone's access: rules name
 * OUs by id, so a rename or move leaves every grant as it was, and an OU that a rule uses cannot be deleted.
 */
import { randomUUID } from 'node:crypto';
import { RuleNames } from '../../access/access-shapes.js';
import {
  deleteOrganizationalUnitOp,
  organizationalUnits,
  putOrganizationalUnitOp,
} from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import {
  createOrganizationalUnit,
  deleteOrganizationalUnit,
  updateOrganizationalUnit,
  type OrganizationalUnitError,
  type OrganizationalUnitResult,
} from '../../rules/organizational-units.js';
import { logAdminChange } from '../../activity/admin-changes.js';
import { AdminError, invalidBody } from '../admin-error.js';
import type { OrganizationalUnit, OrganizationalUnitUpdate } from '../contract.js';
import { AdminRouter, created, noContent } from '../typed-router.js';
import { writeDocs } from '../../store/doc-ops.js';

const FIELDS = ['name', 'parent_id', 'description'] as const;

/** The body of POST (name required) and PUT (all optional): strings only, no other fields. */
function parseBody(body: unknown, requireName: boolean): OrganizationalUnitUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidBody('An organizational unit must be a JSON object with name, parent_id and description.');
  }
  const input = body as Record<string, unknown>;
  const issues: { field: string; message: string }[] = [];
  for (const key of Object.keys(input)) {
    if (key === 'id' || key === 'organizational_unit_id') continue; // harmless echo of what GET returned
    if (!(FIELDS as readonly string[]).includes(key)) issues.push({ field: key, message: `unknown field "${key}".` });
  }
  for (const field of FIELDS) {
    if (input[field] !== undefined && typeof input[field] !== 'string')
      issues.push({ field, message: `${field} must be a string.` });
  }
  if (requireName && input.name === undefined)
    issues.push({ field: 'name', message: 'an organizational unit needs a name.' });
  if (issues.length > 0) {
    throw new AdminError({
      code: 'invalid_organizational_unit',
      message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      details: { issues },
    });
  }
  const update: OrganizationalUnitUpdate = {};
  if (typeof input.name === 'string') update.name = input.name;
  if (typeof input.parent_id === 'string') update.parent_id = input.parent_id;
  if (typeof input.description === 'string') update.description = input.description;
  return update;
}

const FIELD_OF: Partial<Record<OrganizationalUnitError['code'], string>> = {
  'invalid-name': 'name',
  'duplicate-name': 'name',
  'unknown-parent': 'parent_id',
  cycle: 'parent_id',
};

function failure(error: OrganizationalUnitError, services: AdminServices): AdminError {
  switch (error.code) {
    case 'unknown-ou':
      return new AdminError({ code: 'not_found', message: error.message });
    case 'has-children':
      return new AdminError({
        code: 'organizational_unit_has_children',
        message: error.message,
        details: { child_ids: [...(error.child_ids ?? [])] },
      });
    case 'used-by-rules': {
      const names = new RuleNames(services.rules.current());
      return new AdminError({
        code: 'organizational_unit_in_use',
        message: error.message,
        details: { rules: (error.rule_ids ?? []).map((id) => names.ref(id)) },
      });
    }
    default: {
      const field = FIELD_OF[error.code];
      return new AdminError({
        code: 'invalid_organizational_unit',
        message: error.message,
        ...(field ? { details: { issues: [{ field, message: error.message }] } } : {}),
      });
    }
  }
}

export function organizationalUnitsRouter(services: AdminServices) {
  const { store, documents, activity } = services;
  const api = new AdminRouter();
  const succeed = (result: OrganizationalUnitResult) => {
    if (!result.ok) throw failure(result.error, services);
    return result.unit;
  };
  const resource = (unit: OrganizationalUnit) => ({
    type: 'OrganizationalUnit' as const,
    id: unit.id,
    name: unit.name,
  });

  api.on('GET /api/organizational-units', () => ({ items: organizationalUnits(documents) }));

  api.on('POST /api/organizational-units', async (req) => {
    const input = parseBody(req.body, true);
    const unit = succeed(
      createOrganizationalUnit(organizationalUnits(documents), {
        id: randomUUID(),
        name: input.name ?? '',
        ...(input.parent_id !== undefined ? { parent_id: input.parent_id } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      }),
    );
    await writeDocs(store, [putOrganizationalUnitOp(unit)]);
    logAdminChange(
      activity,
      'organizational_unit.created',
      `Organizational unit "${unit.name}" created.`,
      resource(unit),
    );
    return created(unit);
  });

  api.on('PUT /api/organizational-units/:id', async (req) => {
    const input = parseBody(req.body, false);
    const units = organizationalUnits(documents);
    const before = units.find((u) => u.id === req.params.id);
    const unit = succeed(updateOrganizationalUnit(units, req.params.id, input));
    await writeDocs(store, [putOrganizationalUnitOp(unit)]);
    const what =
      before && before.name !== unit.name
        ? `renamed from "${before.name}" to "${unit.name}"`
        : before && before.parent_id !== unit.parent_id
          ? 'moved'
          : 'updated';
    logAdminChange(
      activity,
      'organizational_unit.updated',
      `Organizational unit "${unit.name}" ${what}.`,
      resource(unit),
    );
    return unit;
  });

  api.on('DELETE /api/organizational-units/:id', async (req) => {
    const unit = succeed(
      deleteOrganizationalUnit(organizationalUnits(documents), req.params.id, services.rules.current()),
    );
    await writeDocs(store, [deleteOrganizationalUnitOp(unit.id)]);
    logAdminChange(
      activity,
      'organizational_unit.deleted',
      `Organizational unit "${unit.name}" deleted.`,
      resource(unit),
    );
    return noContent;
  });
  return api.router;
}

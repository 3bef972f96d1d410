/** The OU tree under the Global OU: create, rename, move and delete child OUs. */
import { useState, type FormEvent } from 'react';
import { GLOBAL_OU_ID, type OrganizationalUnit } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { guardRefusalText } from '../../components/preview-diff';
import { useAction } from '../../hooks/use-action';
import { ouTree, useLookups } from '../../lookups/lookups';

type Editing = { id: string; mode: 'rename' | 'move' | 'add-child' } | null;

function descendantIds(units: readonly OrganizationalUnit[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent_id !== null && out.has(unit.parent_id) && !out.has(unit.id)) {
        out.add(unit.id);
        grew = true;
      }
    }
  }
  return out;
}

/** A readable refusal: OU in use names the rules, guard refusals explain the lockout. */
function OuError({ error }: { error: unknown }) {
  if (!(error instanceof ApiFailure)) return <ErrorMessage error={error} />;
  const inUse = error.apiError('organizational_unit_in_use');
  if (inUse) {
    return (
      <Notice tone="error">
        {inUse.message} Remove it from {inUse.details.rules.map((r) => `"${r.name}"`).join(', ')} first.
      </Notice>
    );
  }
  const guard = error.apiError('guard_refused');
  if (guard)
    return (
      <Notice tone="error" testId="guard-refusal">
        {guardRefusalText(guard.details)}
      </Notice>
    );
  return <ErrorMessage error={error} />;
}

function UnitEditor({
  unit,
  mode,
  units,
  onDone,
}: {
  unit: OrganizationalUnit;
  mode: 'rename' | 'move' | 'add-child';
  units: OrganizationalUnit[];
  onDone(changed: boolean): void;
}) {
  const [name, setName] = useState(mode === 'rename' ? unit.name : '');
  const [description, setDescription] = useState(mode === 'rename' ? unit.description : '');
  const excluded = descendantIds(units, unit.id);
  const parents = ouTree(units).filter(({ unit: u }) => !excluded.has(u.id));
  const [parentId, setParentId] = useState(unit.parent_id ?? GLOBAL_OU_ID);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      if (mode === 'add-child')
        await call('POST /api/organizational-units', { body: { name, parent_id: unit.id, description } });
      else if (mode === 'rename')
        await call('PUT /api/organizational-units/:id', { id: unit.id, body: { name, description } });
      else await call('PUT /api/organizational-units/:id', { id: unit.id, body: { parent_id: parentId } });
      onDone(true);
    });
  };

  const title =
    mode === 'add-child'
      ? `New OU under ${unit.name}`
      : mode === 'rename'
        ? `Rename ${unit.name}`
        : `Move ${unit.name}`;
  return (
    <form className="inline-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      {mode === 'move' ? (
        <label>
          <span>New parent</span>
          <select value={parentId} onChange={(e) => setParentId(e.target.value)}>
            {parents.map(({ unit: u, depth }) => (
              <option key={u.id} value={u.id}>
                {'\u2003'.repeat(depth)}
                {u.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            <span>Name</span>
            <input type="text" value={name} required autoFocus onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            <span>Description</span>
            <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
        </>
      )}
      <button type="submit" className="button-primary" disabled={busy}>
        {mode === 'add-child' ? 'Create' : mode === 'rename' ? 'Rename' : 'Move'}
      </button>
      <button type="button" onClick={() => onDone(false)}>
        Cancel
      </button>
      {error !== undefined && <OuError error={error} />}
    </form>
  );
}

export function OrganizationalUnitsPage() {
  const { organizationalUnits, reload, error: loadError } = useLookups();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleteError, setDeleteError] = useState<{ id: string; error: unknown } | null>(null);

  const remove = async (unit: OrganizationalUnit) => {
    setDeleteError(null);
    try {
      await call('DELETE /api/organizational-units/:id', { id: unit.id });
      reload();
    } catch (error) {
      setDeleteError({ id: unit.id, error });
    }
  };

  const tree = ouTree(organizationalUnits);
  return (
    <>
      <h1>Organizational units</h1>
      <p className="lead">
        Every OU sits under the Global OU. Rules give a role on one or more OUs. An OU that a rule uses cannot be
        deleted until the rule stops using it.
      </p>
      <ErrorMessage error={loadError} />
      {tree.length === 0 && !loadError && <Loading />}
      <ul className="ou-tree" aria-label="Organizational units" data-testid="ou-tree">
        {tree.map(({ unit, depth }) => {
          const isGlobal = unit.id === GLOBAL_OU_ID;
          const mine = editing?.id === unit.id ? editing : null;
          return (
            <li key={unit.id} style={{ marginInlineStart: `${depth * 1.5}rem` }} data-testid={`ou-${unit.name}`}>
              <div className="ou-row">
                <span className="ou-name">{unit.name}</span>
                {unit.description && <span className="muted small">{unit.description}</span>}
                <span className="ou-actions">
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => setEditing({ id: unit.id, mode: 'add-child' })}
                    aria-label={`Add an OU under ${unit.name}`}
                  >
                    Add child
                  </button>
                  {!isGlobal && (
                    <>
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => setEditing({ id: unit.id, mode: 'rename' })}
                        aria-label={`Rename ${unit.name}`}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="button-small"
                        onClick={() => setEditing({ id: unit.id, mode: 'move' })}
                        aria-label={`Move ${unit.name}`}
                      >
                        Move
                      </button>
                      <button
                        type="button"
                        className="button-small button-danger"
                        onClick={() => void remove(unit)}
                        aria-label={`Delete ${unit.name}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </span>
              </div>
              {mine && (
                <UnitEditor
                  unit={unit}
                  mode={mine.mode}
                  units={organizationalUnits}
                  onDone={(changed) => {
                    setEditing(null);
                    if (changed) reload();
                  }}
                />
              )}
              {deleteError?.id === unit.id && <OuError error={deleteError.error} />}
            </li>
          );
        })}
      </ul>
      {tree.length === 1 && (
        <p className="muted">Only the Global OU exists. Use "Add child" to create the OUs your rules will name.</p>
      )}
    </>
  );
}

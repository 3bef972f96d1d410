/**
 * The setup wizard's evidence travels with a copy: a data folder keeps it in its own file
 * (`wizard-evidence.json`), a database in one shared row (`scim_desk_wizard_evidence`). The copy carries the
 * source's evidence over as it is (a JSON value of the activity side's format, checked before it is
 * written), so the wizard's progress survives a move either way. A target that gets none keeps what it had
 * (a folder's file is its own node's record; a database's row is replaced only by a copy that brings one).
 */
import { evidenceFilePath, parseEvidence } from './wizard-evidence-file.js';
import { isErrnoException, writeJsonAtomically } from '../store/durable-fs.js';
import { SharedEvidenceTable } from '../store/postgres/shared-evidence-table.js';
import { readFileNoFollow } from '../store/private-files.js';
import type { StoreLocation } from '../store/copy/copy-locations.js';

/** The evidence at `location` (undefined when there is none, or none this version can read). */
export async function readWizardEvidence(location: StoreLocation): Promise<unknown> {
  let value: unknown;
  if (location.kind === 'postgres') {
    const table = new SharedEvidenceTable(location.url);
    try {
      value = await table.read();
    } finally {
      await table.close();
    }
  } else {
    try {
      value = JSON.parse(await readFileNoFollow(evidenceFilePath(location.dir), 'utf8'));
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
  }
  const parsed = parseEvidence(value);
  return typeof parsed !== 'string' && 'state' in parsed ? value : undefined;
}

/** Writes `value` as the evidence at `location`, replacing what was there. */
export async function writeWizardEvidence(location: StoreLocation, value: unknown): Promise<void> {
  if (location.kind === 'folder') {
    await writeJsonAtomically(evidenceFilePath(location.dir), value, true);
    return;
  }
  const table = new SharedEvidenceTable(location.url);
  try {
    await table.merge(() => value);
  } finally {
    await table.close();
  }
}

/** Copies the evidence from one end to the other; answers whether there was any. */
export async function copyWizardEvidence(from: StoreLocation, to: StoreLocation): Promise<boolean> {
  const value = await readWizardEvidence(from);
  if (value === undefined) return false;
  await writeWizardEvidence(to, value);
  return true;
}

/**
 * Import and export of the whole rule set in Clumio's wire format. An import is always a dry run first:
 * the admin sees what would be created, updated and deleted, and the preview, then applies it.
 */
import { useState } from 'react';
import type { FieldIssue, RulesExportCheck, RulesFile, RulesImportResult } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Notice } from '../../components/feedback';
import { PreviewDiff, guardRefusalText } from '../../components/preview-diff';
import { saveTextFile } from '../../desktop/bridge';
import { ExportIdWarnings } from './export-id-warnings';

function parseRulesFile(text: string): RulesFile {
  const json: unknown = JSON.parse(text);
  // Accept a bare array too (a list of Clumio rule bodies); the server validates every rule.
  if (Array.isArray(json)) return { rules: json as RulesFile['rules'] };
  if (typeof json === 'object' && json !== null && Array.isArray((json as { rules?: unknown }).rules))
    return json as RulesFile;
  throw new Error('The file must hold {"rules": [...]} or a list of rules.');
}

const FIELD_WORDS: [RegExp, string][] = [
  [/^name$/, 'name'],
  [/^condition$/, 'condition'],
  [/^provision\.role_id$/, 'role'],
  [/^provision\.organizational_unit_ids/, 'organizational units'],
];

/** `rules[1].provision.role_id: unknown role "x".` → `Rule 2, "Backup team", role: Unknown role "x".` */
function importIssueText(issue: FieldIssue, file: RulesFile | null): string {
  const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  const match = /^rules\[(\d+)\]\.?(.*)$/.exec(issue.field);
  if (!match) return message;
  const index = Number(match[1]);
  const name = file?.rules[index]?.name;
  const field = FIELD_WORDS.find(([pattern]) => pattern.test(match[2] ?? ''))?.[1] ?? match[2];
  return `Rule ${index + 1}${typeof name === 'string' && name.trim() !== '' ? `, "${name}"` : ''}${field ? `, ${field}` : ''}: ${message}`;
}

function ImportSummary({ result }: { result: RulesImportResult }) {
  const line = (label: string, names: string[]) =>
    names.length > 0 && (
      <li>
        {label}: {names.map((n) => `"${n}"`).join(', ')}
      </li>
    );
  return (
    <ul data-testid="import-summary">
      {line('Created', result.created)}
      {line('Updated', result.updated)}
      {line('Deleted', result.deleted)}
      {line('Unchanged', result.unchanged)}
    </ul>
  );
}

export function ImportExportPanel({ onImported }: { onImported(): void }) {
  const [file, setFile] = useState<RulesFile | null>(null);
  const [dryRun, setDryRun] = useState<RulesImportResult | null>(null);
  const [applied, setApplied] = useState<RulesImportResult | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [exportCheck, setExportCheck] = useState<RulesExportCheck | null>(null);
  const refusal = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;
  const invalid = error instanceof ApiFailure ? error.apiError('invalid_rule') : undefined;

  const exportRules = async () => {
    setError(undefined);
    try {
      const rulesFile = await get('GET /api/rules/export');
      await saveTextFile('scim-desk-rules.json', `${JSON.stringify(rulesFile, null, 2)}\n`, 'application/json');
      setExportCheck(await get('GET /api/rules/export/check'));
    } catch (failure) {
      setError(failure);
    }
  };

  const runImport = async (rules: RulesFile, apply: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await call('POST /api/rules/import', { query: { dryRun: !apply }, body: rules });
      if (apply) {
        setApplied(result);
        setDryRun(null);
        setFile(null);
        onImported();
      } else setDryRun(result);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (picked: File | undefined) => {
    setDryRun(null);
    setApplied(null);
    setError(undefined);
    if (!picked) return;
    try {
      const rules = parseRulesFile(await picked.text());
      setFile(rules);
      await runImport(rules, false);
    } catch (failure) {
      setFile(null);
      setError(failure instanceof SyntaxError ? new Error(`The file is not valid JSON: ${failure.message}`) : failure);
    }
  };

  return (
    <section className="card" aria-labelledby="import-export-heading">
      <h2 id="import-export-heading">Import and export</h2>
      <p className="muted small">
        The file holds rules in Clumio's API format (name, condition, provision), so it can also be applied to Clumio.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void exportRules()} data-testid="export-rules">
          Export rules
        </button>
        <label className="file-label">
          <span>Import rules from a file</span>
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void choose(e.target.files?.[0])}
            data-testid="import-file"
          />
        </label>
      </div>
      <ExportIdWarnings check={exportCheck} />
      {invalid && (
        <Notice tone="error" testId="import-invalid">
          Nothing was imported. Fix the file and choose it again:
          <ul>
            {invalid.details.issues.map((issue, i) => (
              <li key={i}>{importIssueText(issue, file)}</li>
            ))}
          </ul>
        </Notice>
      )}
      {refusal && (
        <Notice tone="error" testId="guard-refusal">
          <strong>This import would be refused.</strong> {guardRefusalText(refusal.details)}
        </Notice>
      )}
      {error !== undefined && !invalid && !refusal && <ErrorMessage error={error} />}
      {dryRun && file && (
        <div className="confirm-box">
          <h3>Dry run: the file replaces the whole rule set</h3>
          <ImportSummary result={dryRun} />
          <PreviewDiff preview={dryRun.preview} action="apply this import" />
          <div className="toolbar">
            <button
              type="button"
              className="button-primary"
              disabled={busy}
              onClick={() => void runImport(file, true)}
              data-testid="apply-import"
            >
              Apply import
            </button>
            <button type="button" onClick={() => (setDryRun(null), setFile(null))}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {applied && (
        <Notice tone="success">
          Import applied.
          <ImportSummary result={applied} />
        </Notice>
      )}
    </section>
  );
}

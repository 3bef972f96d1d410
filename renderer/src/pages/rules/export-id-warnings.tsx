/** After an export: the role and OU ids in it that Clumio does not know (the file itself is unchanged). */
import type { RulesExportCheck } from '../../../../server/admin/contract';
import { Notice } from '../../components/feedback';

export function ExportIdWarnings({ check }: { check: RulesExportCheck | null }) {
  if (!check || check.warnings.length === 0) return null;
  const against =
    check.checked_against === 'clumio-account'
      ? 'your Clumio account'
      : 'the ids Clumio publishes (connect your Clumio account to check against it)';
  return (
    <Notice tone="warning" testId="export-id-warnings">
      <strong>Clumio would refuse part of this file:</strong> these ids exist only in SCIM Desk (checked against{' '}
      {against}).
      <ul>
        {check.warnings.map((warning) => (
          <li key={`${warning.rule}/${warning.kind}/${warning.id}`}>{warning.message}</li>
        ))}
      </ul>
    </Notice>
  );
}

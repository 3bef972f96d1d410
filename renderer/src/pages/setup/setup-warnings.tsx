/** Where setups commonly go wrong, as the server observed it in the traffic (never blocking). */
import type { SetupWarning } from '../../../../server/admin/contract';
import { ServerText } from '../../components/when';
import { EvidenceLine } from './evidence-line';

const HEADLINES: Record<SetupWarning['id'], string> = {
  'admin-locked-out': 'The current admin is locked out of Super Admin',
  'clumio-admin-locked-out': 'Lock-out risk in your Clumio account',
  'sync-password-on': 'Sync Password is on',
  'group-used-for-assignment': 'The same group is used for assignment and push',
  'group-name-exists': 'A pushed group name already exists',
  'public-url-changed': 'The public URL changed',
  'not-https': 'Not HTTPS',
  'group-name-generated': 'Group names look generated',
  'username-not-email': 'userNames are not e-mail addresses',
};

export function SetupWarnings({ warnings, idpName }: { warnings: readonly SetupWarning[]; idpName: string }) {
  if (warnings.length === 0) return null;
  return (
    <section className="setup-warnings" aria-labelledby="setup-warnings-heading" data-testid="setup-warnings">
      <h2 id="setup-warnings-heading">Check these in {idpName}</h2>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.id} className="notice notice-warning" data-testid={`setup-warning-${warning.id}`}>
            <strong>{HEADLINES[warning.id]}.</strong> <ServerText text={warning.message} />
            <p className="warning-fix">
              <strong>Fix:</strong> <ServerText text={warning.fix} />
            </p>
            {warning.evidence && <EvidenceLine evidence={warning.evidence} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

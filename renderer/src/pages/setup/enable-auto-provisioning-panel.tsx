/** Step 9b's control: the same guarded, previewed switch as on the Rules page. */
import { get } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { AutoProvisioningPanel } from '../rules/auto-provisioning-panel';

export function EnableAutoProvisioningPanel({ revision, onChanged }: { revision: number; onChanged(): void }) {
  const rules = useApi((signal) => get('GET /api/rules', { signal }), [revision]);
  if (rules.error) return <ErrorMessage error={rules.error} />;
  if (!rules.data) return null;
  return <AutoProvisioningPanel rules={rules.data.items} onChanged={onChanged} />;
}

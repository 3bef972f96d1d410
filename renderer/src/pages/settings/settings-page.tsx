/** The current admin's userName, the identity provider and the kind of app in it (the setup profile), the
 * provisioning method, and where the data lives. The identity providers and their apps come from the server. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ProvisioningMethod, Settings } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { CopyButton } from '../../components/copy-button';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { guardRefusalText } from '../../components/preview-diff';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';

const METHODS: { value: ProvisioningMethod; label: string }[] = [
  { value: 'scim', label: 'SCIM (the identity provider pushes users and groups here)' },
  { value: 'saml', label: 'SAML (just-in-time at sign-in)' },
  { value: 'none', label: 'None' },
];

export function SettingsPage() {
  const settings = useApi((signal) => get('GET /api/settings', { signal }), []);
  const choices = useApi((signal) => get('GET /api/identity-providers', { signal }), []);
  const status = useApi((signal) => get('GET /api/status', { signal }), []);
  const [form, setForm] = useState<Settings | null>(null);
  // What the server holds, to send identity_provider only when it changes.
  const [stored, setStored] = useState<Settings | null>(null);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data && form === null) {
      setForm(settings.data);
      setStored(settings.data);
    }
  }, [settings.data, form]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setSaved(false);
    await run(async () => {
      const currentAdmin = form.current_admin?.trim() ?? '';
      const body: Record<string, unknown> = {
        current_admin: currentAdmin === '' ? null : currentAdmin,
        provisioning_method: form.provisioning_method,
      };
      // Sent only when changed: sending it also records the choice, which the Setup page asks for on first run.
      if (form.identity_provider !== stored?.identity_provider) body.identity_provider = form.identity_provider;
      for (const choice of choices.data?.items ?? []) {
        const setting = choice.appSetting as keyof Settings | null;
        if (setting && form[setting] !== stored?.[setting]) body[setting] = form[setting];
      }
      const answer = await call('PUT /api/settings', { body: body as Partial<Settings> });
      setForm(answer);
      setStored(answer);
      setSaved(true);
    });
  };
  const refusal = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;
  const idpChoice = choices.data?.items.find((choice) => choice.id === form?.identity_provider);
  const appSetting = idpChoice?.appSetting as keyof Settings | null | undefined;

  return (
    <>
      <h1>Settings</h1>
      <ErrorMessage error={settings.error ?? choices.error} />
      {!form && !settings.error && <Loading />}
      {form && (
        <form className="card settings-form" aria-label="Settings" onSubmit={(e) => void submit(e)}>
          <label>
            <span>Current admin (your own {idpChoice?.username ?? 'userName'})</span>
            <input
              type="text"
              value={form.current_admin ?? ''}
              placeholder="you@example.com"
              autoComplete="off"
              onChange={(e) => setForm({ ...form, current_admin: e.target.value })}
              data-testid="current-admin"
            />
          </label>
          <p className="muted small">
            While auto user provisioning is on, this account must keep Super Admin on the Global OU; changes that break
            that are refused.
          </p>
          <label>
            <span>Identity provider</span>
            <select
              value={form.identity_provider}
              onChange={(e) => setForm({ ...form, identity_provider: e.target.value })}
              data-testid="identity-provider"
            >
              {(choices.data?.items ?? [{ id: form.identity_provider, name: form.identity_provider }]).map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.name}
                </option>
              ))}
            </select>
          </label>
          {idpChoice && appSetting && (
            <label>
              <span>{idpChoice.name} app</span>
              <select
                value={String(form[appSetting] ?? '')}
                onChange={(e) => setForm({ ...form, [appSetting]: e.target.value })}
                data-testid={`app-setting-${appSetting}`}
              >
                {idpChoice.apps.map((app) => (
                  <option key={app.id} value={app.id}>
                    {app.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted small">
            Which setup checklist, in which screen's words, and which rehearsal and error explainer the Setup page
            shows. Switching keeps every user, group and rule.
          </p>
          <label>
            <span>Provisioning method</span>
            <select
              value={form.provisioning_method}
              onChange={(e) => setForm({ ...form, provisioning_method: e.target.value as ProvisioningMethod })}
            >
              {METHODS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </label>
          {refusal && (
            <Notice tone="error" testId="guard-refusal">
              <strong>Not saved.</strong> {guardRefusalText(refusal.details)}
            </Notice>
          )}
          {error !== undefined && !refusal && <ErrorMessage error={error} />}
          {saved && <Notice tone="success">Settings saved.</Notice>}
          <div className="toolbar">
            <button type="submit" className="button-primary" disabled={busy} data-testid="save-settings">
              Save settings
            </button>
          </div>
        </form>
      )}
      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Data folder</h2>
        <ErrorMessage error={status.error} />
        {status.data && (
          <p className="copy-line">
            <code data-testid="data-dir">{status.data.dataDir}</code>
            <CopyButton text={status.data.dataDir} what="data folder path" />
          </p>
        )}
        <p className="muted small">
          Users, groups, rules, settings and token hashes are stored there; the activity log sits beside them.
        </p>
      </section>
    </>
  );
}

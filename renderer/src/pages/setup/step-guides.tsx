/**
 * What the admin does for each step, in the console where it is done, with the menu names exactly as the
 * Okta and Clumio consoles show them (DOMAIN §2.3, §3). The checks themselves are the server's; these are
 * only the instructions and the controls that settle a step from here.
 */
import type { ReactNode } from 'react';
import type { SetupStepId, TokenCreated } from '../../../../server/admin/contract';
import { ConsolePath } from '../../components/console-path';
import { CopyButton } from '../../components/copy-button';
import { href } from '../../router/routes';
import { AdminAccountPanel } from './admin-account-panel';
import { EnableAutoProvisioningPanel } from './enable-auto-provisioning-panel';
import { EndpointPanel } from './endpoint-panel';
import { ProvisioningMethodPanel } from './provisioning-method-panel';
import { SuperAdminRulePanel } from './super-admin-rule-panel';
import { TokenSecret } from '../endpoint/token-secret';
import { TokenPanel } from './token-panel';

export type ConsoleName = 'SCIM Desk' | 'Okta' | 'Clumio';

/** What the guides need to know about the endpoint and the admin. */
export interface GuideContext {
  /** The base URL to paste into Okta: the public one when known. */
  baseUrl: string | null;
  baseUrlIsPublic: boolean;
  currentAdmin: string | null;
  /** Changes whenever the wizard refreshes, so panels reload their own data. */
  revision: number;
  /** The admin changed something: re-read the wizard's state. */
  onChanged(): void;
  /** A token secret just created, until the admin hides it (it is never shown again). */
  secret: TokenCreated | null;
  onSecret(created: TokenCreated | null): void;
}

export interface StepGuide {
  console: ConsoleName;
  /** Numbered instructions for that console. */
  instructions(context: GuideContext): ReactNode[];
  /** Things that commonly go wrong at this step, said before they happen. */
  cautions?: ReactNode[];
  /** Controls that settle the step from SCIM Desk itself. */
  panel?(context: GuideContext): ReactNode;
  /** Shown even while the step is collapsed (what must not disappear when the step turns done). */
  pinned?(context: GuideContext): ReactNode;
}

function BaseUrl({ context }: { context: GuideContext }) {
  if (context.baseUrl === null) return <span className="muted">(start a tunnel or set your own URL in step 1)</span>;
  return (
    <span className="copy-line inline-copy">
      <code data-testid="guide-base-url">{context.baseUrl}</code>
      <CopyButton text={context.baseUrl} what="SCIM base URL" />
      {!context.baseUrlIsPublic && <span className="muted small">local only: Okta cannot reach it, use step 1 for a public URL</span>}
    </span>
  );
}

const OKTA_APP = 'Applications → your app';

export const STEP_GUIDES: Record<SetupStepId, StepGuide> = {
  endpoint: {
    console: 'SCIM Desk',
    instructions: () => [
      <>Okta calls the SCIM endpoint from the internet, over HTTPS only. Start a tunnel below, or enter the public URL of your own reverse proxy.</>,
      <>Run the self-probe: SCIM Desk calls its own public URL and checks the answer came back to this endpoint.</>,
    ],
    cautions: [<>If the tunnel URL changes (a restart of localtunnel or cloudflared gives a new one), Okta's Base URL must be updated.</>],
    panel: (context) => <EndpointPanel revision={context.revision} onChanged={context.onChanged} />,
  },
  token: {
    console: 'SCIM Desk',
    instructions: () => [
      <>
        Generate the SCIM API token Okta will send. This is what Clumio calls <ConsolePath steps={['Configure SCIM', 'generate and download the SCIM API token']} />.
      </>,
      <>Copy or download it now: it is shown only once. SCIM Desk keeps only a hash.</>,
    ],
    panel: (context) => <TokenPanel revision={context.revision} onChanged={context.onChanged} onCreated={context.onSecret} />,
    pinned: (context) => context.secret && <TokenSecret created={context.secret} onDone={() => context.onSecret(null)} />,
  },
  'username-format': {
    console: 'Okta',
    instructions: () => [
      <ConsolePath steps={[OKTA_APP, 'Sign On tab', 'Edit', <><strong>Application username format</strong> = Email</>, 'Save']} />,
      <>Checked when users arrive: every userName must look like an email address.</>,
    ],
  },
  'connector-test': {
    console: 'Okta',
    instructions: (context) => [
      <ConsolePath steps={[OKTA_APP, 'Provisioning', 'Integration', 'Configure API Integration', <><strong>Enable API integration</strong></>]} />,
      <>
        Base URL: <BaseUrl context={context} />
      </>,
      <>API Token: the token from step 2, alone (Authentication Mode "HTTP Header": Okta adds "Bearer " itself).</>,
      <>
        Click <strong>Test API Credentials</strong>, then <strong>Save</strong>. This step turns done when Okta's test request arrives and is
        authenticated.
      </>,
    ],
  },
  'create-users': {
    console: 'Okta',
    instructions: () => [
      <ConsolePath steps={['Provisioning', 'To App', 'Edit', <><strong>Create Users</strong>: Enable</>, 'Save']} />,
      <ConsolePath steps={['Assignments', 'Assign', 'Assign to People (or Groups)', 'Save and Go Back']} />,
    ],
    cautions: [<>Use an assignment group that is not the group you will push in step 6.</>],
  },
  'update-users': {
    console: 'Okta',
    instructions: () => [
      <ConsolePath steps={['Provisioning', 'To App', 'Edit', <><strong>Update User Attributes</strong>: Enable</>, 'Save']} />,
      <>Change a profile field of an assigned user (for example the title) in Directory → People: Okta sends the update.</>,
    ],
  },
  'deactivate-users': {
    console: 'Okta',
    instructions: () => [
      <ConsolePath steps={['Provisioning', 'To App', 'Edit', <><strong>Deactivate Users</strong>: Enable</>, 'Save']} />,
      <>Unassign a test user from the app (or deactivate them in Okta): Okta sends active = false. It never deletes users.</>,
    ],
  },
  'sync-password-off': {
    console: 'Okta',
    instructions: () => [
      <>
        <ConsolePath steps={['Provisioning', 'To App', 'Edit']} />: leave <strong>Sync Password</strong> off. Clumio does not support it.
      </>,
      <>Checked when users arrive: a creation or update that carries a password means it is on.</>,
    ],
  },
  'push-groups': {
    console: 'Okta',
    instructions: () => [
      <ConsolePath steps={[OKTA_APP, 'Push Groups', '+ Push Groups', 'Find groups by name (or by rule)']} />,
      <>Pick the group that will get Super Admin (for example "Clumio Admins") and any other groups the rules will use; keep "Push group memberships immediately" checked; Save.</>,
      <>Choose "Create Group", not "Link Group": Clumio does not support Enhanced Group Push.</>,
    ],
    cautions: [
      <>Push a group separate from the assignment group: Okta does not support using the same group for assignment and push.</>,
      <>A group name that already exists here cannot be pushed again ("displayName already exists").</>,
      <>Members only arrive when they are also assigned to the app.</>,
    ],
  },
  'admin-account': {
    console: 'Okta',
    instructions: () => [
      <>Assign your own Okta account to the app, and add it to the pushed group that will get Super Admin.</>,
      <>Tell SCIM Desk which account is yours: it must stay Super Admin on the Global OU once auto user provisioning is on.</>,
    ],
    panel: (context) => <AdminAccountPanel revision={context.revision} onChanged={context.onChanged} />,
  },
  'super-admin-rule': {
    console: 'Clumio',
    instructions: () => [
      <ConsolePath steps={['Auto user provisioning', 'Get Started / Create rule', <>This group = your admin group</>, <><strong>Super Admin</strong> on the <strong>Global OU</strong></>, 'Create']} />,
      <>Here the same rule is created on SCIM Desk's rules engine; the preview shows who gets access before it is saved. More rules can follow on the Rules page.</>,
    ],
    cautions: [<>Never delete the Super Admin rule: Clumio would lock everyone out of the portal.</>],
    panel: (context) => <SuperAdminRulePanel revision={context.revision} onChanged={context.onChanged} />,
  },
  'provisioning-method': {
    console: 'Clumio',
    instructions: () => [<ConsolePath steps={['Provisioning method', <>enable the toggle for <strong>SCIM</strong></>]} />],
    panel: (context) => <ProvisioningMethodPanel revision={context.revision} onChanged={context.onChanged} />,
  },
  'enable-auto-provisioning': {
    console: 'Clumio',
    instructions: () => [
      <>
        Click <strong>Enable Auto User Provisioning</strong>. Every user's existing permissions are replaced by what the rules give.
      </>,
      <>The preview lists who gains access. It is refused if you would not keep Super Admin on the Global OU.</>,
    ],
    panel: (context) => <EnableAutoProvisioningPanel revision={context.revision} onChanged={context.onChanged} />,
  },
};

export const RULES_PAGE_HREF = href({ page: 'rules' });

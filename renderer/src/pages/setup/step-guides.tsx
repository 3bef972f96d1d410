/**
 * What the admin does for each step, in the console where it is done, with the menu names exactly as the
 * Okta, Microsoft Entra admin center and Clumio consoles show them (DOMAIN §2.3, §3; docs/entra.md). The
 * checks themselves are the server's; these are only the instructions and the controls that settle a step
 * from here.
 */
import type { ReactNode } from 'react';
import type { IdentityProvider, SetupStepId, TokenCreated } from '../../../../server/admin/contract';
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
import type { IdpWords } from './idp-words';

export type ConsoleName = 'SCIM Desk' | 'Okta' | 'Entra' | 'Clumio';

/** What the guides need to know about the endpoint, the profile and the admin. */
export interface GuideContext {
  identityProvider: IdentityProvider;
  words: IdpWords;
  /** The base URL to paste into the identity provider: the public one when known. */
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
  console: ConsoleName | ((context: GuideContext) => ConsoleName);
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
      {!context.baseUrlIsPublic && <span className="muted small">local only: {context.words.short} cannot reach it, use step 1 for a public URL</span>}
    </span>
  );
}

const OKTA_APP = 'Applications → your app';
const ENTRA_APP = 'Entra ID → Enterprise apps → your app';

/** The console a shared step is done in: the identity provider's own, in each profile. */
const idpConsole = (context: GuideContext): ConsoleName => (context.identityProvider === 'entra' ? 'Entra' : 'Okta');

/** The Microsoft Entra ID profile's own steps (docs/entra.md), in the Entra admin center's words. */
const ENTRA_GUIDES: Record<Extract<SetupStepId, `entra-${string}`>, StepGuide> = {
  'entra-create-app': {
    console: 'Entra',
    instructions: () => [
      <>Sign in to the Microsoft Entra admin center as at least an Application Administrator.</>,
      <ConsolePath steps={['Entra ID', 'Enterprise apps', '+ New application', '+ Create your own application']} />,
      <>
        Name it (for example "Clumio"), choose <strong>Integrate any other application you don't find in the gallery (Non-gallery)</strong>, and select{' '}
        <strong>Create</strong>.
      </>,
    ],
    cautions: [<>Creating the app sends nothing to SCIM Desk: this step turns done with the app's first request, or confirm it yourself.</>],
  },
  'entra-credentials': {
    console: 'Entra',
    instructions: (context) => [
      <ConsolePath steps={[ENTRA_APP, 'Provisioning', '+ New configuration']} />,
      <>
        <strong>Tenant URL</strong>: <BaseUrl context={context} />
      </>,
      <>
        <strong>Secret Token</strong>: the token from step 2, alone (Entra adds "Bearer " itself).
      </>,
      <>
        Optional: append <code>?aadOptscim062020</code> to the Tenant URL. It makes Entra's job send RFC 7644-compliant PATCH requests (lower-case ops, active as
        false, members removed by <code>members[value eq "…"]</code>) instead of its default dialect. SCIM Desk accepts both; the wizard shows which one arrives.
      </>,
    ],
    cautions: [<>Leaving the Secret Token empty makes Entra send a token of its own, which SCIM Desk refuses.</>],
  },
  'entra-test-connection': {
    console: 'Entra',
    instructions: () => [
      <>
        Select <strong>Test Connection</strong>. Entra looks up a user with a random GUID (<code>GET /Users?filter=userName eq "&lt;GUID&gt;"</code>) and expects 200 with an
        empty list; SCIM Desk answers exactly that.
      </>,
      <>
        If it succeeds, select <strong>Create</strong> to create the provisioning job.
      </>,
    ],
  },
  'entra-assignment': {
    console: 'Entra',
    instructions: () => [
      <ConsolePath steps={[ENTRA_APP, 'Users and groups', '+ Add user/group']} />,
      <>Assign the users, and the groups whose names the rules will use (the admin group first).</>,
      <ConsolePath steps={['Provisioning', 'Settings', <>Scope: <strong>Sync only assigned users and groups</strong></>]} />,
    ],
    cautions: [
      <>Groups must be security groups (SecurityEnabled = True) to be provisioned with their members.</>,
      <>Nested groups are not provisioned: only direct members of an assigned group arrive.</>,
    ],
  },
  'entra-attribute-mapping': {
    console: 'Entra',
    instructions: () => [
      <ConsolePath steps={['Provisioning', 'Mappings']} />,
      <>
        Keep both <strong>Provision Microsoft Entra ID Users</strong> and <strong>Provision Microsoft Entra ID Groups</strong> enabled.
      </>,
      <>Users: userPrincipalName → userName stays the matching attribute (Matching precedence 1): Clumio signs users in by e-mail.</>,
      <>
        Groups: keep displayName → displayName, and <strong>delete the mailNickname mapping</strong>. Save.
      </>,
    ],
    cautions: [<>Clumio: with the mailNickname mapping kept, group names can turn into UUIDs during periodic syncs, and rule evaluation breaks. Write no rule against such a name.</>],
  },
  'entra-provision-on-demand': {
    console: 'Entra',
    instructions: () => [
      <ConsolePath steps={['Provisioning', 'Provision on demand']} />,
      <>Search a user who is in scope and select Provision.</>,
      <>Entra shows the five steps: Test connection, Import user, Determine if user is in scope, Match user between source and target system, Perform action.</>,
    ],
    cautions: [<>The ?aadOptscim062020 flag does not apply to on-demand provisioning (Microsoft): these requests come in the default dialect.</>],
  },
  'entra-start-provisioning': {
    console: 'Entra',
    instructions: () => [
      <ConsolePath steps={['Overview', 'Properties', 'Notification Email']} />,
      <>
        Select <strong>Start provisioning</strong>. The initial cycle looks up every assigned user and group and creates what is missing; it takes longer than the later
        cycles.
      </>,
    ],
  },
  'entra-first-cycle': {
    console: 'Entra',
    instructions: () => [
      <>Watch the cycle arrive: user lookups, creates, group lookups with excludedAttributes=members, empty group creates, then member adds.</>,
      <>Entra's Provisioning logs show the same operations from its side.</>,
    ],
    cautions: [<>After the initial cycle, Entra runs an incremental cycle about every 40 minutes: a change made in Entra arrives then, or at once with Provision on demand.</>],
  },
  'entra-deactivation': {
    console: 'Entra',
    instructions: () => [
      <>Remove a test user from Users and groups (or block their sign-in): the next cycle sets active to "False" (false with ?aadOptscim062020).</>,
      <>Entra deletes the user here only once it is hard-deleted in Entra, 30 days after a soft delete.</>,
    ],
  },
};

export const STEP_GUIDES: Record<SetupStepId, StepGuide> = {
  endpoint: {
    console: 'SCIM Desk',
    instructions: (context) => [
      <>{context.words.short} calls the SCIM endpoint from the internet, over HTTPS only. Start a tunnel below, or enter the public URL of your own reverse proxy.</>,
      <>Run the self-probe: SCIM Desk calls its own public URL and checks the answer came back to this endpoint.</>,
    ],
    cautions: [<>If the tunnel URL changes (a restart of localtunnel or cloudflared gives a new one), the URL in the identity provider must be updated.</>],
    panel: (context) => <EndpointPanel revision={context.revision} onChanged={context.onChanged} words={context.words} />,
  },
  token: {
    console: 'SCIM Desk',
    instructions: (context) => [
      <>
        Generate the SCIM API token {context.words.short} will send (its <strong>{context.words.tokenField}</strong>). This is what Clumio calls{' '}
        <ConsolePath steps={['Configure SCIM', 'generate and download the SCIM API token']} />.
      </>,
      <>Copy or download it now: it is shown only once. SCIM Desk keeps only a hash.</>,
    ],
    panel: (context) => <TokenPanel revision={context.revision} onChanged={context.onChanged} onCreated={context.onSecret} words={context.words} />,
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
    console: idpConsole,
    instructions: (context) => [
      context.identityProvider === 'entra' ? (
        <>Assign your own account to the app (Users and groups), and make it a direct member of the security group that will get Super Admin (for example "Clumio Admins").</>
      ) : (
        <>Assign your own Okta account to the app, and add it to the pushed group that will get Super Admin.</>
      ),
      <>Tell SCIM Desk which account is yours: it must stay Super Admin on the Global OU once auto user provisioning is on.</>,
    ],
    panel: (context) => <AdminAccountPanel revision={context.revision} onChanged={context.onChanged} words={context.words} />,
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
  ...ENTRA_GUIDES,
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

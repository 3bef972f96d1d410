/**
 * The steps every profile shares: making the endpoint reachable and generating the token (done in SCIM Desk),
 * and Clumio's own steps (the Super Admin rule, the provisioning method, enabling auto user provisioning), in
 * Clumio's words (help.clumio.com, "Configuring SCIM User Provisioning with Okta"). Each profile puts its
 * identity provider's steps between them; `{short}`, `{urlField}`, … are that profile's words.
 */
import type { ExplainerCheck, ProfileStep, RolloutWords } from '../profile.js';

export const ENDPOINT_STEP: ProfileStep = {
  id: 'endpoint',
  title: 'Make the endpoint reachable over HTTPS',
  console: 'scim-desk',
  instructions: [
    '{short} calls the SCIM endpoint from the internet, over HTTPS only. Start a tunnel below, or enter the public URL of your own reverse proxy.',
    'Run the self-probe: SCIM Desk calls its own public URL and checks the answer came back to this endpoint.',
  ],
  cautions: [
    'If the tunnel URL changes (a restart of localtunnel or cloudflared gives a new one), the {urlField} in {short} must be updated.',
  ],
  says: {
    'no-url':
      '{short} calls from the internet: start the built-in tunnel on the endpoint page, or paste your own public HTTPS URL (reverse proxy, ingress).',
    'probe-needed':
      'Run the self-probe: SCIM Desk calls {url}/ServiceProviderConfig and checks the answer comes from this endpoint.',
    'not-https':
      '{short} only calls HTTPS URLs: use an https:// public URL (the built-in tunnel, cloudflared and ngrok all give one).',
    unreachable:
      'The self-probe could not reach the public URL (the evidence says why): check that the tunnel or proxy runs and forwards to the SCIM listener, then probe again.',
    'someone-else':
      'Something else answered the public URL (an interstitial page or another server): point it at the SCIM listener, or use another tunnel provider.',
    'no-public-url': 'Start the built-in tunnel or paste your own public HTTPS URL.',
  },
};

export const TOKEN_STEP: ProfileStep = {
  id: 'token',
  title: 'Generate the {tokenName} for {short}',
  console: 'scim-desk',
  instructions: [
    'Generate the SCIM API token {short} will send (its **{tokenField}**). This is what Clumio calls **Configure SCIM** → **generate and download the SCIM API token**.',
    'Copy or download it now: it is shown only once. SCIM Desk keeps only a hash.',
  ],
  says: {
    'all-gone': 'Every token is revoked or expired: generate a new one, copy it once, and paste it into {tokenWhere}.',
    none: 'Generate a token on the Endpoint & tokens page (or with the command scim-desk token create --label {tokenLabel}), then copy or download it: it is shown only once.',
  },
};

export const SUPER_ADMIN_RULE_STEP: ProfileStep = {
  id: 'super-admin-rule',
  title: 'Rules: a Super Admin rule on the Global OU that covers you',
  console: 'clumio',
  instructions: [
    {
      path: [
        'Auto user provisioning',
        'Get Started / Create rule',
        'This group = your admin group',
        '**Super Admin** on the **Global OU**',
        'Create',
      ],
    },
    "Here the same rule is created on SCIM Desk's rules engine; the preview shows who gets access before it is saved. More rules can follow on the Rules page.",
  ],
  cautions: ['Never delete the Super Admin rule: Clumio would lock everyone out of the portal.'],
  says: {
    'no-rule':
      'Create a rule giving Super Admin on the Global OU to the admin group (e.g. user.groups $eq "Clumio Admins"), and preview it.',
    'admin-unknown':
      'Rule {names} exists; it is checked against your account once the current admin is set and has arrived from {short}.',
    'guard-refuses': '{reason}',
    'not-covered': 'Rule {names} does not give {admin} Super Admin: check the group name in its condition.',
  },
};

export const PROVISIONING_METHOD_STEP: ProfileStep = {
  id: 'provisioning-method',
  title: 'Provisioning method: SCIM',
  console: 'clumio',
  instructions: [{ path: ['Provisioning method', 'enable the toggle for **SCIM**'] }],
  says: {
    'not-scim': 'The provisioning method is {method}: set it to SCIM (Settings) so SCIM groups feed the rules.',
  },
};

export const ENABLE_STEP: ProfileStep = {
  id: 'enable-auto-provisioning',
  title: 'Enable Auto User Provisioning',
  console: 'clumio',
  instructions: [
    "Click **Enable Auto User Provisioning**. Every user's existing permissions are replaced by what the rules give.",
    'The preview lists who gains access. It is refused if you would not keep Super Admin on the Global OU.',
  ],
  says: {
    'not-ready': 'Not ready to enable yet: {reason}',
    ready: 'Preview who gains access, then enable auto user provisioning (Rules page).',
  },
};

/** Clumio's steps, last in every profile. */
export const CLUMIO_STEPS: readonly ProfileStep[] = [SUPER_ADMIN_RULE_STEP, PROVISIONING_METHOD_STEP, ENABLE_STEP];

// ---- The rollout: the identity provider provisions into Clumio itself, and Clumio's API is read ----

const AUP = ['Settings', 'Access management', 'Auto user provisioning'];

export const CLUMIO_CONNECTION_STEP: ProfileStep = {
  id: 'clumio-connection',
  title: 'Connect your Clumio account',
  console: 'scim-desk',
  instructions: [
    'In the Clumio portal, as a user who holds **Super Admin** on the **Global OU**, create an API token.',
    "On the **Connections** page: your portal's regional API host (or any URL) and the token, then **Connect**. SCIM Desk writes to Clumio only when you apply rules or switch auto user provisioning.",
    'Or from a shell: `scim-desk connect clumio --base-url https://us-west-2.api.clumio.com` (the token from CLUMIO_API_TOKEN or standard input).',
  ],
  says: {
    'not-connected':
      'Connect your Clumio account on the Connections page (its API host and an API token made by a Super Admin): the Clumio steps are read from its API.',
  },
};

/** No API shows Clumio's SCIM configuration or its provisioning method: the admin confirms them. */
export const ROLLOUT_PROVISIONING_METHOD_STEP: ProfileStep = {
  id: 'provisioning-method',
  title: 'Clumio: Configure SCIM, and SCIM as the provisioning method',
  console: 'clumio',
  instructions: [
    { path: [...AUP, 'Configure SCIM'] },
    'Copy the **SCIM base URL**, generate and download the **SCIM API token**, then **Close**: {short} needs both for its Provisioning screen.',
    { path: [...AUP, 'Provisioning method', 'enable the toggle for **SCIM**'] },
  ],
  cautions: ['Clumio shows the SCIM API token once: download it before you close the dialog.'],
  says: {
    confirm:
      "Clumio's API does not show its SCIM configuration or provisioning method: in Clumio, Configure SCIM (copy the SCIM base URL, generate the SCIM API token) and turn on SCIM under Provisioning method, then confirm it here.",
  },
};

export const ROLLOUT_SUPER_ADMIN_RULE_STEP: ProfileStep = {
  id: 'super-admin-rule',
  title: 'Clumio: a rule giving Super Admin on the Global OU',
  console: 'clumio',
  instructions: [
    {
      path: [...AUP, 'Create rule', 'This group = your admin group', '**Super Admin** on the **Global OU**', 'Create'],
    },
    "Or on SCIM Desk's **Clumio account** page: plan the rule set, see who gains access on {short}'s real data, then apply it.",
  ],
  cautions: ['Never delete the Super Admin rule: Clumio would lock everyone out of the portal.'],
  says: {
    'no-rule':
      'No rule of the Clumio account gives Super Admin on the Global OU: create one for the group you push as your admin group (e.g. user.groups $eq "Clumio Admins"), on the Clumio account page or in Clumio.',
    'not-covered':
      'Rule {names} gives Super Admin on the Global OU, but not to {admin} on what {short} pushes: check the group name in its condition against the groups {short} pushes to Clumio.',
  },
};

export const CLUMIO_ADMIN_STEP: ProfileStep = {
  id: 'clumio-admin-super-admin',
  title: 'Clumio: your own user holds Super Admin on the Global OU',
  console: 'clumio',
  instructions: [
    "Your own Clumio user (the email {short} sends as your username) must hold **Super Admin** on the **Global OU** before auto user provisioning replaces everyone's permissions with what the rules give.",
    "Read from Clumio's users: the role your user holds on each organizational unit.",
  ],
  says: {
    'no-admin':
      'Enter your own {username} as the current admin (Settings): SCIM Desk looks for your Clumio user by it.',
    'no-user':
      'No Clumio user has {tried}: sign in to Clumio once with your own account (or check that {short} sends your email as the username).',
    'not-super-admin':
      'Your Clumio user {admin} holds {roles}, not Super Admin on the Global OU: have a Super Admin give it to you in Clumio, or let the Super Admin rule give it once auto user provisioning is on.',
  },
};

export const ROLLOUT_ENABLE_STEP: ProfileStep = {
  id: 'enable-auto-provisioning',
  title: 'Clumio: Enable Auto User Provisioning',
  console: 'clumio',
  instructions: [
    { path: [...AUP, '**Enable Auto User Provisioning**'] },
    "Or on SCIM Desk's **Clumio account** page, which refuses it when you would not keep Super Admin on the Global OU. Every user's existing permissions are replaced by what the rules give.",
  ],
  says: {
    'not-ready': 'Not ready to enable yet: {reason}',
    ready:
      'Enable auto user provisioning in the Clumio account (the Clumio account page, or in Clumio): the rules keep you Super Admin on the Global OU.',
  },
};

/** The Clumio side of the rollout, for a profile without rollout words of its own (Clumio's API only). */
export const ROLLOUT_CLUMIO: RolloutWords = {
  steps: [
    CLUMIO_CONNECTION_STEP,
    ROLLOUT_PROVISIONING_METHOD_STEP,
    ROLLOUT_SUPER_ADMIN_RULE_STEP,
    CLUMIO_ADMIN_STEP,
    ROLLOUT_ENABLE_STEP,
  ],
  usernameFormats: {},
};

/** The explainer's general checks, in words that fit every identity provider. */
export const GENERAL_CHECKS: Readonly<Record<ExplainerCheck, string>> = {
  'no-public-url':
    'SCIM Desk has no public URL yet: {short} calls from the internet, so start the tunnel or set your own URL (step 1).',
  'probe-failed':
    'The last self-probe of the public URL failed: {message} Until it passes, {short} cannot reach this endpoint either.',
  'nothing-arrived':
    'No request has reached this endpoint yet: check that the {urlField} in {short} is exactly {url}, then {connectorTest}.',
  'not-connected':
    'Requests arrived, but none with a valid token yet: paste a current token into {tokenWhere} and {connectorTest}.',
  'token-refused': 'The newest request was refused at {at}: {reason}. {fix}',
  'wrong-path': 'A request arrived outside /scim/v2 at {at} ({request}): the {urlField} must end in /scim/v2.',
  conflicts:
    'SCIM Desk answered 409 (already exists) to a creation, the newest for {resource} at {at} ({request}): a user or group of that name is here already, so nothing was created.',
  failures:
    'SCIM Desk refused a request from {short}: the newest, {request} at {at}: {cause}. Open it in the Activity view for the full answer.',
  'all-answered':
    'Everything {short} sent was answered without an error (the newest: {request} at {at}): the message may come from {short} itself, before any request left it.',
};

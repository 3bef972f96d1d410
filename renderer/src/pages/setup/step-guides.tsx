/**
 * What SCIM Desk itself offers at a step: the controls that settle it from here (the tunnel, the token, the
 * admin's own account, the rules), by step id. What the admin does in the identity provider's console, and in
 * whose words, comes from the server with the step (the identity profile's `guide`).
 */
import type { ReactNode } from 'react';
import type { ProfileWords, ProvisioningTarget, SetupStepId, TokenCreated } from '../../../../server/admin/contract';
import { href, type Route } from '../../router/routes';
import { AdminAccountPanel } from './admin-account-panel';
import { EnableAutoProvisioningPanel } from './enable-auto-provisioning-panel';
import { EndpointPanel } from './endpoint-panel';
import type { BaseUrlContext } from './guide-text';
import { ProvisioningMethodPanel } from './provisioning-method-panel';
import { SuperAdminRulePanel } from './super-admin-rule-panel';
import { TokenSecret } from '../endpoint/token-secret';
import { TokenPanel } from './token-panel';

/** What the panels need to know about the endpoint, the profile and the admin. */
export interface GuideContext extends BaseUrlContext {
  /** The identity profile's words ("Okta", "SCIM connector base URL", …). */
  words: ProfileWords;
  /** Which checklist this is: the rehearsal's (SCIM Desk's endpoint) or the rollout's (Clumio). */
  target: ProvisioningTarget;
  currentAdmin: string | null;
  /** Changes whenever the wizard refreshes, so panels reload their own data. */
  revision: number;
  /** The admin changed something: re-read the wizard's state. */
  onChanged(): void;
  /** A token secret just created, until the admin hides it (it is never shown again). */
  secret: TokenCreated | null;
  onSecret(created: TokenCreated | null): void;
}

export interface StepControls {
  /** Controls that settle the step from SCIM Desk itself. */
  panel?(context: GuideContext): ReactNode;
  /** Shown even while the step is collapsed (what must not disappear when the step turns done). */
  pinned?(context: GuideContext): ReactNode;
}

export const STEP_CONTROLS: Partial<Record<SetupStepId, StepControls>> = {
  endpoint: {
    panel: (context) => (
      <EndpointPanel revision={context.revision} onChanged={context.onChanged} words={context.words} />
    ),
  },
  token: {
    panel: (context) => (
      <TokenPanel
        revision={context.revision}
        onChanged={context.onChanged}
        onCreated={context.onSecret}
        words={context.words}
      />
    ),
    pinned: (context) =>
      context.secret && <TokenSecret created={context.secret} onDone={() => context.onSecret(null)} />,
  },
  'admin-account': {
    panel: (context) => (
      <AdminAccountPanel revision={context.revision} onChanged={context.onChanged} words={context.words} />
    ),
  },
  'super-admin-rule': {
    panel: (context) => <SuperAdminRulePanel revision={context.revision} onChanged={context.onChanged} />,
  },
  'provisioning-method': {
    panel: (context) => <ProvisioningMethodPanel revision={context.revision} onChanged={context.onChanged} />,
  },
  'enable-auto-provisioning': {
    panel: (context) => <EnableAutoProvisioningPanel revision={context.revision} onChanged={context.onChanged} />,
  },
};

/** A step settled in another page of the console. */
function goTo(route: Route, words: string, testId: string) {
  return () => (
    <p className="wizard-panel">
      <a href={href(route)} data-testid={testId}>
        {words}
      </a>
    </p>
  );
}

/** The rollout's steps are settled in Okta and Clumio; here only the admin's own account and links to where
 * the connections, the account's rules and its switch are managed. SCIM Desk's own rules and switch (the
 * rehearsal's controls) would change nothing in Clumio, so they are not offered here. */
export const ROLLOUT_CONTROLS: Partial<Record<SetupStepId, StepControls>> = {
  'okta-connection': {
    panel: goTo({ page: 'connections' }, 'Connect the Okta org on the Connections page', 'go-connections'),
  },
  'clumio-connection': {
    panel: goTo({ page: 'connections' }, 'Connect the Clumio account on the Connections page', 'go-connections'),
  },
  'admin-account': STEP_CONTROLS['admin-account']!,
  'super-admin-rule': {
    panel: goTo(
      { page: 'clumio-rules' },
      "Preview and apply the account's rules on the Clumio account page",
      'go-clumio-rules',
    ),
  },
  'enable-auto-provisioning': {
    panel: goTo(
      { page: 'clumio-rules' },
      'Switch auto user provisioning on the Clumio account page',
      'go-clumio-rules',
    ),
  },
};

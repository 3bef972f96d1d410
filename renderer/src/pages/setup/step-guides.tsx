/**
 * What SCIM Desk itself offers at a step: the controls that settle it from here (the tunnel, the token, the
 * admin's own account, the rules), by step id. What the admin does in the identity provider's console, and in
 * whose words, comes from the server with the step (the identity profile's `guide`).
 */
import type { ReactNode } from 'react';
import type { ProfileWords, SetupStepId, TokenCreated } from '../../../../server/admin/contract';
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
  endpoint: { panel: (context) => <EndpointPanel revision={context.revision} onChanged={context.onChanged} words={context.words} /> },
  token: {
    panel: (context) => <TokenPanel revision={context.revision} onChanged={context.onChanged} onCreated={context.onSecret} words={context.words} />,
    pinned: (context) => context.secret && <TokenSecret created={context.secret} onDone={() => context.onSecret(null)} />,
  },
  'admin-account': { panel: (context) => <AdminAccountPanel revision={context.revision} onChanged={context.onChanged} words={context.words} /> },
  'super-admin-rule': { panel: (context) => <SuperAdminRulePanel revision={context.revision} onChanged={context.onChanged} /> },
  'provisioning-method': { panel: (context) => <ProvisioningMethodPanel revision={context.revision} onChanged={context.onChanged} /> },
  'enable-auto-provisioning': { panel: (context) => <EnableAutoProvisioningPanel revision={context.revision} onChanged={context.onChanged} /> },
};

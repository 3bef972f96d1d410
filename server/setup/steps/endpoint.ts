/** Steps 1-2 of both profiles: the endpoint reachable over public HTTPS, and a token to paste into the identity provider. */
import { stateEvidence } from '../evidence.js';
import { done, failed, IDP_NAMES, todo, waiting, type StepDefinition } from './step.js';

export const endpointStep: StepDefinition = {
  id: 'endpoint',
  title: 'Make the endpoint reachable over HTTPS',
  check: 'state',
  // A corporate ingress may not let this machine call its own public URL (no hairpin): the admin may vouch.
  confirmable: true,
  evaluate({ tunnel, identityProvider }) {
    const idp = IDP_NAMES[identityProvider];
    if (!tunnel.publicScimUrl) {
      return todo(`${idp} calls from the internet: start the built-in tunnel on the endpoint page, or paste your own public HTTPS URL (reverse proxy, ingress).`);
    }
    const probe = tunnel.probe;
    if (!probe || probe.url === null || !probe.url.startsWith(tunnel.publicScimUrl)) {
      return waiting(`Run the self-probe: SCIM Desk calls ${tunnel.publicScimUrl}/ServiceProviderConfig and checks the answer comes from this endpoint.`);
    }
    const evidence = stateEvidence(probe.message, probe.at);
    switch (probe.outcome) {
      case 'ok':
        return done(evidence);
      case 'not-https':
        return failed(`${idp} only calls HTTPS URLs: use an https:// public URL (the built-in tunnel, cloudflared and ngrok all give one).`, evidence);
      case 'unreachable':
        return failed('The public URL did not answer: check that the tunnel or proxy runs and forwards to the SCIM listener, then probe again.', evidence);
      case 'someone-else':
        return failed('Something else answered the public URL (an interstitial page or another server): point it at the SCIM listener, or use another tunnel provider.', evidence);
      case 'no-public-url':
        return todo('Start the built-in tunnel or paste your own public HTTPS URL.', evidence);
    }
  },
};

export const tokenStep: StepDefinition = {
  id: 'token',
  title: 'Generate the SCIM token for Okta',
  titles: { entra: 'Generate the Secret Token for Entra' },
  check: 'state',
  confirmable: false,
  evaluate({ tokens, identityProvider }) {
    const where = identityProvider === 'entra' ? "Entra's Secret Token field" : 'Okta as the API Token';
    const own = tokens.filter((t) => !t.rehearsal);
    const active = own.filter((t) => t.state === 'active');
    const newest = active[active.length - 1];
    // The evidence line shows when it was created, in the admin's own time.
    if (newest) return done(stateEvidence(`Token "${newest.label}" is active.`, newest.createdAt));
    if (own.length > 0) {
      return failed(`Every token is revoked or expired: generate a new one, copy it once, and paste it into ${where}.`);
    }
    const label = identityProvider === 'entra' ? 'Entra' : 'Okta';
    return todo(`Generate a token on the Endpoint & tokens page (or with the command scim-desk token create --label ${label}), then copy or download it: it is shown only once.`);
  },
};

/** Steps 1-2 of every profile: the endpoint reachable over public HTTPS, and a token to paste into the identity provider. */
import { stateEvidence } from '../evidence.js';
import { done, failed, todo, waiting, type StepEvidenceSource } from './step.js';

export const endpointStep: StepEvidenceSource = {
  id: 'endpoint',
  check: 'state',
  // A corporate ingress may not let this machine call its own public URL (no hairpin): the admin may vouch.
  confirmable: true,
  says: ['no-url', 'probe-needed', 'not-https', 'unreachable', 'someone-else', 'no-public-url'],
  settle({ tunnel }) {
    if (!tunnel.publicScimUrl) return todo('no-url');
    const probe = tunnel.probe;
    // A probe of another URL (the one before a change) says nothing about this one.
    if (!probe || probe.url === null || !probe.url.startsWith(tunnel.publicScimUrl))
      return waiting('probe-needed', { url: tunnel.publicScimUrl });
    const evidence = stateEvidence(probe.message, probe.at);
    switch (probe.outcome) {
      case 'ok':
        return done(evidence);
      case 'not-https':
        return failed('not-https', {}, evidence);
      case 'unreachable':
        return failed('unreachable', {}, evidence);
      case 'someone-else':
        return failed('someone-else', {}, evidence);
      case 'no-public-url':
        return todo('no-public-url', {}, evidence);
    }
  },
};

export const tokenStep: StepEvidenceSource = {
  id: 'token',
  check: 'state',
  confirmable: false,
  says: ['all-gone', 'none'],
  settle({ tokens }) {
    const own = tokens.filter((t) => !t.rehearsal);
    const active = own.filter((t) => t.state === 'active');
    const newest = active[active.length - 1];
    // The evidence line shows when it was created, in the admin's own time.
    if (newest) return done(stateEvidence(`Token "${newest.label}" is active.`, newest.createdAt));
    return own.length > 0 ? failed('all-gone') : todo('none');
  },
};

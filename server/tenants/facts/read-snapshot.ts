/**
 * One snapshot of both tenants: Okta and Clumio are read side by side, then the admin's own Clumio user is
 * found from what Okta says about the admin (Clumio knows users by the email Okta sends as their username).
 */
import type { Clock } from '../../time/clock.js';
import type { ClumioClient } from '../clumio/clumio-client.js';
import type { OktaClient } from '../okta/okta-client.js';
import { readClumioFacts } from './read-clumio-facts.js';
import { readOktaFacts } from './read-okta-facts.js';
import type { ApiCall } from '../api-call.js';
import { fact, type Reading } from './reading.js';
import type { ClumioAdminFacts, ClumioFacts, OktaFacts, TenantSnapshot } from './tenant-snapshot.js';

export interface SnapshotSources {
  okta: { client: OktaClient; appId: string } | null;
  clumio: { client: ClumioClient } | null;
  /** The admin's own Okta login; null leaves out the admin's facts. */
  adminLogin: string | null;
  clock: Clock;
  /** Requests in flight per service at most (default 4). */
  concurrency?: number;
}

export async function readTenantSnapshot(sources: SnapshotSources): Promise<TenantSnapshot> {
  const startedAt = new Date(sources.clock.now()).toISOString();
  const [okta, clumio] = await Promise.all([
    sources.okta
      ? readOktaFacts({ ...sources.okta, adminLogin: sources.adminLogin, concurrency: sources.concurrency })
      : Promise.resolve(null),
    sources.clumio ? readClumioFacts({ ...sources.clumio, concurrency: sources.concurrency }) : Promise.resolve(null),
  ]);
  return {
    startedAt,
    readAt: new Date(sources.clock.now()).toISOString(),
    okta,
    clumio,
    clumioAdmin:
      clumio && sources.adminLogin !== null
        ? findClumioAdmin(sources.adminLogin, okta, clumio, sources.clock.now())
        : null,
  };
}

/** Matches the admin in Clumio by email, trying what Okta sends as the admin's username first. */
export function findClumioAdmin(
  login: string,
  okta: OktaFacts | null,
  clumio: ClumioFacts,
  now: number,
): Reading<ClumioAdminFacts> {
  if (!clumio.users.ok) return clumio.users;
  const candidates: ClumioAdminFacts['candidates'][number][] = [];
  const add = (email: string | null | undefined, from: ClumioAdminFacts['candidates'][number]['from']) => {
    if (email && email.includes('@') && !candidates.some((c) => c.email.toLowerCase() === email.toLowerCase()))
      candidates.push({ email, from });
  };
  const admin = okta?.admin?.ok ? okta.admin.value : null;
  add(admin?.assignment?.userName, 'app username');
  add(admin?.user?.email, 'okta email');
  add(admin?.user?.login, 'okta login');
  add(login, 'configured login');

  const calls: ApiCall[] = [...clumio.users.evidence.calls];
  if (okta?.admin?.ok) calls.unshift(...okta.admin.evidence.calls);
  for (const candidate of candidates) {
    const user = clumio.users.value.find((u) => u.email.toLowerCase() === candidate.email.toLowerCase());
    if (!user) continue;
    const said = `${user.email} (${candidate.from}) ${user.superAdminOnGlobal ? 'holds' : 'does not hold'} Super Admin on the Global OU`;
    return fact(
      { candidates, user, matchedBy: candidate.from, superAdminOnGlobal: user.superAdminOnGlobal },
      calls,
      said,
      now,
    );
  }
  const tried = candidates.map((c) => c.email).join(', ') || 'no address';
  return fact(
    { candidates, user: null, matchedBy: null, superAdminOnGlobal: false },
    calls,
    `no Clumio user has ${tried}`,
    now,
  );
}

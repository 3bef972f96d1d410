/**
 * A large directory written straight into a data folder with the store API, before `serve` starts. Creating
 * 50,000 users through SCIM takes minutes on a 2-core machine (each POST is its own durable commit), and the
 * SCIM path is measured by `npm run bench`; the console's performance only needs the data to be there, in
 * exactly the records the SCIM endpoint would have stored.
 */
import { randomUUID } from 'node:crypto';
import { openStore } from '../../server/store/index.js';
import type { Member, ResourceRecord, StoreOp } from '../../server/store/types.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const GIVEN = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Eve',
  'Farid',
  'Gina',
  'Hugo',
  'Ines',
  'Jon',
  'Kira',
  'Liam',
  'Mona',
  'Nils',
  'Omar',
  'Pia',
];
const FAMILY = [
  'Smith',
  'Okafor',
  'Tanaka',
  'Garcia',
  'Novak',
  'Larsen',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Singh',
  'Moreau',
  'Ivanova',
];
const BATCH = 5_000;

export interface SeededDirectory {
  userCount: number;
  groupNames: string[];
  /** userName of user number `n` (0-based), e.g. `ada.smith.00042@example.com`. */
  userName(n: number): string;
  seedMs: number;
}

function person(n: number) {
  const given = GIVEN[n % GIVEN.length]!;
  const family = FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]!;
  return { given, family, userName: `${given}.${family}.${String(n).padStart(5, '0')}@example.com`.toLowerCase() };
}

/** Writes `users` Okta-shaped users and `groups` groups (user n is a member of group n % groups). */
export async function seedDirectory(
  dataDir: string,
  options: { users: number; groups: number },
): Promise<SeededDirectory> {
  const started = performance.now();
  const store = await openStore(dataDir, { compactOnClose: true });
  const time = new Date().toISOString();
  const meta = { created: time, lastModified: time, version: 1 };
  const groupIds: string[] = [];
  const groupNames: string[] = [];
  try {
    const groupOps: StoreOp[] = [];
    for (let g = 0; g < options.groups; g += 1) {
      const id = randomUUID();
      const displayName = `Team ${String(g + 1).padStart(2, '0')}`;
      groupIds.push(id);
      groupNames.push(displayName);
      const record: ResourceRecord = { id, meta, data: { schemas: [GROUP_SCHEMA], displayName } };
      groupOps.push({ op: 'putGroup', record });
    }
    await store.commit(groupOps);

    for (let from = 0; from < options.users; from += BATCH) {
      const ops: StoreOp[] = [];
      const members = new Map<string, Member[]>();
      for (let n = from; n < Math.min(options.users, from + BATCH); n += 1) {
        const { given, family, userName } = person(n);
        const id = randomUUID();
        const data = {
          schemas: [USER_SCHEMA],
          userName,
          name: { givenName: given, familyName: family },
          displayName: `${given} ${family}`,
          emails: [{ primary: true, value: userName, type: 'work' }],
          locale: 'en-US',
          externalId: `00u${String(n).padStart(17, '0')}`,
          active: n % 20 !== 19, // every twentieth user deactivated, as Okta leaves them
        };
        ops.push({ op: 'putUser', record: { id, meta, data } });
        if (groupIds.length > 0) {
          const groupId = groupIds[n % groupIds.length]!;
          const list = members.get(groupId) ?? [];
          list.push({ value: id, display: userName, type: 'User' });
          members.set(groupId, list);
        }
      }
      for (const [groupId, list] of members) ops.push({ op: 'addMembers', groupId, members: list });
      await store.commit(ops);
    }
  } finally {
    await store.close();
  }
  return {
    userCount: options.users,
    groupNames,
    userName: (n) => person(n).userName,
    seedMs: Math.round(performance.now() - started),
  };
}

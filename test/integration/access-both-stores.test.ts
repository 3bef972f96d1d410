/**
 * The access service on both stores, with the same directory and the same changes: the embedded store keeps
 * every user in memory, PostgreSQL none but the current admin (it reads a change's users from the database
 * and compares them with what was told). What is told, previews, the guard, rule counts and the directory's
 * access column must be the same on both; a PostgreSQL node must hold no user after start or after following
 * changes, and compare everyone a page at a time when it takes the lead.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_GRANTS, AccessService } from '../../server/access/access-service.js';
import type { ToldAccess } from '../../server/access/access-keeper.js';
import { readDirectory } from '../../server/access/directory-users.js';
import { RuleChangeError } from '../../server/access/rule-change-error.js';
import { RulesService } from '../../server/access/rules-service.js';
import { storeRulesFacts, storeRulesSink } from '../../server/access/store-target.js';
import { putAutoUserProvisioningOp, putOrganizationalUnitOp, storedRules } from '../../server/access/stored-config.js';
import type { ActivityInput } from '../../server/activity/types.js';
import { AccessIndex } from '../../server/rules/access-index.js';
import { serializeCondition } from '../../server/rules/condition.js';
import type { AccessChange } from '../../server/rules/access.js';
import type { DirectoryStore } from '../../server/store/directory-store.js';
import { DocumentCache } from '../../server/store/document-cache.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../../server/store/index.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import type { ResourceRecord, StoreOp } from '../../server/store/types.js';
import { StoreError } from '../../server/store/types.js';
import { applyOps } from '../helpers/embedded-services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import { OUS, auditRule, backupRule, helpdeskRule, superAdminRule } from '../unit/rules-fixtures.js';

const ADMIN = 'user0@example.com';

interface Backend {
  kind: 'embedded' | 'postgres';
  store: DirectoryStore;
  documents: DocumentCache;
  close(): Promise<void>;
}

const databases: TestDatabase[] = [];
const folders: string[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
  for (const folder of folders) await removeDataDir(folder);
});

async function openBackend(kind: Backend['kind']): Promise<Backend> {
  let store: DirectoryStore;
  if (kind === 'embedded') {
    const dir = await makeDataDir();
    folders.push(dir);
    store = new EmbeddedDirectoryStore(await openStore(dir, { fsync: false }));
  } else {
    const database = await createTestDatabase();
    databases.push(database);
    store = await openPostgresStore(database.url, { pollIntervalMs: 200 });
  }
  const documents = await DocumentCache.open(store);
  return {
    kind,
    store,
    documents,
    async close() {
      documents.close();
      await store.close();
    },
  };
}

/** The access events as the server writes them, reduced to what a fold needs. */
function accessEvents(changes: readonly AccessChange[]) {
  return changes.map((change, i) => ({
    id: `access-${Date.now()}-${i}-${Math.random()}`,
    type: 'access.changed',
    timestamp: new Date().toISOString(),
    key: `user:${change.user_id}`,
    data: {
      user_id: change.user_id,
      gained: change.gained.map((a) => `${a.role_id}@${a.organizational_unit_id}`),
      lost: change.lost.map((a) => `${a.role_id}@${a.organizational_unit_id}`),
    },
  }));
}

function startService(backend: Backend, logged: ActivityInput[] = [], pageSize?: number): AccessService {
  return new AccessService({
    store: backend.store,
    documents: backend.documents,
    activity: { append: (input) => logged.push(input) },
    events: (changes) => accessEvents(changes),
    report: () => undefined,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
}

const commit = (backend: Backend, ops: readonly StoreOp[]) => backend.store.transact((tx) => applyOps(tx, ops));

/** Who has what now, evaluated from scratch: `role@ou` per user. */
async function expectedAccess(backend: Backend): Promise<Map<string, string[]>> {
  const { users } = await readDirectory(backend.store);
  const index = new AccessIndex({ rules: storedRules(backend.documents), users });
  return new Map(
    users.map((user) => [user.id, index.accessOf(user.id).map((a) => `${a.role_id}@${a.organizational_unit_id}`)]),
  );
}

/** What was told, from the stored `accessGrants`. */
async function toldAccess(backend: Backend): Promise<Map<string, string[]>> {
  const entries = await backend.store.listDocEntries<ToldAccess>(ACCESS_GRANTS);
  return new Map(entries.map(([id, told]) => [id, told.access.map((a) => `${a.role_id}@${a.organizational_unit_id}`)]));
}

/** What the change feed told, folded in order: each user's access after every event. */
async function feedAccess(backend: Backend): Promise<Map<string, Set<string>>> {
  const folded = new Map<string, Set<string>>();
  for (const event of await backend.store.eventsAfter(0, 1_000_000)) {
    if (event.type !== 'access.changed') continue;
    const data = event.data as { user_id: string; gained: string[]; lost: string[] };
    const set = folded.get(data.user_id) ?? new Set<string>();
    for (const lost of data.lost) {
      expect(set.has(lost), `${data.user_id} lost ${lost} it was never told it had`).toBe(true);
      set.delete(lost);
    }
    for (const gained of data.gained) {
      expect(set.has(gained), `${data.user_id} gained ${gained} twice`).toBe(false);
      set.add(gained);
    }
    folded.set(data.user_id, set);
  }
  return folded;
}

/** What was told (and, unless the test tampered with it, what the feed adds up to) is what the rules give. */
async function expectToldMatches(
  backend: Backend,
  users: readonly ResourceRecord[],
  step: string,
  options: { feed: boolean } = { feed: true },
): Promise<void> {
  const [expected, told, feed] = await Promise.all([
    expectedAccess(backend),
    toldAccess(backend),
    options.feed ? feedAccess(backend) : undefined,
  ]);
  for (const user of users) {
    const want = expected.get(user.id) ?? [];
    expect(told.get(user.id) ?? [], `${step}: told ${user.id}`).toEqual(want);
    if (feed) expect([...(feed.get(user.id) ?? [])].sort(), `${step}: feed ${user.id}`).toEqual([...want].sort());
  }
}

/** The same records for both stores (same ids), so their answers can be compared as they are. */
function directory() {
  const users = Array.from({ length: 40 }, (_, i) =>
    userRecord(`user${i}@example.com`, i % 9 === 5 ? { active: false, displayName: `User ${i}` } : {}),
  );
  const names = ['Clumio Admins', 'Backup Team', 'Backup Leads', 'Helpdesk EMEA', 'Auditors', 'Finance', 'Sales'];
  const groups = names.map((name) => groupRecord(name));
  return { users, groups, names };
}

function seedOps(users: readonly ResourceRecord[], groups: readonly ResourceRecord[]): StoreOp[] {
  const rules = [superAdminRule, backupRule, helpdeskRule, auditRule];
  const member = (group: number, ...ids: number[]): StoreOp => ({
    op: 'addMembers',
    groupId: groups[group]!.id,
    members: ids.map((i) => ({ value: users[i]!.id })),
  });
  return [
    ...OUS.slice(1).map(putOrganizationalUnitOp),
    ...rules.map((rule) => ({ op: 'putDoc' as const, collection: 'rules' as const, id: rule.rule_id, doc: rule })),
    { op: 'putDoc', collection: 'settings', id: 'general', doc: { current_admin: ADMIN } },
    // What was told is kept from the start: a first lead tells everyone's access (the feed then adds up).
    { op: 'putDoc', collection: 'settings', id: 'access-grants', doc: { since: '2026-01-01T00:00:00.000Z' } },
    ...users.map((record) => ({ op: 'putUser' as const, record })),
    ...groups.map((record) => ({ op: 'putGroup' as const, record })),
    member(0, 0, 1, 2),
    member(1, 3, 4, 5, 6, 7, 8),
    member(2, 8, 9, 10),
    member(3, 11, 12, 13, 0),
    member(4, 14, 15, 16, 17),
    member(5, 15, 16, 18, 19),
    member(6, 20, 21, 22, 1),
  ];
}

describe.each(['embedded', 'postgres'] as const)('access service on the %s store', (kind) => {
  let backend: Backend;
  let service: AccessService;
  afterEach(async () => {
    service?.stop();
    await service?.flushed();
    await backend?.close();
  });

  /** The seeded directory on a fresh backend, with an access service that has read it and leads. */
  async function seededLeader() {
    backend = await openBackend(kind);
    const seeded = directory();
    await commit(backend, seedOps(seeded.users, seeded.groups));
    service = startService(backend);
    await service.start();
    await service.lead();
    await service.flushed();
    return seeded;
  }

  it('tells exactly what the rules give after every change (renames, deletions, rule edits), and a PostgreSQL node holds no user but the admin', async () => {
    const { users, groups } = await seededLeader();
    // On PostgreSQL nothing but the current admin is read at start.
    expect(service.heldUsers).toBe(kind === 'postgres' ? 1 : users.length);
    await expectToldMatches(backend, users, 'after the lead');

    let seed = 11;
    // The high bits of the generator: its low bits repeat with a short period.
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const someUsers = () => Array.from({ length: 1 + random(5) }, () => users[random(users.length)]!.id);
    const live = [...groups];
    for (let step = 0; step < 80; step++) {
      const group = live[random(live.length)]!;
      const current = (await backend.store.getGroup(group.id))!;
      const kindOfChange = random(12);
      let ops: StoreOp[];
      if (kindOfChange < 3)
        ops = [
          { op: 'putGroup', record: { ...current, meta: { ...current.meta, version: current.meta.version + 1 } } },
          { op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) },
        ];
      else if (kindOfChange < 5) ops = [{ op: 'removeMembers', groupId: group.id, values: someUsers() }];
      else if (kindOfChange < 7) {
        // A rename away from a name the rules look at, or back to it.
        const name = String(current.data.displayName);
        const displayName = name.endsWith(' (old)') ? name.slice(0, -' (old)'.length) : `${name} (old)`;
        ops = [{ op: 'putGroup', record: { ...current, data: { ...current.data, displayName } } }];
      } else if (kindOfChange < 8) {
        const user = users[random(users.length)]!;
        const now = (await backend.store.getUser(user.id))!;
        ops = [{ op: 'putUser', record: { ...now, data: { ...now.data, active: now.data.active === false } } }];
      } else if (kindOfChange < 9 && live.length > 4) {
        // A group deleted with its members, and a new one in its place.
        live.splice(live.indexOf(group), 1);
        const fresh = groupRecord(String(current.data.displayName));
        live.push(fresh);
        ops = [{ op: 'deleteGroup', id: group.id }];
        await commit(backend, ops);
        ops = [
          { op: 'putGroup', record: fresh },
          { op: 'addMembers', groupId: fresh.id, members: someUsers().map((value) => ({ value })) },
        ];
      } else if (kindOfChange < 10) {
        // A rule edited: Backup now also for the Sales group, or back.
        const widened = random(2) === 0;
        const edited = {
          ...backupRule,
          condition: widened
            ? serializeCondition({ kind: 'in', groups: ['Backup Team', 'Backup Leads', 'Sales'] })
            : backupRule.condition,
        };
        ops = [{ op: 'putDoc', collection: 'rules', id: backupRule.rule_id, doc: edited }];
      } else ops = [{ op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) }];
      try {
        await commit(backend, ops);
      } catch (error) {
        // A rename taking a displayName another group has: the store refuses it.
        if (!(error instanceof StoreError && error.code === 'conflict')) throw error;
        continue;
      }
      await service.flushed();
      if (kind === 'postgres') expect(service.heldUsers, `step ${step}`).toBeLessThanOrEqual(1);
      await expectToldMatches(backend, users, `step ${step}`);
    }
    // A user deleted loses what it had.
    await commit(backend, [{ op: 'deleteUser', id: users[1]!.id }]);
    await service.flushed();
    expect((await toldAccess(backend)).has(users[1]!.id)).toBe(false);
    await expectToldMatches(backend, users.slice(2), 'after a deletion');
  });

  it('a group rename tells its members what they lost, and its deletion the same', async () => {
    const { users, groups } = await seededLeader();
    const before = (await backend.store.eventsAfter(0, 100_000)).length;
    const admins = (await backend.store.getGroup(groups[0]!.id))!;
    await commit(backend, [
      { op: 'putGroup', record: { ...admins, data: { ...admins.data, displayName: 'Former Admins' } } },
    ]);
    await service.flushed();
    const renamed = (await backend.store.eventsAfter(0, 100_000))
      .slice(before)
      .filter((e) => e.type === 'access.changed');
    expect(renamed.map((e) => e.data.user_id).sort()).toEqual([users[0]!.id, users[1]!.id, users[2]!.id].sort());
    for (const event of renamed) expect(event.data.lost).toEqual([expect.stringMatching(/@/)]);

    const after = (await backend.store.eventsAfter(0, 100_000)).length;
    await commit(backend, [{ op: 'deleteGroup', id: groups[1]!.id }]);
    await service.flushed();
    const deleted = (await backend.store.eventsAfter(0, 100_000))
      .slice(after)
      .filter((e) => e.type === 'access.changed');
    // Backup Team's members lose Backup, except user8 (still in Backup Leads) and user5 (deactivated: it had none).
    expect(deleted.map((e) => e.data.user_id).sort()).toEqual([3, 4, 6, 7].map((i) => users[i]!.id).sort());
  });
});

describe('previews, the guard, rule counts and the access column: the same on both stores', () => {
  const opened: Backend[] = [];
  const services: AccessService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) service.stop();
    for (const backend of opened.splice(0)) await backend.close();
  });

  it('for the same directory and the same proposals', async () => {
    const { users, groups } = directory();
    const answers: unknown[] = [];
    for (const kind of ['embedded', 'postgres'] as const) {
      const backend = await openBackend(kind);
      opened.push(backend);
      await commit(backend, [...seedOps(users, groups), putAutoUserProvisioningOp(true)]);
      const access = startService(backend);
      services.push(access);
      await access.start();
      await access.lead();
      await access.flushed();
      const rules = new RulesService({
        facts: storeRulesFacts(backend.documents, access),
        sink: storeRulesSink(backend.store),
        activity: { append: () => undefined },
      });
      const body = (rule: typeof backupRule) => ({
        name: rule.name,
        condition: rule.condition,
        provision: rule.provision,
      });
      const widened = {
        ...body(backupRule),
        rule_id: backupRule.rule_id,
        condition: serializeCondition({ kind: 'in', groups: ['Backup Team', 'Sales'] }),
      };
      const refusal = await rules.delete(superAdminRule.rule_id).then(
        () => null,
        (error: unknown) => (error instanceof RuleChangeError ? error.failure : error),
      );
      const grants = await access.accessOfUsers(users.map((user) => user.id));
      answers.push({
        list: await rules.list(),
        preview: await rules.preview({
          rules: [{ ...body(superAdminRule), rule_id: superAdminRule.rule_id }, widened, body(helpdeskRule)],
          enabling: false,
        }),
        enabling: await rules.preview({ rules: [body(superAdminRule), body(auditRule)], enabling: true }),
        refusal,
        column: users.map((user) => grants.get(user.id)),
        everyone: await (async () => {
          const all = [];
          for await (const page of access.everyone()) all.push(...page);
          return all
            .map((user) => ({ ...user, groups: [...user.groups].sort() }))
            .sort((a, b) => (a.id < b.id ? -1 : 1));
        })(),
      });
      if (kind === 'postgres') expect(access.heldUsers).toBe(1);
    }
    expect(answers[1]).toEqual(answers[0]);
    // And the answers say something: counts, a preview with users, a refusal that names the admin.
    const embedded = answers[0] as {
      list: { user_count: number }[];
      preview: { users: unknown[]; totals: { users_evaluated: number } };
      refusal: unknown;
    };
    expect(embedded.list.some((rule) => rule.user_count > 0)).toBe(true);
    expect(embedded.preview.users.length).toBeGreaterThan(0);
    expect(embedded.preview.totals.users_evaluated).toBe(users.filter((u) => u.data.active !== false).length);
    expect(embedded.refusal).toMatchObject({ kind: 'guard-refused' });
    expect((answers[1] as { everyone: unknown[] }).everyone).toHaveLength(users.length);
  });
});

describe('a PostgreSQL node taking the lead', () => {
  let backend: Backend;
  afterEach(async () => backend?.close());

  it('compares everyone a page at a time, tells what was missed, and holds no page after', async () => {
    backend = await openBackend('postgres');
    const { users, groups } = directory();
    await commit(backend, seedOps(users, groups));
    const first = startService(backend);
    await first.start();
    await first.lead();
    await first.flushed();
    first.stop();
    // A crash between changes and their access events: one user never told, one told though gone.
    await commit(backend, [
      { op: 'deleteDoc', collection: ACCESS_GRANTS, id: users[3]!.id },
      {
        op: 'putDoc',
        collection: ACCESS_GRANTS,
        id: 'gone-user',
        doc: { userName: 'gone@example.com', access: [{ role_id: 'x', organizational_unit_id: 'y', rules: [] }] },
      },
    ]);

    const walked: number[] = [];
    const read: number[] = [];
    const walk = backend.store.walkUsers.bind(backend.store);
    const usersWithGroups = backend.store.usersWithGroups.bind(backend.store);
    vi.spyOn(backend.store, 'walkUsers').mockImplementation((pageSize) => (walked.push(pageSize), walk(pageSize)));
    vi.spyOn(backend.store, 'usersWithGroups').mockImplementation(
      (ids) => (read.push(ids.length), usersWithGroups(ids)),
    );
    const logged: ActivityInput[] = [];
    const second = startService(backend, logged, 7);
    try {
      await second.start();
      // Nothing of the directory was read at start.
      expect(walked).toEqual([]);
      expect(second.heldUsers).toBe(1);
      const feedBefore = (await backend.store.eventsAfter(0, 100_000)).length;
      await second.lead();
      await second.flushed();
      expect(walked).toEqual([7]);
      expect(Math.max(...read)).toBeLessThanOrEqual(7);
      expect(read.length).toBeGreaterThanOrEqual(Math.ceil(users.length / 7));
      expect(second.heldUsers).toBe(1);
      const told = (await backend.store.eventsAfter(0, 100_000)).slice(feedBefore).map((e) => e.data);
      expect(told).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user_id: users[3]!.id, lost: [] }),
          expect.objectContaining({ user_id: 'gone-user', gained: [], lost: ['x@y'] }),
        ]),
      );
      expect(told).toHaveLength(2);
      await expectToldMatches(backend, users, 'after the second lead', { feed: false });
      expect((await toldAccess(backend)).has('gone-user')).toBe(false);
    } finally {
      second.stop();
      vi.restoreAllMocks();
    }
  });
});

/** The bench's users and seeded groups: what the load client sends and what bench/seed.ts writes in bulk. */

export const userName = (i: number) => `user${i}@bench.example.com`;

/** User i as Okta would push it. */
export const userBody = (i: number, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: userName(i),
  name: { givenName: `Given${i}`, familyName: `Family${i}` },
  emails: [{ primary: true, value: userName(i), type: 'work' }],
  displayName: `Given${i} Family${i}`,
  locale: 'en-US',
  externalId: `00u${i.toString(36).padStart(8, '0')}`,
  groups: [],
  active: true,
  ...extra,
});

/** Members of each seeded group; with one group per half of that, every seeded user is in two groups. */
export const SEED_GROUP_SIZE = 10_000;

export const seedGroupCount = (users: number) => Math.max(1, Math.ceil(users / (SEED_GROUP_SIZE / 2)));

export const seedGroupName = (g: number) => `Seed Group ${g}`;

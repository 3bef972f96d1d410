/**
 * Identity providers are data: every difference between Okta (in either kind of app) and Entra lives in a
 * profile module under server/identity-providers, the code reads it, and no code elsewhere compares against an
 * identity provider's name. Each profile has words for everything the wizard can find at its steps.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillWords, placeholdersOf } from '../../server/identity-providers/fill.js';
import type { ConnectionProblem, IdentityProfile } from '../../server/identity-providers/profile.js';
import {
  identityProfiles,
  identityProviders,
  profileFor,
  registerIdentityProfile,
} from '../../server/identity-providers/registry.js';
import { REHEARSAL_SCRIPTS } from '../../server/rehearsal/rehearsal-runner.js';
import { ROLLOUT_CLUMIO } from '../../server/identity-providers/profiles/shared-steps.js';
import { ROLLOUT_EVIDENCE } from '../../server/setup/rollout/rollout-evidence.js';
import { TRAFFIC_EVIDENCE } from '../../server/setup/steps/traffic.js';
import { ACME_PROFILE } from '../fixtures/acme-identity-profile.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx|cts)$/.test(name) ? [file] : [];
  });
}

/** A comparison, a `case`, an `.includes()` or a keyed lookup against an identity provider's name. */
function comparisons(text: string, names: readonly string[]): string[] {
  const name = `['"\`](?:${names.join('|')})['"\`]`;
  const forms = [
    `[=!]==?\\s*${name}`,
    `${name}\\s*[=!]==?`,
    `case\\s+${name}`,
    `includes\\(\\s*${name}\\s*\\)`,
    `\\[\\s*${name}\\s*\\]`,
    `^\\s*(?:${names.join('|')})\\s*:`,
  ];
  return text.split('\n').filter((line) => forms.some((form) => new RegExp(form).test(line)));
}

const REAL_TENANT_CODE = [
  'server/tenants/',
  'server/connections/',
  'server/clumio-account/',
  'server/cli/commands/connect.ts',
];

describe('identity providers as data', () => {
  it('no code outside the profiles folder compares against an identity provider name', () => {
    const names = identityProviders();
    expect(names).toEqual(['okta', 'entra']);
    const folders = ['server', 'renderer/src', 'electron'].map((folder) => path.join(ROOT, folder));
    const offending = folders
      .flatMap(sourceFiles)
      .map((file) => path.relative(ROOT, file))
      // The profiles themselves; and the real-tenant code (the Okta and Clumio API clients, the connections to
      // them, the Clumio account and the `connect` command), where 'okta' names the service called, not an
      // identity profile.
      .filter(
        (file) =>
          !file.startsWith('server/identity-providers/') && !REAL_TENANT_CODE.some((place) => file.startsWith(place)),
      )
      .flatMap((file) =>
        comparisons(readFileSync(path.join(ROOT, file), 'utf8'), names).map((line) => `${file}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });

  it('the check itself catches each form of comparison', () => {
    const names = ['okta', 'entra'];
    for (const line of [
      "if (idp === 'entra') x();",
      "const a = 'okta' !== idp;",
      "case 'okta':",
      "['okta', 'x'].includes('entra')",
      "const w = WORDS['okta'];",
      '  entra: { name: "Entra" },',
    ]) {
      expect(comparisons(line, names), line).toHaveLength(1);
    }
    expect(comparisons("const text = 'In Okta: Provisioning → To App';", names)).toEqual([]);
  });

  const all = (): IdentityProfile[] => [...identityProfiles(), ACME_PROFILE];
  const known = new Set([
    'url',
    'admin',
    'names',
    'reason',
    'method',
    'cause',
    'group',
    'count',
    'progress',
    'cycle',
    'base-url',
    'minutes',
    'last',
    'next',
    'found',
    'old',
    'resource',
    'at',
    'request',
    'fix',
    'message',
    'dialect',
    // The rollout's findings.
    'app',
    'status',
    'format',
    'groups',
    'errors',
    'state',
    'tried',
    'roles',
    'failures',
  ]);

  it.each(all().map((p) => [`${p.idp}/${p.app}`, p] as const))(
    '%s: words for every finding of every step, and only placeholders that get a value',
    (_name, profile) => {
      const words = Object.keys(profile.words);
      const unknown = (text: string) => placeholdersOf(text).filter((key) => !words.includes(key) && !known.has(key));
      for (const step of profile.steps) {
        const source = TRAFFIC_EVIDENCE[step.id]!;
        expect(source, step.id).toBeDefined();
        for (const say of source.says) expect(step.says[say], `${step.id}: ${say}`).toEqual(expect.any(String));
        const texts = [
          step.title,
          ...Object.values(step.says),
          ...[...step.instructions, ...(step.cautions ?? [])].flatMap((line) =>
            typeof line === 'string' ? [line] : line.path,
          ),
        ];
        for (const text of texts) expect(unknown(text), `${step.id}: ${text}`).toEqual([]);
      }
      for (const problem of [
        'missing',
        'malformed',
        'unknown',
        'revoked',
        'expired',
        'wrong-path',
      ] satisfies ConnectionProblem[]) {
        expect(unknown(profile.connection[problem]), problem).toEqual([]);
      }
      for (const entry of profile.errors) expect(unknown(`${entry.cause} ${entry.fix}`), entry.id).toEqual([]);
      for (const text of Object.values(profile.warnings).flatMap((w) => [w.message, w.fix]))
        expect(unknown(text)).toEqual([]);
      expect(REHEARSAL_SCRIPTS[profile.rehearsal.script], profile.rehearsal.script).toBeDefined();
      expect(new Set(profile.steps.map((s) => s.id)).size).toBe(profile.steps.length);
      // The rollout's checklist (provisioning into Clumio itself): its own evidence sources, the same rule for words.
      const rollout = (profile.rollout ?? ROLLOUT_CLUMIO).steps;
      for (const step of rollout) {
        const source = ROLLOUT_EVIDENCE[step.id]!;
        expect(source, `rollout ${step.id}`).toBeDefined();
        for (const say of source.says) expect(step.says[say], `rollout ${step.id}: ${say}`).toEqual(expect.any(String));
        const texts = [
          step.title,
          ...Object.values(step.says),
          ...[...step.instructions, ...(step.cautions ?? [])].flatMap((line) =>
            typeof line === 'string' ? [line] : line.path,
          ),
        ];
        for (const text of texts) expect(unknown(text), `rollout ${step.id}: ${text}`).toEqual([]);
      }
      expect(new Set(rollout.map((s) => s.id)).size).toBe(rollout.length);
      for (const entry of profile.errors)
        if (entry.rollout) expect(unknown(`${entry.rollout.cause} ${entry.rollout.fix}`), entry.id).toEqual([]);
    },
  );

  it("Okta's rollout: every step read from an API, and each kind of app's API integration screen in its own words", () => {
    const catalog = profileFor('okta');
    const custom = profileFor('okta', { okta_app: 'custom-scim' });
    const ids = catalog.rollout!.steps.map((s) => s.id);
    expect(custom.rollout!.steps.map((s) => s.id)).toEqual(ids);
    for (const id of [
      'username-format',
      'create-users',
      'update-users',
      'deactivate-users',
      'sync-password-off',
      'push-groups',
      'admin-account',
      'super-admin-rule',
      'provisioning-method',
      'enable-auto-provisioning',
    ]) {
      expect(ids, id).toContain(id);
    }
    const checks = new Set(ids.map((id) => ROLLOUT_EVIDENCE[id]!.check));
    expect([...checks].sort()).toEqual(['clumio-api', 'confirmation', 'okta-api']);
    const screen = (p: IdentityProfile) => JSON.stringify(p.rollout!.steps.find((s) => s.id === 'api-integration'));
    expect(screen(catalog)).toMatch(/Configure API Integration.*Enable API Integration.*Test API Credentials/);
    expect(screen(custom)).toMatch(
      /Provisioning → Integration → Edit.*Authentication Mode HTTP Header.*Test Connector Configuration/,
    );
    expect(screen(custom)).not.toMatch(/Test API Credentials/);
    // Entra has no rollout words: its checklist into Clumio is Clumio's side, read from Clumio's API.
    expect(profileFor('entra').rollout).toBeUndefined();
  });

  it("Okta's two kinds of app: the same checklist, each Provisioning screen in its own words", () => {
    const catalog = profileFor('okta');
    const custom = profileFor('okta', { okta_app: 'custom-scim' });
    expect([catalog.app, custom.app]).toEqual(['clumio-catalog', 'custom-scim']);
    expect(custom.steps.map((s) => s.id)).toEqual(catalog.steps.map((s) => s.id));
    const screen = (p: IdentityProfile) => JSON.stringify(p.steps.find((s) => s.id === 'connector-test'));
    expect(screen(catalog)).toMatch(/Configure API Integration/);
    expect(screen(catalog)).toMatch(/Enable API Integration/);
    expect(screen(catalog)).toMatch(/Test API Credentials/);
    expect(screen(catalog)).not.toMatch(/Authentication Mode|Test Connector Configuration|Unique identifier field/);
    for (const words of [
      'SCIM connector base URL',
      'Unique identifier field for users',
      'Supported provisioning actions',
      'Authentication Mode',
      'HTTP Header',
      'Authorization',
      'Test Connector Configuration',
    ]) {
      expect(screen(custom)).toContain(words);
    }
    expect(screen(custom)).not.toMatch(/Test API Credentials|Configure API Integration/);
  });

  it('every Okta text that mentions "Bearer" says the same: paste the token alone', () => {
    for (const profile of [profileFor('okta'), profileFor('okta', { okta_app: 'custom-scim' })]) {
      const texts = [
        ...[...profile.steps, ...profile.rollout!.steps].flatMap((s) => [
          ...Object.values(s.says),
          ...s.instructions.flatMap((l) => (typeof l === 'string' ? [l] : l.path)),
          ...(s.cautions ?? []).map(String),
        ]),
        ...Object.values(profile.connection),
        ...profile.errors.flatMap((e) => [e.cause, e.fix, ...(e.rollout ? [e.rollout.cause, e.rollout.fix] : [])]),
      ].map((text) => fillWords(text, profile.words));
      const bearer = texts.filter((text) => /bearer/i.test(text));
      expect(bearer.length, profile.app).toBeGreaterThan(0);
      for (const text of bearer)
        expect(text).toMatch(/no "Bearer "|without "Bearer "|do not type Bearer|with "Bearer " in front/);
    }
  });

  it('a registered profile is offered, picked by the settings, and removed again', () => {
    const unregister = registerIdentityProfile(ACME_PROFILE);
    try {
      expect(identityProviders()).toEqual(['okta', 'entra', 'acme']);
      expect(profileFor('acme')).toBe(ACME_PROFILE);
      expect(() => registerIdentityProfile(ACME_PROFILE)).toThrow(/already registered/);
    } finally {
      unregister();
    }
    expect(identityProviders()).toEqual(['okta', 'entra']);
    // A setting naming a profile that is gone falls back to the default one.
    expect(profileFor('acme').idp).toBe('okta');
  });
});

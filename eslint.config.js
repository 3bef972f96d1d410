// ESLint flat config: typescript-eslint's recommended rules for every TypeScript file, and the layering of
// server/ (which folder may import which; README.md, "How it is built").
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * What each folder of server/ may import from the others. Dependencies point down: the protocol core, the
 * rules engine and the store know nothing of the HTTP adapters, the admin API or the composition above them.
 */
const LAYERS = {
  util: [],
  time: [],
  rules: ['util'],
  'identity-providers': [],
  store: ['time', 'util'],
  secrets: ['store'],
  auth: ['store', 'util'],
  activity: ['auth', 'store', 'util'],
  directory: ['store', 'util'],
  scim: ['directory', 'store', 'auth', 'activity', 'util'],
  access: ['rules', 'store', 'activity', 'identity-providers', 'util'],
  events: ['access', 'rules', 'scim', 'secrets', 'store', 'time', 'util'],
  tenants: ['rules', 'time', 'util'],
  connections: ['activity', 'secrets', 'store', 'tenants', 'time', 'util'],
  'clumio-account': ['access', 'activity', 'connections', 'rules', 'store', 'tenants', 'time', 'util'],
  tunnel: ['scim', 'store', 'activity', 'util'],
  rehearsal: ['store', 'auth', 'activity', 'identity-providers', 'util'],
  leadership: ['store', 'util'],
  setup: [
    'access',
    'activity',
    'auth',
    'clumio-account',
    'connections',
    'identity-providers',
    'rehearsal',
    'rules',
    'store',
    'tenants',
    'tunnel',
    'util',
  ],
  admin: [
    'access',
    'activity',
    'auth',
    'clumio-account',
    'connections',
    'directory',
    'events',
    'identity-providers',
    'rehearsal',
    'rules',
    'scim',
    'secrets',
    'setup',
    'store',
    'tenants',
    'time',
    'tunnel',
    'util',
  ],
  core: [
    'access',
    'activity',
    'admin',
    'auth',
    'clumio-account',
    'connections',
    'directory',
    'events',
    'identity-providers',
    'leadership',
    'rehearsal',
    'rules',
    'scim',
    'secrets',
    'setup',
    'store',
    'tenants',
    'time',
    'tunnel',
    'util',
  ],
  cli: [
    'access',
    'activity',
    'admin',
    'auth',
    'clumio-account',
    'connections',
    'core',
    'directory',
    'events',
    'identity-providers',
    'leadership',
    'rehearsal',
    'rules',
    'scim',
    'secrets',
    'setup',
    'store',
    'tenants',
    'time',
    'tunnel',
    'util',
  ],
};
const FOLDERS = Object.keys(LAYERS);
const either = (names) => names.map((name) => name.replace(/\./g, '\\.')).join('|');
/** A relative import of another top folder of server/ (`../store/…`, `../../admin/…`). */
const folderImport = (names) => `^(\\.\\./)+(${either(names)})(/|$)`;

const NO_EXPRESS = {
  name: 'express',
  message: 'Express belongs to the HTTP adapters only (server/scim/http, server/admin).',
};
/** The store's entry points; its journal, snapshot and lowdb stay behind them. */
const STORE_INTERNALS = {
  regex:
    '^(\\.\\./)+store/(journaled-store|directory-state|decode|event-log|json-pieces|lock-beacon|journal/|snapshot/|lowdb/)',
  message: 'Outside server/store, use its interface: store/index.js, store/types.js (and the durable-fs helpers).',
};
const SCIM_HTTP = {
  regex: '^(\\.\\./)+scim/http/',
  message: 'Only server/core mounts the SCIM HTTP adapter; shared constants are in scim/endpoint.ts.',
};

/** The no-restricted-imports options of one folder (flat config keeps one set per file, so all go together). */
function restrictions(folder, { express = false, extraPatterns = [] } = {}) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !LAYERS[folder].includes(other));
  const patterns = [...extraPatterns];
  if (forbidden.length > 0) {
    patterns.push({
      regex: folderImport(forbidden),
      message: `server/${folder} may import only ${LAYERS[folder].length > 0 ? LAYERS[folder].map((name) => `${name}/`).join(', ') : 'itself'} (README.md, "How it is built").`,
    });
  }
  if (folder !== 'store') patterns.push(STORE_INTERNALS);
  if (folder !== 'scim' && folder !== 'core' && folder !== 'cli') patterns.push(SCIM_HTTP);
  return ['error', { paths: express ? [] : [NO_EXPRESS], patterns }];
}

/** The vocabulary the admin contract re-exports: types only, nothing that needs Node. */
const CONTRACT_VOCABULARY = [
  'access/access-types',
  'activity/types',
  'clumio-account/account-types',
  'connections/connection-types',
  'events/webhook-types',
  'identity-providers/identity-provider',
  'rehearsal/rehearsal-types',
  'rules/well-known-ids',
  'setup/setup-types',
  'tenants/clumio/clumio-regions',
  'tunnel/tunnel-types',
];

const layering = [
  ...FOLDERS.map((folder) => ({
    files: [`server/${folder}/**/*.ts`],
    rules: { 'no-restricted-imports': restrictions(folder, { express: folder === 'admin' || folder === 'core' }) },
  })),
  { files: ['server/scim/http/**/*.ts'], rules: { 'no-restricted-imports': restrictions('scim', { express: true }) } },
  {
    // Compiled by the renderer as it is: its pieces and the domains' vocabulary, nothing else.
    files: ['server/admin/contract.ts', 'server/admin/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\./|(\\.\\./)+(${either(CONTRACT_VOCABULARY)})\\.js$)`,
              message:
                'The admin contract imports only its pieces and the vocabulary modules it re-exports (no Node, no runtime code).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The rules' own validation is pure TypeScript (rules/ imports only util/): the console runs the
              // very checks the server runs, so it never sends a rule the server would refuse.
              regex: '^(\\.\\./)+server/(?!(admin/contract|rules/rule-validation|rules/rule)(\\.js)?$)',
              message: "The console imports only the admin contract (and the rules' pure validation) from server/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.{ts,cts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/(?!core/|admin/security\\.js$)',
              message: 'The desktop shell starts the server core (server/core) and nothing else.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'coverage/', 'test-results/', 'bench/.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A `let` read by closures before its one assignment (wiring listeners to objects created later) stays a let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read JSON answers loosely on purpose: the assertions are the type check.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...layering,
  {
    files: ['electron/preload.cts', 'scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

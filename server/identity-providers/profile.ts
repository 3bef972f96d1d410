/**
 * What an identity profile is: one identity provider, one kind of app in it, as data. Its names and console
 * words, its checklist (each step's title, the console instructions and what to say for each thing the
 * wizard can find), its error catalogue, its rehearsal and the few facts about its traffic the wizard needs.
 * The wizard (server/setup) settles each step from evidence of its own (the SCIM traffic today; an API's facts
 * tomorrow) and reads every word from here, so a new identity provider, or a new kind of app in one, is one
 * module of this shape (docs/setup-wizard.md, "Identity profiles").
 *
 * Texts may hold `{placeholders}`: the profile's words by name (`{name}`, `{short}`, `{urlField}`, …) and the
 * values a finding carries (`{url}`, `{admin}`, `{names}`, …), filled by fillWords (fill.ts). Types only.
 */
import type { IdentityProvider } from './identity-provider.js';

/** The wizard's steps. Profiles choose and order them; a step id means the same check in every profile. */
export type SetupStepId =
  | 'endpoint'
  | 'token'
  | 'username-format'
  | 'connector-test'
  | 'create-users'
  | 'update-users'
  | 'deactivate-users'
  | 'sync-password-off'
  | 'push-groups'
  | 'admin-account'
  | 'super-admin-rule'
  | 'provisioning-method'
  | 'enable-auto-provisioning'
  | 'entra-create-app'
  | 'entra-credentials'
  | 'entra-test-connection'
  | 'entra-assignment'
  | 'entra-attribute-mapping'
  | 'entra-provision-on-demand'
  | 'entra-start-provisioning'
  | 'entra-first-cycle'
  | 'entra-deactivation'
  // The rollout's own steps (provisioning into Clumio itself, settled from Okta's and Clumio's APIs).
  | 'okta-connection'
  | 'clumio-connection'
  | 'api-integration'
  | 'provisioning-failures'
  | 'clumio-admin-super-admin';

/**
 * One line of console instructions: text, or a menu path (`{ path: ['Provisioning', 'To App', 'Edit'] }`,
 * shown with arrows). Text may mark `**bold**` (a button or field as the console names it), `` `code` `` and
 * `{base-url}` (the SCIM base URL to paste, with a copy button).
 */
export type GuideLine = string | { readonly path: readonly string[] };

/** Whose console a step is done in. */
export type StepConsole = 'identity-provider' | 'scim-desk' | 'clumio';

export interface ProfileStep {
  readonly id: SetupStepId;
  readonly title: string;
  readonly console: StepConsole;
  readonly instructions: readonly GuideLine[];
  /** Things that commonly go wrong at this step, said before they happen. */
  readonly cautions?: readonly GuideLine[];
  /** What the wizard tells the admin for each finding of the step, by the finding's name (server/setup names
   * them; a test checks that every finding has its words in every profile). */
  readonly says: Readonly<Record<string, string>>;
}

/** Names and field labels, exactly as the identity provider's console shows them. */
export interface ProfileWords {
  /** "Okta", "Microsoft Entra ID". */
  readonly name: string;
  /** In sentences: "Okta", "Entra". */
  readonly short: string;
  /** One line under the identity provider in the profile choice. */
  readonly idpBlurb: string;
  /** The kind of app, as a choice: "The Clumio app from the Okta Integration Network catalog". */
  readonly appName: string;
  readonly appBlurb: string;
  /** The field the SCIM base URL goes into. */
  readonly urlField: string;
  /** The field the token goes into, and how a sentence points at it ("the Authorization field"). */
  readonly tokenField: string;
  readonly tokenWhere: string;
  /** What the token is called in a title ("SCIM token", "Secret Token"). */
  readonly tokenName: string;
  /** A default label for the token the admin generates for it. */
  readonly tokenLabel: string;
  /** The button that tests the connection. */
  readonly connectorTest: string;
  /** Where URL and token are changed later, as a menu path in one line. */
  readonly integrationPath: string;
  /** How the admin's own account is named there ("Okta username", "userPrincipalName"). */
  readonly username: string;
  readonly usernameLabel: string;
  /** Said before a step's action while nothing has connected yet ("First get … through. Then:"). */
  readonly notConnected: string;
  /** The explainer's prompt and example. */
  readonly explainerPrompt: string;
  readonly explainerPlaceholder: string;
}

/** Why a request was refused on the way in: the token's refusal reasons, and a path outside /scim/v2. */
export type ConnectionProblem = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'wrong-path';

/** Warnings that need the identity provider's words; a profile without words for one never shows it. */
export type WarningKind =
  | 'sync-password-on'
  | 'group-used-for-assignment'
  | 'group-name-exists'
  | 'public-url-changed'
  | 'not-https'
  | 'group-name-generated'
  | 'username-not-email';

export interface WarningWords {
  readonly message: string;
  readonly fix: string;
}

/** Notes (not problems) a profile shows: Entra's PATCH dialect and incremental cycle. */
export type NoteKind = 'entra-patch-dialect' | 'entra-cycle-interval';

/** What SCIM Desk saw that bears on an error text, by name (server/setup/error-seen.ts says it). The first
 * that has something to say wins. */
export type SeenKey =
  | 'refused-token'
  | 'wrong-path'
  | 'reachability'
  | 'creates-answered'
  | 'group-name-conflict'
  | 'user-name-conflict'
  | 'user-lookups'
  | 'inactive-users'
  | 'deactivations'
  | 'membership-pushes'
  | 'last-request'
  | 'groups-received'
  | 'generated-group-names'
  | {
      readonly failed: 'user-create' | 'user-update' | 'user-deactivate' | 'membership-change' | 'group-create';
      readonly status?: number;
    };

/** One text the identity provider shows, with its cause, fix and the public page that documents it. */
export interface ErrorEntry {
  readonly id: string;
  /** The text as the identity provider shows it: the pick list label. */
  readonly title: string;
  readonly cause: string;
  readonly fix: string;
  readonly source: string;
  /** Loose on purpose: one message comes wrapped in different prefixes and admins paste fragments. */
  readonly patterns: readonly RegExp[];
  /** More general entries this one makes redundant when both match. */
  readonly supersedes?: readonly string[];
  readonly seen?: SeenKey | readonly SeenKey[];
  /** The cause and fix when the identity provider provisions into Clumio itself (the rollout): the app that
   * answered is Clumio, not this endpoint. Without them the entry's own words are used. */
  readonly rollout?: { readonly cause: string; readonly fix: string };
}

/** The explainer's general checks for a text it does not know, each said only when it fits what SCIM Desk saw. */
export type ExplainerCheck =
  | 'no-public-url'
  | 'probe-failed'
  | 'nothing-arrived'
  | 'not-connected'
  | 'token-refused'
  | 'wrong-path'
  | 'conflicts'
  | 'failures'
  | 'all-answered';

export interface RehearsalWords {
  /** Which request script plays it (server/rehearsal owns the scripts). */
  readonly script: string;
  /** The run's name in the activity log; `{dialect}` is the chosen dialect. */
  readonly name: string;
  /** The label of its own token: rehearsal data is the data such tokens created. */
  readonly tokenLabel: string;
  /** What it sends, for the console. */
  readonly blurb: string;
  /** The PATCH dialects the identity provider speaks, when it has several: the first is the default. */
  readonly dialects?: readonly { readonly id: string; readonly label: string }[];
}

/**
 * The first way back from a lock-out, by what the identity provider did, in its console's words. Placeholders:
 * `{admin}` (the admin's userName), `{group}`, `{groups}` (quoted names), `{from}`/`{to}` (a rename), `{rules}`.
 */
export interface LockoutWords {
  readonly backInGroup: string;
  readonly reactivate: string;
  readonly reassign: string;
  readonly renameBack: string;
  readonly recreate: string;
  readonly anyGroup: string;
}

/**
 * The checklist when the identity provider provisions into Clumio itself (`provisioning_target` `clumio`): its
 * steps in order, settled from Okta's and Clumio's APIs (server/setup/rollout), in this profile's words.
 */
export interface RolloutWords {
  readonly steps: readonly ProfileStep[];
  /** The username formats the console offers, by template as the API states them (`${source.login}` → "Okta
   * username"), to name the one an app uses. */
  readonly usernameFormats: Readonly<Record<string, string>>;
  /** The template of the format the username-format step asks for (Okta's Email: `${source.email}`). */
  readonly emailUsernameFormat?: string;
}

export interface IdentityProfile {
  readonly idp: IdentityProvider;
  /** Which kind of app in that identity provider: the `<idp>_app` setting picks it when there are several. */
  readonly app: string;
  readonly words: ProfileWords;
  /** The checklist, in the order that works. */
  readonly steps: readonly ProfileStep[];
  /** The fix for a refused request, by problem; `{url}` is the base URL to paste. */
  readonly connection: Readonly<Record<ConnectionProblem, string>>;
  readonly warnings: Readonly<Partial<Record<WarningKind, WarningWords>>>;
  /** A note's words by variant (e.g. `default`, `compliant`). */
  readonly notes: Readonly<Partial<Record<NoteKind, Readonly<Record<string, string>>>>>;
  readonly errors: readonly ErrorEntry[];
  /** What makes a pasted text clearly this identity provider's (its codes, its message frames): only then is
   * its catalogue searched while another profile is the current one. */
  readonly recognisedBy: readonly RegExp[];
  readonly checks: Readonly<Record<ExplainerCheck, string>>;
  readonly rehearsal: RehearsalWords;
  /** The ways back when this identity provider's change has locked the current admin out. */
  readonly lockout: LockoutWords;
  /** The rollout's checklist; without it, only Clumio's own steps are read (shared-steps.ts, ROLLOUT_CLUMIO). */
  readonly rollout?: RolloutWords;
  readonly traits: {
    /** Group names that are words joined without spaces are mail nicknames from a mapping (Entra). */
    readonly mailNicknameGroupNames: boolean;
    /** Minutes between incremental cycles, for a provider that sends changes in cycles; null when it sends
     * them as they happen. */
    readonly incrementalCycleMinutes: number | null;
  };
}

/**
 * What SCIM Desk reads from Okta, as its own plain types. The SDK's models are classes with dates as Date
 * objects and every field optional; these are narrowed once here (parse, then trust) so that nothing above the
 * client depends on the SDK.
 */

export interface OktaApp {
  id: string;
  /** The app's key (an OIN app's integration name). */
  name: string;
  label: string;
  /** ACTIVE | INACTIVE | DELETED */
  status: string;
  signOnMode: string;
  /** Sign On > Application username format; null when the app has none. */
  userNameTemplate: { template: string; type: string } | null;
  /** Okta's feature flags on the app (PUSH_NEW_USERS, GROUP_PUSH, …). */
  features: readonly string[];
}

/** USER_PROVISIONING as Okta's features API states it for the app, or why it does not. */
export type OktaProvisioning =
  | {
      answer: 'features';
      /** Provisioning (the API integration) is enabled for the app. */
      enabled: boolean;
      createUsers: boolean;
      updateUserAttributes: boolean;
      deactivateUsers: boolean;
      syncPassword: boolean;
    }
  /** 400 E0000001 "Provisioning is not enabled for the app instance." */
  | { answer: 'integration-off'; reason: string }
  /** The features API does not answer for this app (it is documented for a handful of OIN apps only). */
  | { answer: 'not-said'; reason: string };

export type OktaConnection =
  | { answer: 'connection'; status: string; authScheme: string | null; baseUrl: string | null }
  | { answer: 'not-said'; reason: string };

export interface OktaPushMapping {
  id: string;
  /** ACTIVE | INACTIVE | ERROR */
  status: string;
  /** Why the latest push failed; null when Okta says nothing (it sends "" then). */
  errorSummary: string | null;
  sourceGroupId: string;
  /** The pushed group as an app group in Okta: its name is the name the app receives. */
  targetGroupId: string;
  lastPush: string | null;
  lastUpdated: string | null;
}

export interface OktaAppUser {
  /** The Okta user id. */
  id: string;
  externalId: string | null;
  /** USER (assigned directly) | GROUP (through a group) */
  scope: string;
  status: string;
  /** SYNCHRONIZED | OUT_OF_SYNC | SYNCING | ERROR | DISABLED; null when Okta does not track it for the app. */
  syncState: string | null;
  /** The username the app receives, from the app's username format. */
  userName: string | null;
  lastSync: string | null;
}

export interface OktaAppGroup {
  id: string;
  priority: number | null;
  name: string | null;
}

export interface OktaGroup {
  id: string;
  name: string;
  description: string | null;
  /** OKTA_GROUP | APP_GROUP | BUILT_IN */
  type: string;
}

export interface OktaUser {
  id: string;
  login: string;
  email: string | null;
  status: string;
  displayName: string | null;
}

export interface OktaLogEvent {
  uuid: string;
  published: string;
  eventType: string;
  legacyEventType: string | null;
  displayMessage: string | null;
  severity: string | null;
  result: string | null;
  reason: string | null;
  targets: readonly {
    id: string | null;
    type: string | null;
    alternateId: string | null;
    displayName: string | null;
  }[];
}

export interface OktaProvisioningFailures {
  since: string;
  until: string;
  /** Newest first. */
  events: readonly OktaLogEvent[];
  /** More failures than the client reads in one go happened in the window. */
  truncated: boolean;
}

type Loose = Record<string, unknown>;

/** An answer that is not the object Okta's API documents (an HTML page parsed as text, say). */
export class OktaShapeError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'OktaShapeError';
  }
}

function loose(value: unknown): Loose {
  return value && typeof value === 'object' ? (value as Loose) : {};
}

/** The top-level object of an answer: it must be an object with a string `key` (its id). */
function resource(value: unknown, what: string, key = 'id'): Loose {
  if (!value || typeof value !== 'object' || Array.isArray(value) || typeof (value as Loose)[key] !== 'string') {
    throw new OktaShapeError(`${what} without ${key}`);
  }
  return value as Loose;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return null;
}

export function readApp(model: unknown): OktaApp {
  const app = resource(model, 'an app');
  const template = loose(loose(app.credentials).userNameTemplate);
  return {
    id: text(app.id) ?? '',
    name: text(app.name) ?? '',
    label: text(app.label) ?? '',
    status: text(app.status) ?? '',
    signOnMode: text(app.signOnMode) ?? '',
    userNameTemplate:
      typeof template.template === 'string' ? { template: template.template, type: text(template.type) ?? '' } : null,
    features: Array.isArray(app.features) ? app.features.filter((f): f is string => typeof f === 'string') : [],
  };
}

export function readProvisioningFeature(model: unknown): OktaProvisioning {
  const feature = resource(model, 'an app feature', 'name');
  const capabilities = loose(feature.capabilities);
  const enabled = (value: unknown) => loose(value).status === 'ENABLED';
  const update = loose(capabilities.update);
  return {
    answer: 'features',
    enabled: feature.status === 'ENABLED',
    createUsers: enabled(loose(capabilities.create).lifecycleCreate),
    updateUserAttributes: enabled(update.profile),
    deactivateUsers: enabled(update.lifecycleDeactivate),
    syncPassword: enabled(update.password),
  };
}

export function readConnection(model: unknown): OktaConnection {
  const connection = resource(model, 'a provisioning connection', 'status');
  return {
    answer: 'connection',
    status: text(connection.status) ?? 'UNKNOWN',
    authScheme: text(connection.authScheme) ?? text(loose(connection.profile).authScheme),
    baseUrl: text(connection.baseUrl),
  };
}

export function readPushMapping(model: unknown): OktaPushMapping {
  const mapping = resource(model, 'a push mapping');
  return {
    id: text(mapping.id) ?? '',
    status: text(mapping.status) ?? '',
    errorSummary: text(mapping.errorSummary) || null,
    sourceGroupId: text(mapping.sourceGroupId) ?? '',
    targetGroupId: text(mapping.targetGroupId) ?? '',
    lastPush: text(mapping.lastPush),
    lastUpdated: text(mapping.lastUpdated),
  };
}

export function readAppUser(model: unknown): OktaAppUser {
  const user = resource(model, 'an app user');
  return {
    id: text(user.id) ?? '',
    externalId: text(user.externalId) || null,
    scope: text(user.scope) ?? '',
    status: text(user.status) ?? '',
    syncState: text(user.syncState),
    userName: text(loose(user.credentials).userName),
    lastSync: text(user.lastSync),
  };
}

export function readAppGroup(model: unknown): OktaAppGroup {
  const assignment = resource(model, 'a group assignment');
  const group = loose(loose(assignment._embedded).group);
  return {
    id: text(assignment.id) ?? '',
    priority: typeof assignment.priority === 'number' ? assignment.priority : null,
    name: text(loose(group.profile).name),
  };
}

export function readGroup(model: unknown): OktaGroup {
  const group = resource(model, 'a group');
  const profile = loose(group.profile);
  return {
    id: text(group.id) ?? '',
    name: text(profile.name) ?? '',
    description: text(profile.description),
    type: text(group.type) ?? '',
  };
}

export function readUser(model: unknown): OktaUser {
  const user = resource(model, 'a user');
  const profile = loose(user.profile);
  const names = [text(profile.firstName), text(profile.lastName)].filter(Boolean).join(' ');
  return {
    id: text(user.id) ?? '',
    login: text(profile.login) ?? '',
    email: text(profile.email),
    status: text(user.status) ?? '',
    displayName: text(profile.displayName) ?? (names || null),
  };
}

export function readLogEvent(model: unknown): OktaLogEvent {
  const event = resource(model, 'a log event', 'uuid');
  const outcome = loose(event.outcome);
  return {
    uuid: text(event.uuid) ?? '',
    published: text(event.published) ?? '',
    eventType: text(event.eventType) ?? '',
    legacyEventType: text(event.legacyEventType),
    displayMessage: text(event.displayMessage),
    severity: text(event.severity),
    result: text(outcome.result),
    reason: text(outcome.reason),
    targets: (Array.isArray(event.target) ? event.target : []).map((target) => {
      const t = loose(target);
      return { id: text(t.id), type: text(t.type), alternateId: text(t.alternateId), displayName: text(t.displayName) };
    }),
  };
}

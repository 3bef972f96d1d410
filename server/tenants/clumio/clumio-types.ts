/**
 * Clumio's resources as SCIM Desk reads them, parsed from the JSON once (parse, then trust). Rules are the
 * rules engine's own `Rule`: the engine already speaks Clumio's wire format.
 */
import type { Rule } from '../../rules/rule.js';

export interface ClumioRole {
  id: string;
  name: string;
  description: string | null;
  userCount: number | null;
}

export interface ClumioOrganizationalUnit {
  id: string;
  name: string;
  description: string | null;
  /** null for the Global OU, the root. */
  parentId: string | null;
  descendantIds: readonly string[];
  userCount: number | null;
}

/** One role on a set of OUs, as Clumio's users v2 model holds it (`access_control_configuration`). */
export interface ClumioRoleOnUnits {
  roleId: string;
  organizationalUnitIds: readonly string[];
}

export interface ClumioUser {
  /** A numeric string (Clumio's SDKs type it as an integer in paths). */
  id: string;
  email: string;
  fullName: string | null;
  /** The account was activated. */
  isConfirmed: boolean;
  /** false: suspended by an admin. */
  isEnabled: boolean;
  lastActivity: string | null;
  access: readonly ClumioRoleOnUnits[];
}

export interface ClumioAutoUserProvisioning {
  isEnabled: boolean;
}

export interface ClumioAuditTrail {
  id: string;
  action: string;
  category: string;
  status: string;
  timestamp: string;
  userEmail: string | null;
  interface: string | null;
  primaryEntity: { id: string | null; type: string | null; value: string | null } | null;
}

/** A body that does not have the shape Clumio's API documents. */
export class ClumioShapeError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'ClumioShapeError';
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ClumioShapeError(`${what} is not an object`);
  return value as Json;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ClumioShapeError(`${what} is not a string`);
  return value;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw new ClumioShapeError(`${what} is not a list`);
  return value.map((item, index) => string(item, `${what}[${index}]`));
}

function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readRule(value: unknown): Rule {
  const rule = object(value, 'a rule');
  const provision = object(rule.provision, 'a rule provision');
  return {
    rule_id: string(rule.rule_id, 'rule_id'),
    name: string(rule.name, 'name'),
    condition: string(rule.condition, 'condition'),
    provision: {
      role_id: string(provision.role_id, 'provision.role_id'),
      organizational_unit_ids: strings(provision.organizational_unit_ids, 'provision.organizational_unit_ids'),
    },
  };
}

export function readRole(value: unknown): ClumioRole {
  const role = object(value, 'a role');
  return {
    id: string(role.id, 'role id'),
    name: string(role.name, 'role name'),
    description: optionalString(role.description),
    userCount: optionalNumber(role.user_count),
  };
}

export function readOrganizationalUnit(value: unknown): ClumioOrganizationalUnit {
  const unit = object(value, 'an organizational unit');
  return {
    id: string(unit.id, 'organizational unit id'),
    name: string(unit.name, 'organizational unit name'),
    description: optionalString(unit.description),
    parentId: optionalString(unit.parent_id),
    descendantIds: Array.isArray(unit.descendant_ids) ? strings(unit.descendant_ids, 'descendant_ids') : [],
    userCount: optionalNumber(unit.user_count),
  };
}

export function readUser(value: unknown): ClumioUser {
  const user = object(value, 'a user');
  const configuration = user.access_control_configuration;
  return {
    id: string(user.id, 'user id'),
    email: string(user.email, 'user email'),
    fullName: optionalString(user.full_name),
    isConfirmed: user.is_confirmed === true,
    isEnabled: user.is_enabled !== false,
    lastActivity: optionalString(user.last_activity_timestamp),
    access: (Array.isArray(configuration) ? configuration : []).map((entry, index) => {
      const pair = object(entry, `access_control_configuration[${index}]`);
      return {
        roleId: string(pair.role_id, 'access_control_configuration role_id'),
        organizationalUnitIds: strings(
          pair.organizational_unit_ids,
          'access_control_configuration organizational_unit_ids',
        ),
      };
    }),
  };
}

export function readAutoUserProvisioning(value: unknown): ClumioAutoUserProvisioning {
  const setting = object(value, 'the auto user provisioning setting');
  if (typeof setting.is_enabled !== 'boolean') throw new ClumioShapeError('is_enabled is not a boolean');
  return { isEnabled: setting.is_enabled };
}

export function readAuditTrail(value: unknown): ClumioAuditTrail {
  const entry = object(value, 'an audit trail entry');
  const primary =
    entry.primary_entity && typeof entry.primary_entity === 'object' ? (entry.primary_entity as Json) : null;
  return {
    id: string(entry.id, 'audit trail id'),
    action: optionalString(entry.action) ?? '',
    category: optionalString(entry.category) ?? '',
    status: optionalString(entry.status) ?? '',
    timestamp: optionalString(entry.timestamp) ?? '',
    userEmail: optionalString(entry.user_email),
    interface: optionalString(entry.interface),
    primaryEntity: primary
      ? { id: optionalString(primary.id), type: optionalString(primary.type), value: optionalString(primary.value) }
      : null,
  };
}

/** `_embedded.items` of a list answer. */
export function readItems(value: unknown): unknown[] {
  const page = object(value, 'a list answer');
  const embedded = page._embedded === undefined || page._embedded === null ? {} : object(page._embedded, '_embedded');
  const items = embedded.items ?? [];
  if (!Array.isArray(items)) throw new ClumioShapeError('_embedded.items is not a list');
  return items;
}

/**
 * The `start` of the next page, from `_links._next.href` (a page token for rules, a page number for the
 * rest; the same `start=` either way, which is how Clumio's own paginators read it). null on the last page.
 */
export function readNextStart(value: unknown): string | null {
  const links = object(value, 'a list answer')._links;
  if (!links || typeof links !== 'object') return null;
  const next = (links as Json)._next;
  if (!next || typeof next !== 'object') return null;
  const href = string((next as Json).href, '_links._next.href');
  const match = /[?&]start=([^&]+)/.exec(href);
  if (!match?.[1]) throw new ClumioShapeError('the next-page link carries no start=');
  return decodeURIComponent(match[1]);
}

import { badRequest } from '../errors.js';
import { COMMON_ATTRIBUTES, findAttribute, splitUrn, type ResourceTypeDefinition } from '../schemas/index.js';
import { FORBIDDEN_KEYS } from './sanitize.js';

/** One requested attribute of `attributes`/`excludedAttributes`, resolved to where it sits in a resource. */
interface ProjectedPath {
  key: string; // top-level key: canonical core attribute name or the extension URN
  sub?: string; // second level: sub-attribute, or the extension's attribute
  subSub?: string; // extension attribute's sub-attribute (`urn:...:User:manager.value`)
}

/** Attributes that are always returned whatever the client asks (RFC 7643 §7 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas']);

export interface Projection {
  apply(resource: Record<string, unknown>): Record<string, unknown>;
  /** True when the projection keeps `name` (so a renderer can skip costly work for excluded attributes). */
  keeps(topLevel: string): boolean;
}

export const IDENTITY_PROJECTION: Projection = { apply: (r) => r, keeps: () => true };

/** Parses the comma-separated `attributes` / `excludedAttributes` parameters (RFC 7644 §3.4.2.5). */
export function compileProjection(
  type: ResourceTypeDefinition,
  attributes: string | undefined,
  excludedAttributes: string | undefined,
): Projection {
  if (attributes) {
    const paths = parseList(type, attributes);
    const keep = new Set(paths.map((p) => p.key));
    return {
      keeps: (name) => keep.has(name),
      apply: (resource) => {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(resource)) if (ALWAYS.has(key)) out[key] = resource[key];
        for (const path of paths) copyPath(resource, out, path);
        return out;
      },
    };
  }
  if (excludedAttributes) {
    const paths = parseList(type, excludedAttributes).filter((p) => !ALWAYS.has(p.key));
    const dropped = new Set(paths.filter((p) => p.sub === undefined).map((p) => p.key));
    return {
      keeps: (name) => !dropped.has(name),
      apply: (resource) => {
        const out = structuredClone(resource);
        for (const path of paths) removePath(out, path);
        return out;
      },
    };
  }
  return IDENTITY_PROJECTION;
}

function parseList(type: ResourceTypeDefinition, list: string): ProjectedPath[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text) => resolve(type, text));
}

function resolve(type: ResourceTypeDefinition, text: string): ProjectedPath {
  const { urn, rest } = splitUrn(type, text);
  const isExtension = urn !== undefined && urn !== type.schema.id;
  const [head, sub, ...more] = rest.split('.');
  for (const part of [head, sub]) {
    if (part && FORBIDDEN_KEYS.has(part)) throw badRequest('invalidValue', `"${part}" is not an attribute name.`);
  }
  if (more.length > 0) throw badRequest('invalidValue', `"${text}" is not a valid attribute name.`);
  if (isExtension) {
    if (!head) return { key: urn };
    const attr = findAttribute(type.extensions.find((e) => e.schema.id === urn)!.schema.attributes, head);
    const subAttr = attr && sub ? findAttribute(attr.subAttributes ?? [], sub) : undefined;
    return { key: urn, sub: attr?.name ?? head, ...(sub ? { subSub: subAttr?.name ?? sub } : {}) };
  }
  if (!head) throw badRequest('invalidValue', `"${text}" is not a valid attribute name.`);
  // Unknown names are kept as written: a resource simply has nothing under them.
  const attr = findAttribute([...type.schema.attributes, ...COMMON_ATTRIBUTES], head);
  const subAttr = attr && sub ? findAttribute(attr.subAttributes ?? [], sub) : undefined;
  return { key: attr?.name ?? head, ...(sub ? { sub: subAttr?.name ?? sub } : {}) };
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: ProjectedPath) {
  const value = from[path.key];
  if (value === undefined) return;
  if (path.sub === undefined) {
    to[path.key] = value;
    return;
  }
  if (Array.isArray(value)) {
    // `emails.value`: keep that sub-attribute of every value.
    const existing: Record<string, unknown>[] = Array.isArray(to[path.key])
      ? (to[path.key] as Record<string, unknown>[])
      : value.map(() => ({}));
    const sub = path.sub;
    value.forEach((item: unknown, i) => {
      if (item && typeof item === 'object' && sub in item) existing[i]![sub] = (item as Record<string, unknown>)[sub];
    });
    to[path.key] = existing;
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const source = value as Record<string, unknown>;
  const target = (to[path.key] ??= {}) as Record<string, unknown>;
  if (path.subSub === undefined) {
    if (source[path.sub] !== undefined) target[path.sub] = source[path.sub];
    return;
  }
  const inner = source[path.sub];
  if (inner && typeof inner === 'object' && (inner as Record<string, unknown>)[path.subSub] !== undefined) {
    const innerTarget = (target[path.sub] ??= {}) as Record<string, unknown>;
    innerTarget[path.subSub] = (inner as Record<string, unknown>)[path.subSub];
  }
}

function removePath(resource: Record<string, unknown>, path: ProjectedPath) {
  if (path.sub === undefined) {
    delete resource[path.key];
    return;
  }
  const value = resource[path.key];
  const containers = Array.isArray(value) ? value : [value];
  for (const container of containers) {
    if (!container || typeof container !== 'object') continue;
    const object = container as Record<string, unknown>;
    if (path.subSub === undefined) delete object[path.sub];
    else {
      const inner = object[path.sub];
      if (inner && typeof inner === 'object') delete (inner as Record<string, unknown>)[path.subSub];
    }
  }
}

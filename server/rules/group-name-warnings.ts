/**
 * Warnings for condition group names that match no known group, with the likely intended group when
 * there is a near miss. Rules match group names exactly (condition.ts), so "clumio admins" silently
 * matching nobody is the mistake this catches.
 *
 * Near miss, in order of confidence: same name ignoring case; same name ignoring case, spaces and
 * punctuation; edit distance 1 (names of 4-5 characters) or 2 (longer names), ignoring case.
 */
import { conditionGroupNames, conditionKeywords, parseCondition } from './condition.js';
import type { RuleBody } from './rule.js';

export interface GroupNameWarning {
  readonly rule_name: string;
  /** The group name (or `$contains` keyword) as written in the rule. */
  readonly group: string;
  /** `generated-name`: the group exists, but its name looks like an Entra object id (see generatedNameReason). */
  readonly kind: 'unknown-group' | 'near-miss' | 'generated-name';
  /** For near misses: the known group name (or correctly cased keyword) the admin probably meant. */
  readonly suggestion?: string;
  readonly message: string;
}

const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
/** Words joined without spaces the way mail aliases are: camelCase, or parts joined by dots, underscores or hyphens. */
const JOINED_WORDS = /^(?=.*[a-z])(?:[A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*|[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+)$/;

/**
 * Why a group's displayName looks generated rather than chosen by a person: a UUID (Entra's objectId, which
 * Clumio warns group names can turn into while the `mailNickname` mapping is kept), or, when asked, the
 * shape of a mail nickname (no spaces, words joined). Rules match names exactly, so a rule written against
 * such a name breaks when the name is fixed. The nickname test is a heuristic: say so where it is shown.
 */
export function generatedNameReason(
  name: string,
  options: { mailNicknames: boolean },
): 'uuid' | 'mail-nickname' | undefined {
  const trimmed = name.trim();
  if (UUID.test(trimmed)) return 'uuid';
  if (options.mailNicknames && !/\s/.test(trimmed) && JOINED_WORDS.test(trimmed)) return 'mail-nickname';
  return undefined;
}

function loose(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Known group names prepared once for many lookups. */
export class KnownGroups {
  private readonly exact: Set<string>;
  private readonly byLower = new Map<string, string>();
  private readonly byLoose = new Map<string, string>();
  private readonly sorted: readonly string[];

  constructor(names: Iterable<string>) {
    this.exact = new Set(names);
    this.sorted = [...this.exact].sort();
    for (const name of this.sorted) {
      if (!this.byLower.has(name.toLowerCase())) this.byLower.set(name.toLowerCase(), name);
      if (!this.byLoose.has(loose(name))) this.byLoose.set(loose(name), name);
    }
  }

  has(name: string): boolean {
    return this.exact.has(name);
  }

  /** The known group the admin most likely meant, or undefined. */
  nearMiss(name: string): string | undefined {
    const lower = name.toLowerCase();
    const byCase = this.byLower.get(lower);
    if (byCase !== undefined) return byCase;
    const byLoose = this.byLoose.get(loose(name));
    if (byLoose !== undefined && loose(name) !== '') return byLoose;
    // Short names are too close to each other ("HR"/"HQ") for a typo to mean anything.
    const limit = name.length <= 3 ? 0 : name.length <= 5 ? 1 : 2;
    if (limit === 0) return undefined;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const candidate of this.sorted) {
      const distance = boundedEditDistance(lower, candidate.toLowerCase(), Math.min(limit, bestDistance - 1));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        if (distance === 1) break;
      }
    }
    return best;
  }

  /** Whether some group name contains the keyword (case-sensitive, as `$contains` matches). */
  someContains(keyword: string): boolean {
    return this.sorted.some((name) => name.includes(keyword));
  }

  someContainsAll(keywords: readonly string[]): boolean {
    return this.sorted.some((name) => keywords.every((k) => name.includes(k)));
  }

  /** The keyword as cased in a known group name that contains it ignoring case. */
  keywordNearMiss(keyword: string): string | undefined {
    const lower = keyword.toLowerCase();
    for (const name of this.sorted) {
      const at = name.toLowerCase().indexOf(lower);
      if (at >= 0) return name.slice(at, at + keyword.length);
    }
    return undefined;
  }

  get size(): number {
    return this.exact.size;
  }
}

export function groupNameWarnings(
  rules: readonly RuleBody[],
  knownGroups: KnownGroups | Iterable<string>,
): GroupNameWarning[] {
  const known = knownGroups instanceof KnownGroups ? knownGroups : new KnownGroups(knownGroups);
  const warnings: GroupNameWarning[] = [];
  for (const rule of rules) {
    const parsed = parseCondition(rule.condition);
    if (!parsed.ok) continue; // validation reports it
    const seen = new Set<string>();
    for (const group of conditionGroupNames(parsed.condition)) {
      if (!seen.has(group) && known.has(group) && generatedNameReason(group, { mailNicknames: false }) === 'uuid') {
        seen.add(group);
        warnings.push({
          rule_name: rule.name,
          group,
          kind: 'generated-name',
          message: `Rule '${rule.name}': the group "${group}" is named like an Entra object id. Clumio warns that group names turn into UUIDs while the mailNickname mapping is kept; once the real name arrives this rule matches nobody. Remove that mapping in Entra first.`,
        });
      }
      if (seen.has(group) || known.has(group)) continue;
      seen.add(group);
      const suggestion = known.nearMiss(group);
      warnings.push(
        suggestion === undefined
          ? {
              rule_name: rule.name,
              group,
              kind: 'unknown-group',
              message: `Rule '${rule.name}': no known group is named "${group}", so this part of the condition matches nobody yet.`,
            }
          : {
              rule_name: rule.name,
              group,
              kind: 'near-miss',
              suggestion,
              message: `Rule '${rule.name}': no group is named "${group}"; did you mean "${suggestion}"? Group names match exactly.`,
            },
      );
    }
    const keywords = conditionKeywords(parsed.condition);
    for (const keyword of keywords) {
      if (seen.has(keyword) || known.someContains(keyword)) continue;
      seen.add(keyword);
      const suggestion = known.keywordNearMiss(keyword);
      warnings.push(
        suggestion === undefined
          ? {
              rule_name: rule.name,
              group: keyword,
              kind: 'unknown-group',
              message: `Rule '${rule.name}': no known group name contains "${keyword}".`,
            }
          : {
              rule_name: rule.name,
              group: keyword,
              kind: 'near-miss',
              suggestion,
              message: `Rule '${rule.name}': no group name contains "${keyword}" (keywords are case-sensitive); did you mean "${suggestion}"?`,
            },
      );
    }
    if (
      parsed.condition.kind === 'contains-all' &&
      keywords.length > 1 &&
      seen.size === 0 &&
      !known.someContainsAll(keywords)
    ) {
      const list = keywords.map((k) => `"${k}"`).join(', ');
      warnings.push({
        rule_name: rule.name,
        group: keywords.join(', '),
        kind: 'unknown-group',
        message: `Rule '${rule.name}': no single known group name contains all of ${list}; all keywords must appear in one group name.`,
      });
    }
  }
  return warnings;
}

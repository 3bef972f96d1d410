/**
 * A rule set compiled for fast evaluation. Evaluating a user costs O(its groups + matched rules):
 *
 * - every distinct group name is resolved ONCE into the rules it satisfies on its own ($eq, $in and both
 *   $contains forms — "contains all keywords" is per group name, see condition.ts) and the `$all` terms it
 *   fills; `$contains` keyword scans happen only at that first resolution, then the answer is cached;
 * - `$all` rules count distinct filled terms per user with generation stamps in typed arrays, and OUs and
 *   roles are small integers, so nothing is cleared between users;
 * - explanations that do not depend on the user beyond one group (the common case) are built once per
 *   (rule, group) and shared, as are the access entries made of a single such explanation. Everything
 *   returned is immutable.
 *
 * Union and conflict policy ("Clumio-style, not Clumio-verified", docs/decisions.md#rule-evaluation): every
 * matching rule contributes its role on each of its OUs; on an OU where rules give different roles, the highest
 * rank wins (ties between unknown roles: the smaller role id) and a Conflict is reported; inactive users and
 * users matching nothing get no access.
 */
import {
  NO_ACCESS,
  type Access,
  type Conflict,
  type DirectoryUser,
  type RoleClaim,
  type RuleGrant,
  type UserAccess,
} from './access.js';
import { groupNameContains, parseCondition, type Condition } from './condition.js';
import type { Rule } from './rule.js';
import { BUILT_IN_ROLES, roleRank, type Role } from './roles.js';

/** One way a rule is satisfied with a fixed explanation, and the access entries it alone produces. */
class GrantSource {
  readonly grant: RuleGrant;
  readonly list: readonly RuleGrant[];
  private readonly accessByOu: (Access | undefined)[] = [];

  constructor(rule: Rule, viaGroups: readonly string[]) {
    this.grant = Object.freeze({
      rule_id: rule.rule_id,
      name: rule.name,
      via_group: viaGroups[0]!,
      via_groups: Object.freeze([...viaGroups]),
    });
    this.list = Object.freeze([this.grant]);
  }

  accessOn(ou: number, ouId: string, roleId: string): Access {
    let access = this.accessByOu[ou];
    if (!access) {
      access = Object.freeze({ role_id: roleId, organizational_unit_id: ouId, rules: this.list });
      this.accessByOu[ou] = access;
    }
    return access;
  }
}

interface CompiledRule {
  readonly rule: Rule;
  readonly condition: Condition;
  /** Position in the role order: smaller = more privileged. */
  readonly role: number;
  /** OU positions (in sorted OU id order), distinct. */
  readonly ous: Int32Array;
  /** For `$all`: the one explanation (every listed group). */
  readonly allSource: GrantSource | undefined;
}

/** What one group name, alone, does for the rule set. */
interface GroupResolution {
  /** Rules this group satisfies by itself, with the explanation "through this group". */
  readonly direct: readonly number[];
  readonly sources: readonly GrantSource[];
  /** `$all` term slots this group fills. */
  readonly allSlots: readonly number[];
}

const EMPTY_RESOLUTION: GroupResolution = Object.freeze({ direct: [], sources: [], allSlots: [] });
const STAMP_LIMIT = 0x3fffffff;
const NO_CONFLICTS: readonly Conflict[] = Object.freeze([]);

/** Sorts the first `count` entries in place: the lists are short (matched rules, OUs of one user). */
function insertionSort(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

export interface RuleProblem {
  readonly rule_id: string;
  readonly name: string;
  readonly message: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class RuleEvaluator {
  readonly rules: readonly Rule[];
  /** Stored rules whose condition no longer parses: skipped (they match nobody), reported here. */
  readonly problems: readonly RuleProblem[];

  private readonly compiled: CompiledRule[] = [];
  private readonly roleIds: readonly string[];
  private readonly ouIds: readonly string[];
  private readonly exact = new Map<string, { direct: number[]; allSlots: number[] }>();
  private readonly containsRules: number[] = [];
  private readonly cache = new Map<string, GroupResolution>();

  // $all bookkeeping
  private readonly slotRule: Int32Array;
  private readonly allSize: Int32Array;
  private readonly allStamp: Int32Array;
  private readonly allCount: Int32Array;
  private readonly termStamp: Int32Array;

  // Per-user scratch, valid while its stamp equals the current one.
  private stamp = 0;
  private readonly ruleStamp: Int32Array;
  private readonly ruleSource: (GrantSource | undefined)[];
  private readonly ruleExtraGroups: (string[] | undefined)[];
  private readonly matched: Int32Array;
  private readonly ouStamp: Int32Array;
  private readonly ouBestRole: Int32Array;
  private readonly ouMixed: Uint8Array;
  private readonly ouHead: Int32Array;
  private readonly ouTail: Int32Array;
  private readonly touched: Int32Array;
  private readonly grantScratch: (RuleGrant | undefined)[];
  private pairRule = new Int32Array(64);
  private pairNext = new Int32Array(64);

  constructor(rules: readonly Rule[], roles: readonly Role[] = BUILT_IN_ROLES) {
    this.rules = rules;
    const problems: RuleProblem[] = [];
    const parsed: { rule: Rule; condition: Condition }[] = [];
    for (const rule of rules) {
      const result = parseCondition(rule.condition);
      if (result.ok) parsed.push({ rule, condition: result.condition });
      else problems.push({ rule_id: rule.rule_id, name: rule.name, message: result.error.message });
    }
    this.problems = problems;

    // Roles in privilege order and OUs in id order, so comparisons and sorting are on small integers.
    this.roleIds = [...new Set(parsed.map((p) => p.rule.provision.role_id))].sort(
      (a, b) => roleRank(roles, b) - roleRank(roles, a) || compareStrings(a, b),
    );
    this.ouIds = [...new Set(parsed.flatMap((p) => p.rule.provision.organizational_unit_ids))].sort(compareStrings);
    const rolePosition = new Map(this.roleIds.map((id, i) => [id, i]));
    const ouPosition = new Map(this.ouIds.map((id, i) => [id, i]));

    const slotRules: number[] = [];
    for (const { rule, condition } of parsed) {
      const index = this.compiled.length;
      const allGroups = condition.kind === 'all' ? [...new Set(condition.groups)].sort(compareStrings) : [];
      this.compiled.push({
        rule,
        condition,
        role: rolePosition.get(rule.provision.role_id)!,
        ous: Int32Array.from(new Set(rule.provision.organizational_unit_ids), (id) => ouPosition.get(id)!),
        allSource: condition.kind === 'all' ? new GrantSource(rule, allGroups) : undefined,
      });
      switch (condition.kind) {
        case 'eq':
          this.exactEntry(condition.group).direct.push(index);
          break;
        case 'in':
          for (const group of new Set(condition.groups)) this.exactEntry(group).direct.push(index);
          break;
        case 'all':
          for (const group of allGroups) {
            this.exactEntry(group).allSlots.push(slotRules.length);
            slotRules.push(index);
          }
          break;
        case 'contains-any':
        case 'contains-all':
          this.containsRules.push(index);
          break;
      }
    }

    const ruleCount = this.compiled.length;
    const ouCount = this.ouIds.length;
    this.slotRule = Int32Array.from(slotRules);
    this.allSize = Int32Array.from(this.compiled, (c) => c.allSource?.grant.via_groups.length ?? 0);
    this.allStamp = new Int32Array(ruleCount);
    this.allCount = new Int32Array(ruleCount);
    this.termStamp = new Int32Array(slotRules.length);
    this.ruleStamp = new Int32Array(ruleCount);
    this.ruleSource = new Array<GrantSource | undefined>(ruleCount);
    this.ruleExtraGroups = new Array<string[] | undefined>(ruleCount);
    this.matched = new Int32Array(ruleCount);
    this.grantScratch = new Array<RuleGrant | undefined>(ruleCount);
    this.ouStamp = new Int32Array(ouCount);
    this.ouBestRole = new Int32Array(ouCount);
    this.ouMixed = new Uint8Array(ouCount);
    this.ouHead = new Int32Array(ouCount);
    this.ouTail = new Int32Array(ouCount);
    this.touched = new Int32Array(ouCount);
  }

  /** The access this rule set gives one user. */
  evaluate(user: DirectoryUser): UserAccess {
    if (!user.active || this.compiled.length === 0) return NO_ACCESS;
    const stamp = this.nextStamp();
    const { ruleStamp, ruleSource, ruleExtraGroups, matched, allStamp, allCount, allSize, termStamp, slotRule } = this;
    let matchedCount = 0;
    for (const group of user.groups) {
      const resolution = this.resolve(group);
      const { direct, sources } = resolution;
      for (let k = 0; k < direct.length; k++) {
        const r = direct[k]!;
        if (ruleStamp[r] !== stamp) {
          ruleStamp[r] = stamp;
          matched[matchedCount++] = r;
          ruleSource[r] = sources[k];
          ruleExtraGroups[r] = undefined;
        } else {
          // A second group satisfies the same rule: the explanation becomes this user's own.
          const extra = (ruleExtraGroups[r] ??= [ruleSource[r]!.grant.via_group]);
          if (!extra.includes(group)) extra.push(group);
        }
      }
      for (const slot of resolution.allSlots) {
        if (termStamp[slot] === stamp) continue; // the same group listed twice on the user
        termStamp[slot] = stamp;
        const r = slotRule[slot]!;
        if (allStamp[r] !== stamp) {
          allStamp[r] = stamp;
          allCount[r] = 0;
        }
        const filled = allCount[r]! + 1;
        allCount[r] = filled;
        if (filled === allSize[r]) {
          ruleStamp[r] = stamp;
          matched[matchedCount++] = r;
          ruleSource[r] = this.compiled[r]!.allSource;
          ruleExtraGroups[r] = undefined;
        }
      }
    }
    return matchedCount === 0 ? NO_ACCESS : this.grant(user.id, stamp, matchedCount);
  }

  /** Whether a group name satisfies (part of) the condition of any rule of this set. */
  isRelevantGroup(groupName: string): boolean {
    const resolution = this.resolve(groupName);
    return resolution.direct.length > 0 || resolution.allSlots.length > 0;
  }

  private grant(userId: string, stamp: number, matchedCount: number): UserAccess {
    const { compiled, matched, ouStamp, ouBestRole, ouMixed, ouHead, ouTail, touched } = this;
    const order = matched;
    insertionSort(order, matchedCount); // rule-set order, whatever the order of the user's groups
    let touchedCount = 0;
    let pairCount = 0;
    for (let m = 0; m < matchedCount; m++) {
      const rule = compiled[order[m]!]!;
      for (let k = 0; k < rule.ous.length; k++) {
        const ou = rule.ous[k]!;
        if (pairCount === this.pairRule.length) this.growPairs();
        const pair = pairCount++;
        this.pairRule[pair] = m;
        this.pairNext[pair] = -1;
        if (ouStamp[ou] !== stamp) {
          ouStamp[ou] = stamp;
          touched[touchedCount++] = ou;
          ouBestRole[ou] = rule.role;
          ouMixed[ou] = 0;
          ouHead[ou] = pair;
        } else {
          this.pairNext[ouTail[ou]!] = pair;
          if (rule.role !== ouBestRole[ou]) {
            ouMixed[ou] = 1;
            if (rule.role < ouBestRole[ou]!) ouBestRole[ou] = rule.role;
          }
        }
        ouTail[ou] = pair;
      }
    }

    const grants = this.grantScratch;
    for (let m = 0; m < matchedCount; m++) grants[m] = undefined;
    const grantOf = (m: number): RuleGrant => (grants[m] ??= this.userGrant(order[m]!));
    const access: Access[] = new Array(touchedCount);
    let conflicts: Conflict[] | undefined;
    const ous = touched;
    insertionSort(ous, touchedCount); // OU positions follow OU id order, so access comes out sorted by OU id
    for (let t = 0; t < touchedCount; t++) {
      const ou = ous[t]!;
      const ouId = this.ouIds[ou]!;
      const best = ouBestRole[ou]!;
      const roleId = this.roleIds[best]!;
      const head = ouHead[ou]!;
      if (this.pairNext[head] === -1) {
        const r = order[this.pairRule[head]!]!;
        const source = this.ruleExtraGroups[r] ? undefined : this.ruleSource[r];
        access[t] = source
          ? source.accessOn(ou, ouId, roleId)
          : { role_id: roleId, organizational_unit_id: ouId, rules: [grantOf(this.pairRule[head]!)] };
        continue;
      }
      const winners: RuleGrant[] = [];
      const others = ouMixed[ou] ? new Map<number, string[]>() : undefined;
      for (let pair = head; pair !== -1; pair = this.pairNext[pair]!) {
        const m = this.pairRule[pair]!;
        const rule = compiled[order[m]!]!;
        if (rule.role === best) winners.push(grantOf(m));
        else {
          const ids = others!.get(rule.role);
          if (ids) ids.push(rule.rule.rule_id);
          else others!.set(rule.role, [rule.rule.rule_id]);
        }
      }
      access[t] = { role_id: roleId, organizational_unit_id: ouId, rules: winners };
      if (others) {
        const losers: RoleClaim[] = [...others.keys()]
          .sort((a, b) => a - b)
          .map((role) => ({ role_id: this.roleIds[role]!, rule_ids: others.get(role)! }));
        (conflicts ??= []).push({
          user_id: userId,
          organizational_unit_id: ouId,
          winner: { role_id: roleId, rule_ids: winners.map((g) => g.rule_id) },
          losers,
        });
      }
    }
    return { access, conflicts: conflicts ?? NO_CONFLICTS };
  }

  /** The explanation of matched rule r for the current user (shared unless several groups satisfied it). */
  private userGrant(r: number): RuleGrant {
    const extra = this.ruleExtraGroups[r];
    if (!extra) return this.ruleSource[r]!.grant;
    const rule = this.compiled[r]!.rule;
    const viaGroups = [...extra].sort(compareStrings);
    return { rule_id: rule.rule_id, name: rule.name, via_group: viaGroups[0]!, via_groups: viaGroups };
  }

  private growPairs(): void {
    const rule = new Int32Array(this.pairRule.length * 2);
    const next = new Int32Array(this.pairNext.length * 2);
    rule.set(this.pairRule);
    next.set(this.pairNext);
    this.pairRule = rule;
    this.pairNext = next;
  }

  private resolve(groupName: string): GroupResolution {
    const cached = this.cache.get(groupName);
    if (cached) return cached;
    const base = this.exact.get(groupName);
    const direct = base ? [...base.direct] : [];
    for (const r of this.containsRules) {
      const condition = this.compiled[r]!.condition as Condition & { kind: 'contains-any' | 'contains-all' };
      if (groupNameContains(condition, groupName)) direct.push(r);
    }
    const allSlots = base?.allSlots ?? [];
    const resolution =
      direct.length > 0 || allSlots.length > 0
        ? { direct, sources: direct.map((r) => new GrantSource(this.compiled[r]!.rule, [groupName])), allSlots }
        : EMPTY_RESOLUTION;
    this.cache.set(groupName, resolution);
    return resolution;
  }

  private exactEntry(group: string): { direct: number[]; allSlots: number[] } {
    let entry = this.exact.get(group);
    if (!entry) {
      entry = { direct: [], allSlots: [] };
      this.exact.set(group, entry);
    }
    return entry;
  }

  private nextStamp(): number {
    if (this.stamp >= STAMP_LIMIT) {
      this.ruleStamp.fill(0);
      this.allStamp.fill(0);
      this.termStamp.fill(0);
      this.ouStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/**
 * Recursive-descent parser for RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths.
 *
 *   filter    = or
 *   or        = and *("or" and)                       ; and binds tighter than or
 *   and       = term *("and" term)
 *   term      = "not" "(" filter ")" / "(" filter ")" / attrPath "[" filter "]" ["." subAttr ("pr" / op value)]
 *             / attrPath "pr" / attrPath op value
 *   value     = JSON string / number / true / false / null / bare word   ; bare word: Entra tolerance, see below
 *
 * The `attrPath "[" filter "]" "." subAttr op value` form is Entra's, beyond RFC 7644's ABNF; it reads as
 * `attrPath "[" filter and subAttr op value "]"` (the same value must satisfy both).
 *
 * Operators and keywords are case-insensitive. Recursion only happens on `(`, `not` and `[`, each of which
 * counts one nesting level against `maxDepth`, so the stack stays bounded whatever the input; the length limit is
 * checked before tokenizing so a megabyte of `(((` costs nothing.
 *
 * Tolerance: Entra ID sends unquoted values (`externalId eq jyoung`, `id eq 5b1c…-…`). A bare word in value
 * position that is not `true`/`false`/`null` or a JSON number is taken as a string, instead of rejecting the
 * lookup and letting Entra create a duplicate user (docs/interop.md#entra-externalid-lookups).
 */
import type { ScimType } from '../errors.js';
import { ScimError } from '../errors.js';
import { SCIM_LIMITS } from '../limits.js';
import type { AttributePath, CompareOperator, FilterNode, FilterValue, PatchPath } from './ast.js';
import { checkName, toAttributePath, truncate } from './attribute-path.js';
import type { Token } from './lexer.js';
import { describe, tokenize } from './lexer.js';

export interface FilterLimits {
  /** Longest accepted filter, in characters (default 4096). */
  maxLength?: number;
  /** Deepest accepted nesting; each `(`, `not` and `[` opens a level (default 32). */
  maxDepth?: number;
}

export const DEFAULT_FILTER_LIMITS = {
  maxLength: SCIM_LIMITS.maxFilterLength,
  maxDepth: SCIM_LIMITS.maxFilterDepth,
} as const;

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'lt',
  'ge',
  'le',
]);

/** JSON number grammar (RFC 8259 §6); anything else in value position is a bare string. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly errorType: ScimType,
    private readonly maxDepth: number,
  ) {}

  fail(detail: string): ScimError {
    return new ScimError(400, this.errorType, detail);
  }

  peek(): Token {
    return this.tokens[this.index]!;
  }

  next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'end') this.index++;
    return token;
  }

  unexpected(token: Token, expected?: string): ScimError {
    const what = `unexpected ${describe(token)} at position ${token.position}`;
    return this.fail(expected ? `${what}; expected ${expected}` : what);
  }

  /** The token most recently consumed by next(). */
  last(): Token {
    return this.tokens[Math.max(0, this.index - 1)]!;
  }

  expect(kind: Token['kind'], expected: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw this.unexpected(token, expected);
    return token;
  }

  /** True (and consumes it) when the next token is the keyword, case-insensitively. */
  keyword(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'word' && token.text.toLowerCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  enter(token: Token): void {
    if (++this.depth > this.maxDepth) {
      throw this.fail(`filter nesting deeper than ${this.maxDepth} levels at position ${token.position}`);
    }
  }

  leave(): void {
    this.depth--;
  }

  /** `inValuePath`: inside `[...]`, where another `[` is not allowed (RFC 7644 valFilter). */
  parseOr(inValuePath: boolean): FilterNode {
    let node = this.parseAnd(inValuePath);
    while (this.keyword('or')) node = { kind: 'or', left: node, right: this.parseAnd(inValuePath) };
    return node;
  }

  parseAnd(inValuePath: boolean): FilterNode {
    let node = this.parseTerm(inValuePath);
    while (this.keyword('and')) node = { kind: 'and', left: node, right: this.parseTerm(inValuePath) };
    return node;
  }

  parseTerm(inValuePath: boolean): FilterNode {
    const token = this.next();
    if (token.kind === '(') {
      this.enter(token);
      const inner = this.parseOr(inValuePath);
      this.expect(')', `) to close ( at position ${token.position}`);
      this.leave();
      return inner;
    }
    if (token.kind !== 'word') throw this.unexpected(token, 'an attribute path, ( or not');
    if (token.text.toLowerCase() === 'not' && this.peek().kind === '(') {
      this.enter(token);
      const open = this.next();
      this.enter(open);
      const filter = this.parseOr(inValuePath);
      this.expect(')', `) to close ( at position ${open.position}`);
      this.leave();
      this.leave();
      return { kind: 'not', filter };
    }
    const path = toAttributePath(token.text, `at position ${token.position}`, this.errorType);
    if (this.peek().kind === '[') {
      const open = this.next();
      if (inValuePath) throw this.fail(`value filters cannot be nested (position ${open.position})`);
      const filter = this.parseValueFilter(open);
      const close = this.last();
      const after = this.peek();
      // Entra: `emails[type eq "work"].value eq "x@y"`, a value path then a sub-attribute and a comparison.
      // It means `emails[type eq "work" and value eq "x@y"]`: both conditions hold for the same value.
      if (after.kind === 'word' && after.text.startsWith('.') && after.position === close.position + 1) {
        this.next();
        const subAttribute = after.text.slice(1);
        checkName(subAttribute, `at position ${after.position + 1}`, (detail) => this.fail(detail));
        const condition = this.parseComparison({ attribute: subAttribute }, after);
        return { kind: 'valuePath', path, filter: { kind: 'and', left: filter, right: condition } };
      }
      return { kind: 'valuePath', path, filter };
    }
    return this.parseComparison(path, token);
  }

  parseValueFilter(open: Token): FilterNode {
    this.enter(open);
    const filter = this.parseOr(true);
    this.expect(']', `] to close [ at position ${open.position}`);
    this.leave();
    return filter;
  }

  parseComparison(path: AttributePath, pathToken: Token): FilterNode {
    const token = this.next();
    const op = token.kind === 'word' ? token.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPERATORS.has(op)) {
      throw this.unexpected(
        token,
        `an operator (eq ne co sw ew gt lt ge le pr) after '${truncate(pathToken.kind === 'word' ? pathToken.text : '')}'`,
      );
    }
    return { kind: 'compare', path, op: op as CompareOperator, value: this.parseValue() };
  }

  parseValue(): FilterValue {
    const token = this.next();
    if (token.kind === 'string') return token.value;
    if (token.kind !== 'word') throw this.unexpected(token, 'a value');
    const text = token.text;
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text === 'null') return null;
    if (JSON_NUMBER.test(text)) return Number(text);
    return text; // bare word: Entra tolerance (see the module comment)
  }
}

function checkLength(text: string, maxLength: number, errorType: ScimType, what: string): void {
  if (text.length > maxLength) {
    throw new ScimError(400, errorType, `${what} is ${text.length} characters long; the limit is ${maxLength}`);
  }
}

/** Parses a `filter` query parameter (or SearchRequest `filter`). Errors: 400 invalidFilter. */
export function parseFilter(text: string, limits: FilterLimits = {}): FilterNode {
  const maxLength = limits.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
  const maxDepth = limits.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
  checkLength(text, maxLength, 'invalidFilter', 'filter');
  const parser = new Parser(tokenize(text, 'invalidFilter'), 'invalidFilter', maxDepth);
  if (parser.peek().kind === 'end') throw parser.fail('filter is empty');
  const node = parser.parseOr(false);
  parser.expect('end', 'and, or or the end of the filter');
  return node;
}

/** Parses a plain attribute path such as `name.givenName` or `urn:…:User:manager.value`. Errors: 400 invalidPath. */
export function parseAttributePath(text: string, errorType: ScimType = 'invalidPath'): AttributePath {
  const trimmed = text.trim();
  checkLength(trimmed, DEFAULT_FILTER_LIMITS.maxLength, errorType, 'attribute path');
  if (trimmed === '') throw new ScimError(400, errorType, 'attribute path is empty');
  for (const c of trimmed) {
    if (c === ' ' || c === '(' || c === ')' || c === '[' || c === ']' || c === '"') {
      throw new ScimError(400, errorType, `attribute path '${truncate(trimmed)}' contains '${c}'`);
    }
  }
  return toAttributePath(trimmed, 'in attribute path', errorType);
}

/**
 * Parses a PATCH operation `path` (RFC 7644 §3.5.2): `attrPath` or `attrPath "[" valFilter "]" ["." subAttr]`.
 * Errors, including a malformed value filter, are 400 invalidPath.
 */
export function parsePatchPath(text: string, limits: FilterLimits = {}): PatchPath {
  const maxLength = limits.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
  const maxDepth = limits.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
  checkLength(text, maxLength, 'invalidPath', 'path');
  const parser = new Parser(tokenize(text, 'invalidPath'), 'invalidPath', maxDepth);
  const first = parser.next();
  if (first.kind === 'end') throw parser.fail('path is empty');
  if (first.kind !== 'word') throw parser.unexpected(first, 'an attribute path');
  const path = toAttributePath(first.text, `at position ${first.position}`, 'invalidPath');
  if (parser.peek().kind === 'end') return { path };

  const open = parser.expect('[', '[ or the end of the path');
  if (path.subAttribute !== undefined) {
    throw parser.fail(
      `a value filter must follow a multi-valued attribute, not a sub-attribute (position ${open.position})`,
    );
  }
  const valueFilter = parser.parseValueFilter(open);
  const patchPath: PatchPath = { path, valueFilter };
  const close = parser.last();
  const after = parser.next();
  if (after.kind === 'end') return patchPath;
  // `emails[type eq "work"].value`: the lexer sees `.value` as one word right after the bracket.
  if (after.kind !== 'word' || !after.text.startsWith('.') || after.position !== close.position + 1) {
    throw parser.unexpected(after, "'.subAttribute' or the end of the path");
  }
  const subAttribute = after.text.slice(1);
  checkName(subAttribute, `at position ${after.position + 1}`, (detail) => parser.fail(detail));
  parser.expect('end', 'the end of the path');
  patchPath.subAttribute = subAttribute;
  return patchPath;
}

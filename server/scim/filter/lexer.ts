/**
 * Tokenizer for RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths.
 *
 * The lexer is context-free: it only knows punctuation, JSON string literals and "words" (every other run of
 * characters). Whether a word is an attribute path, an operator, a keyword or a bare value is decided by the
 * parser from its position, which is what lets `externalId eq jyoung` (Entra's unquoted value) parse.
 */
import type { ScimType } from '../errors.js';
import { ScimError } from '../errors.js';

export type Token =
  | { kind: '(' | ')' | '[' | ']' | 'end'; position: number }
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; value: string; position: number };

/** Characters that end a word; everything else (letters, digits, `.:-_$@+/`…) belongs to it. */
const PUNCTUATION = new Set(['(', ')', '[', ']']);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Positions in messages are 0-based character offsets into the text as sent. */
export function tokenize(text: string, errorType: ScimType): Token[] {
  const fail = (detail: string) => new ScimError(400, errorType, detail);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as '(' | ')' | '[' | ']', position: i });
      i++;
    } else if (c === '"') {
      const start = i;
      const { value, end } = readString(text, i, fail);
      tokens.push({ kind: 'string', value, position: start });
      i = end;
    } else {
      const start = i;
      while (i < text.length && !isSpace(text[i]!) && !PUNCTUATION.has(text[i]!) && text[i] !== '"') i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), position: start });
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

/** Reads a JSON string literal (RFC 8259 §7) starting at the opening quote. */
function readString(text: string, start: number, fail: (detail: string) => ScimError): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const e = text[i + 1];
      if (e === undefined) break;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
        value += simple;
        i += 2;
      } else if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail(`invalid \\u escape at position ${i}`);
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        throw fail(`invalid escape \\${e} at position ${i}`);
      }
    } else if (c < ' ') {
      throw fail(`control character in string at position ${i}; escape it`);
    } else {
      value += c;
      i++;
    }
  }
  throw fail(`unterminated string starting at position ${start}`);
}

export function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'word':
      return `'${token.text.length > 40 ? token.text.slice(0, 40) + '…' : token.text}'`;
    case 'string':
      return `string ${JSON.stringify(token.value.length > 40 ? token.value.slice(0, 40) + '…' : token.value)}`;
    default:
      return token.kind;
  }
}

/**
 * Parses a JSON file's bytes, also when they are too many for one string. V8 caps a string at 2^29 - 24
 * characters (about 512 MiB), so `JSON.parse(bytes.toString())` cannot read a snapshot past that size (a
 * directory of about 900,000 users): the file the store wrote would be refused as "not valid JSON". Above
 * `wholeUpTo` bytes the outer `depth` levels of arrays and objects are walked here and each value below them
 * is parsed on its own, so no string is longer than one record: the counterpart of `jsonPieces`, which
 * writes the file in the same pieces. Values are cut at JSON's own punctuation, never inside a UTF-8
 * sequence, so each piece decodes as the whole would.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Below this many bytes the whole text is parsed at once (faster, and what JSON.parse reports stays its own). */
export const WHOLE_JSON_BYTES = 256 * 1024 * 1024;

export function parseJsonBytes(bytes: Buffer, depth = 3, wholeUpTo = WHOLE_JSON_BYTES): unknown {
  if (bytes.length <= wholeUpTo) return JSON.parse(bytes.toString('utf8'));
  const reader = new PieceReader(bytes);
  const value = reader.value(depth);
  reader.end();
  return value;
}

class PieceReader {
  private pos = 0;

  constructor(private readonly bytes: Buffer) {}

  value(depth: number): unknown {
    this.skipSpace();
    const first = this.bytes[this.pos];
    if (depth > 0 && first === OPEN_ARRAY) return this.array(depth);
    if (depth > 0 && first === OPEN_OBJECT) return this.object(depth);
    const start = this.pos;
    this.skipValue();
    return JSON.parse(this.bytes.toString('utf8', start, this.pos));
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.bytes.length) this.fail('unexpected text after the JSON value');
  }

  private array(depth: number): unknown[] {
    const items: unknown[] = [];
    this.pos++; // [
    this.skipSpace();
    if (this.bytes[this.pos] === CLOSE_ARRAY) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth - 1));
      this.skipSpace();
      const next = this.bytes[this.pos++];
      if (next === CLOSE_ARRAY) return items;
      if (next !== COMMA) this.fail('expected , or ] in an array');
    }
  }

  private object(depth: number): Record<string, unknown> {
    const members: Record<string, unknown> = {};
    this.pos++; // {
    this.skipSpace();
    if (this.bytes[this.pos] === CLOSE_OBJECT) {
      this.pos++;
      return members;
    }
    for (;;) {
      this.skipSpace();
      if (this.bytes[this.pos] !== QUOTE) this.fail('expected a member name');
      const start = this.pos;
      this.skipString();
      const key = JSON.parse(this.bytes.toString('utf8', start, this.pos)) as string;
      this.skipSpace();
      if (this.bytes[this.pos++] !== COLON) this.fail('expected : after a member name');
      // Defined as JSON.parse does: a "__proto__" member is a member, not the prototype.
      Object.defineProperty(members, key, {
        value: this.value(depth - 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      const next = this.bytes[this.pos++];
      if (next === CLOSE_OBJECT) return members;
      if (next !== COMMA) this.fail('expected , or } in an object');
    }
  }

  /** Moves past one value (JSON.parse checks it afterwards): a string, a container, or a literal. */
  private skipValue(): void {
    const first = this.bytes[this.pos];
    if (first === QUOTE) return this.skipString();
    if (first === OPEN_ARRAY || first === OPEN_OBJECT) return this.skipContainer();
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos]!;
      if (byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || isSpace(byte)) break;
      this.pos++;
    }
  }

  private skipString(): void {
    this.pos++; // opening quote
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos++];
      if (byte === BACKSLASH) this.pos++;
      else if (byte === QUOTE) return;
    }
    this.fail('a string does not end');
  }

  private skipContainer(): void {
    let open = 0;
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos]!;
      if (byte === QUOTE) {
        this.skipString();
        continue;
      }
      this.pos++;
      if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) open++;
      else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && --open === 0) return;
    }
    this.fail('an array or object does not end');
  }

  private skipSpace(): void {
    while (this.pos < this.bytes.length && isSpace(this.bytes[this.pos]!)) this.pos++;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at byte ${this.pos}`);
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/**
 * JSON text with every non-ASCII character written as a \uXXXX escape: the same JSON value, and a file
 * that reads back as a one-byte string. One "é" or "…" anywhere otherwise makes V8 decode the whole
 * document into a two-byte string: twice the memory, and a 50,000-user snapshot took 40% longer to load.
 * Non-ASCII characters can only occur inside JSON strings, where the escape stands for the same character.
 */
export function asciiJson(json: string): string {
  if (!NON_ASCII.test(json)) return json;
  return json.replace(NON_ASCII_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

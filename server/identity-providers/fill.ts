/** Fills a profile text's `{placeholders}`. */
import type { ProfileWords } from './profile.js';

export type WordValues = Readonly<Record<string, string | number>>;

/**
 * `{name}` becomes `values.name`; a placeholder with no value is left as it is (the console fills `{base-url}`
 * itself, with a copy button). The profile's words come first, so a finding's value can never replace them
 * by accident of naming: findings use their own names (`url`, `admin`, `names`, …).
 */
export function fillWords(text: string, words: ProfileWords, values: WordValues = {}, depth = 0): string {
  return text.replace(/\{([a-zA-Z][\w-]*)\}/g, (whole, key: string) => {
    const word = (words as unknown as Record<string, unknown>)[key];
    // A word may itself name a word ("First get {connectorTest} through"): one level down, no further.
    if (typeof word === 'string') return depth === 0 ? fillWords(word, words, values, 1) : word;
    const value = values[key];
    return value === undefined ? whole : String(value);
  });
}

/** The placeholders a text uses, for the test that every one of them has a value. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{([a-zA-Z][\w-]*)\}/g)].map((match) => match[1]!);
}

// Types for freshness.js (plain JavaScript: bin/scim-desk.js needs it before any TypeScript loader runs).
export function newestMtime(dir: string, extensions: string[]): number;
export function isFresh(output: string, sourceDirs: string[], extensions: string[]): boolean;

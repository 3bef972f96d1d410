/**
 * JSON text of a value in pieces, for writing large documents without one giant string and without
 * blocking the event loop: containers down to `depth` levels are walked, deeper values are stringified
 * whole. The output is byte-identical to JSON.stringify(value) for JSON data (no toJSON, no functions).
 */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item: unknown = value[i];
      yield* jsonPieces(item === undefined ? null : item, depth - 1); // as JSON.stringify does in arrays
    }
    yield ']';
    return;
  }
  if (depth > 0 && value !== null && typeof value === 'object') {
    yield '{';
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue; // as JSON.stringify does in objects
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(item, depth - 1);
    }
    yield '}';
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}

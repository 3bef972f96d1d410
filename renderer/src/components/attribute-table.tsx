/**
 * A SCIM resource's attributes as a readable table (nested objects flattened to dotted names, lists
 * numbered). `password` is never shown, even if a server bug ever sent one.
 */
import { useState } from 'react';
import { When } from './when';

const HIDDEN = new Set(['password', 'schemas']);
/** A value this long (a 20,000-character displayName) shows its start; the rest opens on request. */
const LONG_VALUE = 300;
/** SCIM's dateTime attributes (meta.created, meta.lastModified) as the server writes them. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function Value({ value }: { value: string }) {
  const [whole, setWhole] = useState(false);
  if (DATE_TIME.test(value)) return <When iso={value} style="date-and-time" />;
  if (value.length <= LONG_VALUE) return <>{value}</>;
  return (
    <>
      {whole ? value : `${value.slice(0, LONG_VALUE)}…`}{' '}
      <button type="button" className="button-small" aria-expanded={whole} onClick={() => setWhole(!whole)}>
        {whole ? 'Show less' : `Show all ${value.length.toLocaleString()} characters`}
      </button>
    </>
  );
}

function flatten(value: unknown, path: string, out: [string, string][]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([path, '(none)']);
    value.forEach((entry, index) => flatten(entry, `${path}[${index}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (HIDDEN.has(key)) continue;
      // Extension URNs are long: show their last segment as the prefix.
      const name = key.startsWith('urn:') ? key.slice(key.lastIndexOf(':') + 1) : key;
      flatten(inner, path === '' ? name : `${path}.${name}`, out);
    }
  } else {
    out.push([path, value === null ? 'null' : String(value)]);
  }
}

export function AttributeTable({ resource, label }: { resource: Record<string, unknown>; label: string }) {
  const rows: [string, string][] = [];
  flatten(resource, '', rows);
  return (
    <table className="attribute-table" aria-label={label}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <Value value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

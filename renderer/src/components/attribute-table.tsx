/**
 * A SCIM resource's attributes as a readable table (nested objects flattened to dotted names, lists
 * numbered). `password` is never shown, even if a server bug ever sent one.
 */

const HIDDEN = new Set(['password', 'schemas']);

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
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the server noticed about the identity provider's traffic that is worth knowing but not a problem
 * (Entra's PATCH dialect, its ~40-minute incremental cycle). */
import type { SetupNote } from '../../../../server/admin/contract';
import { EvidenceLine } from './evidence-line';

export function SetupNotes({ notes }: { notes: readonly SetupNote[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="setup-notes" aria-label="Noticed in the traffic" data-testid="setup-notes">
      {notes.map((note) => (
        <li key={note.id} className="notice notice-info" data-testid={`setup-note-${note.id}`}>
          {note.message}
          {note.evidence && <EvidenceLine evidence={note.evidence} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * A text input that suggests known group names (a <datalist> filled from `GET /api/groups?q=`), so rule
 * conditions and filters use the names Okta actually pushed.
 */
import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import type { GroupListItem } from '../../../server/admin/contract';
import { get } from '../api/client';
import { useDebounced } from '../hooks/use-debounced';

const SUGGESTIONS = 20;

export function useGroupSuggestions(text: string): GroupListItem[] {
  const [groups, setGroups] = useState<GroupListItem[]>([]);
  const query = useDebounced(text.trim(), 150);
  useEffect(() => {
    const controller = new AbortController();
    get('GET /api/groups', { query: { q: query, limit: SUGGESTIONS }, signal: controller.signal }).then(
      (page) => setGroups(page.items),
      () => {
        // Suggestions are a convenience: without them the input still works.
      },
    );
    return () => controller.abort();
  }, [query]);
  return groups;
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'list'> & {
  value: string;
  onValueChange(value: string, match: GroupListItem | undefined): void;
};

export function GroupNameInput({ value, onValueChange, ...rest }: Props) {
  const listId = useId();
  const groups = useGroupSuggestions(value);
  return (
    <>
      <input
        {...rest}
        type="text"
        list={listId}
        autoComplete="off"
        value={value}
        onChange={(event) => {
          const text = event.target.value;
          onValueChange(
            text,
            groups.find((group) => group.displayName === text),
          );
        }}
      />
      <datalist id={listId}>
        {groups.map((group) => (
          <option key={group.id} value={group.displayName} />
        ))}
      </datalist>
    </>
  );
}

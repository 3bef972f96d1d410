/**
 * Light and dark themes: the system preference by default (`prefers-color-scheme` in the CSS), or the
 * admin's choice, kept in localStorage and applied as `data-theme` on <html>.
 */
import { useEffect, useState } from 'react';

type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'scimDesk.theme';

function storedChoice(): ThemeChoice {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyStoredTheme(): void {
  const choice = storedChoice();
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedChoice);
  useEffect(() => {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
    applyStoredTheme();
  }, [choice]);
  return (
    <label className="theme-toggle">
      <span>Theme</span>
      <select value={choice} onChange={(event) => setChoice(event.target.value as ThemeChoice)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

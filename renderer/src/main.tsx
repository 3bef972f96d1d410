import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptTokenFromUrl } from './api/session';
import { App } from './app';
import { applyStoredTheme } from './components/theme-toggle';
import './styles/app.css';

// Before anything renders: the token leaves the URL, the theme is set (no flash of the wrong one).
adoptTokenFromUrl();
applyStoredTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

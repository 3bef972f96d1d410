import { useEffect, useRef, useState } from 'react';
import { onUnauthorized } from './api/client';
import type { ApiFailure } from './api/errors';
import { adminToken } from './api/session';
import { AdminLockoutAlarm } from './components/admin-lockout-alarm';
import { RealLockoutBanner } from './components/real-lockout-banner';
import { ThemeToggle } from './components/theme-toggle';
import { LookupsProvider } from './lookups/lookups';
import { ActivityPage } from './pages/activity/activity-page';
import { ClumioRulesPage } from './pages/clumio/clumio-rules-page';
import { ConnectionsPage } from './pages/connections/connections-page';
import { GroupPage } from './pages/directory/group-page';
import { GroupsPage } from './pages/directory/groups-page';
import { UserPage } from './pages/directory/user-page';
import { UsersPage } from './pages/directory/users-page';
import { EndpointPage } from './pages/endpoint/endpoint-page';
import { OrganizationalUnitsPage } from './pages/organizational-units/organizational-units-page';
import { RuleEditorPage } from './pages/rules/rule-editor-page';
import { RulesPage } from './pages/rules/rules-page';
import { SettingsPage } from './pages/settings/settings-page';
import { SetupPage } from './pages/setup/setup-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';
import { href, type PageName, type Route } from './router/routes';
import { useRoute } from './router/use-route';

interface NavItem {
  label: string;
  route: Route;
  /** Pages that highlight this item. */
  pages: PageName[];
}

const NAV: NavItem[] = [
  { label: 'Setup', route: { page: 'setup' }, pages: ['setup'] },
  { label: 'Users', route: { page: 'users' }, pages: ['users', 'user'] },
  { label: 'Groups', route: { page: 'groups' }, pages: ['groups', 'group'] },
  { label: 'Rules', route: { page: 'rules' }, pages: ['rules', 'rule-new', 'rule-edit'] },
  { label: 'Organizational units', route: { page: 'organizational-units' }, pages: ['organizational-units'] },
  { label: 'Activity', route: { page: 'activity' }, pages: ['activity'] },
  { label: 'Webhooks', route: { page: 'webhooks' }, pages: ['webhooks'] },
  { label: 'Endpoint & tokens', route: { page: 'endpoint' }, pages: ['endpoint'] },
  { label: 'Settings', route: { page: 'settings' }, pages: ['settings'] },
  { label: 'Connections', route: { page: 'connections' }, pages: ['connections'] },
  { label: 'Clumio account', route: { page: 'clumio-rules' }, pages: ['clumio-rules'] },
];

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'setup':
      return <SetupPage />;
    case 'users':
      return <UsersPage group={route.group} />;
    case 'user':
      return <UserPage id={route.id} />;
    case 'groups':
      return <GroupsPage />;
    case 'group':
      return <GroupPage id={route.id} />;
    case 'rules':
      return <RulesPage />;
    case 'rule-new':
      return <RuleEditorPage key="new" />;
    case 'rule-edit':
      return <RuleEditorPage key={route.id} ruleId={route.id} />;
    case 'organizational-units':
      return <OrganizationalUnitsPage />;
    case 'activity':
      return <ActivityPage view={route.view ?? 'log'} />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'endpoint':
      return <EndpointPage />;
    case 'settings':
      return <SettingsPage />;
    case 'connections':
      return <ConnectionsPage />;
    case 'clumio-rules':
      return <ClumioRulesPage />;
    case 'not-found':
      return (
        <>
          <h1>Page not found</h1>
          <p>
            There is no page at <code>#/{route.path}</code>. <a href={href({ page: 'setup' })}>Go to setup</a>.
          </p>
        </>
      );
  }
}

function SessionBanner() {
  const [refusal, setRefusal] = useState<ApiFailure | null>(null);
  useEffect(() => onUnauthorized(setRefusal), []);
  if (adminToken() !== null && !refusal) return null;
  const lead = !refusal
    ? 'This window has no admin session'
    : refusal.apiError('too_many_attempts')
      ? 'The server did not accept this session: too many wrong admin tokens were tried on it within a minute, so it waits before it checks another'
      : 'The server did not accept this session';
  return (
    <div className="session-banner" role="alert" data-testid="session-banner">
      {lead}
      {window.scimDesk ? (
        <>: restart the desktop app.</>
      ) : (
        <>
          . Open the <strong>Admin console</strong> link that <code>npm run serve</code> (or{' '}
          <code>scim-desk serve</code>) printed in its terminal; it ends in <code>?token=…</code>.
        </>
      )}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // Move focus to the new page on navigation, so keyboard and screen-reader users land on its content.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [route.page]);

  return (
    <LookupsProvider>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <div className="shell">
        <header className="sidebar">
          <div className="brand">SCIM Desk</div>
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.label}>
                  <a href={href(item.route)} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <ThemeToggle />
        </header>
        <main id="main" ref={mainRef} tabIndex={-1}>
          <SessionBanner />
          <AdminLockoutAlarm page={route.page} />
          <RealLockoutBanner />
          <PageFor route={route} />
        </main>
      </div>
    </LookupsProvider>
  );
}

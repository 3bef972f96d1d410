/** The Activity page's two views: every request and change as it happened, and the change feed. */
import { href, type ActivityView } from '../../router/routes';

const VIEWS: { view: ActivityView; label: string }[] = [
  { view: 'log', label: 'Requests & changes' },
  { view: 'feed', label: 'Change feed' },
];

export function ActivityTabs({ view }: { view: ActivityView }) {
  return (
    <nav className="view-tabs" aria-label="Activity views">
      {VIEWS.map((item) => (
        <a
          key={item.view}
          href={href(item.view === 'feed' ? { page: 'activity', view: 'feed' } : { page: 'activity' })}
          aria-current={item.view === view ? 'page' : undefined}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}

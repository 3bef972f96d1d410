import { API_ROUTES, type EventFeedPage } from '../../admin/contract.js';
import { parseCommandArgs, positiveNumberFlag } from '../args.js';
import { usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';

export const EVENTS_HELP = `Usage:
  scim-desk events tail [--data DIR] [--store URL] [--after CURSOR | --from-start] [--interval MS]

Follows the change feed: one JSON line per event ({"id","type","timestamp","data"}), in commit order,
starting with the events that arrive from now on (--after: after a cursor; --from-start: from the oldest
retained event). Follows a running server through its control socket, polling every --interval ms
(default 500), and says so on stderr once it has its starting point; without a server it prints what the
feed holds and exits. Ctrl-C exits 0.`;

export async function eventsCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'tail') return tail(rest);
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    console.log(EVENTS_HELP);
    return action === undefined ? 2 : 0;
  }
  throw usageError(`unknown events command "${action}" (tail)`);
}

async function tail(argv: string[]) {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    after: { type: 'string' },
    'from-start': { type: 'boolean' },
    interval: { type: 'string' },
  });
  if (values.help) {
    console.log(EVENTS_HELP);
    return 0;
  }
  if (values.after !== undefined && values['from-start'])
    throw usageError('--after and --from-start do not go together');
  if (values.after !== undefined && !/^\d+$/.test(values.after))
    throw usageError('--after must be a cursor (the "next" of a feed page)');
  const intervalMs = positiveNumberFlag(values.interval, '--interval') ?? 500;
  let stopped = false;
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', () => {
      stopped = true;
      resolve();
    });
  });
  await withAdminApi(dataLocation(values), 'events tail', async (client, mode) => {
    const page = (after: string | undefined) =>
      client.call<EventFeedPage>(
        'GET',
        `${API_ROUTES.events}?limit=1000${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`,
      );
    // No cursor: start from now (the feed's "next" of an empty read); --from-start: from the oldest.
    let cursor = values.after ?? (values['from-start'] ? '0' : (await page(undefined)).next);
    if (!values.after && !values['from-start']) cursor = await latest(page, cursor);
    // On stderr, so stdout stays one JSON event per line: from here on, nothing committed is missed.
    if (mode === 'online') console.error(`scim-desk: following the change feed after cursor ${cursor} (Ctrl-C stops).`);
    while (!stopped) {
      const { events, next } = await page(cursor);
      for (const event of events) console.log(JSON.stringify(event));
      cursor = next;
      if (events.length === 1000) continue;
      if (mode === 'offline') {
        console.error('scim-desk: no server runs on this data folder, so nothing new can arrive; stopped.');
        return;
      }
      await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, intervalMs))]);
    }
  });
  return 0;
}

/** The cursor past every retained event: "from now on". */
async function latest(page: (after: string | undefined) => Promise<EventFeedPage>, cursor: string): Promise<string> {
  for (;;) {
    const { events, next } = await page(cursor);
    if (events.length === 0) return next;
    cursor = next;
  }
}

import {
  CopyError,
  openSource,
  openTarget,
  parseLocation,
  withoutPassword,
  type OpenedStore,
  type StoreLocation,
} from '../../store/copy/copy-locations.js';
import { copyWizardEvidence } from '../../activity/copy-wizard-evidence.js';
import { copyStore, feedStartFor, type CopyProgress, type StoreReading } from '../../store/copy/copy-store.js';
import { SECRET_KEY_FILE } from '../../secrets/secret-box.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';

export const STORE_HELP = `Usage:
  scim-desk store copy --from DIR|URL --to DIR|URL [--replace] [--json]

Copies a whole store: users, groups, memberships, every document collection (tokens as hashes, rules,
organizational units, settings, webhooks, their delivery progress) and the change feed's retained events
with their positions, and the setup wizard's evidence (a folder's wizard-evidence.json, a database's shared
row). Records, memberships and documents go into PostgreSQL with COPY, in one transaction. DIR is a data folder; URL is postgres://user:password@host:port/database. Moving to
PostgreSQL: --from DIR --to URL; going back: --from URL --to DIR.

Nothing may run on either end: a data folder that scim-desk serve holds, or a database that SCIM Desk nodes
are connected to, is refused. The target must be empty; --replace erases what it holds first.

At the end it prints the counts and a checksum of the source (as read while copying) and of the target (read
again afterwards); they must agree, else it exits 1. --json prints the same as one JSON object. Progress goes
to stderr. Exit codes: 0 copied and verified, 1 refused or failed, 2 usage error.`;

export async function storeCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'copy') return copy(rest);
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    console.log(STORE_HELP);
    return action === undefined ? 2 : 0;
  }
  throw usageError(`unknown store command "${action}" (copy)`);
}

async function copy(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(STORE_HELP);
    return 0;
  }
  if (values.from === undefined || values.from === '')
    throw usageError('--from is required: a data folder or a postgres:// URL');
  if (values.to === undefined || values.to === '')
    throw usageError('--to is required: a data folder or a postgres:// URL');
  const from = location(values.from);
  const to = location(values.to);
  if ((from.kind === 'folder' ? from.dir : from.url) === (to.kind === 'folder' ? to.dir : to.url))
    throw usageError('--from and --to name the same store');

  const fail = (error: unknown): never => {
    // Refusals (CopyError) and the store's errors are written for the person; masked either way.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(withoutPassword(withoutPassword(message, from), to));
  };
  let source: OpenedStore | undefined;
  let target: OpenedStore | undefined;
  let result: { source: StoreReading; target: StoreReading };
  let wizardEvidence: boolean;
  try {
    source = await openSource(from).catch(fail);
    const feedStart = feedStartFor(await source.store.eventBounds().catch(fail));
    target = await openTarget(to, { replace: values.replace === true, feedStart }).catch(fail);
    const bulk = await target.startBulk?.().catch(fail);
    result = await copyStore(source.store, target.store, progressLine(), bulk).catch(fail);
    wizardEvidence = await copyWizardEvidence(from, to).catch(fail);
  } finally {
    await target?.close().catch(() => undefined);
    await source?.close().catch(() => undefined);
  }
  const match = result.source.checksum === result.target.checksum;
  const report = {
    from: from.shown,
    to: to.shown,
    counts: result.source.counts,
    feed: result.source.feed,
    checksum: { source: result.source.checksum, target: result.target.checksum, match },
    wizardEvidence,
  };
  if (values.json) console.log(JSON.stringify(report));
  else console.log(describe(report, result.target));
  if (match) {
    const note = sealedSecretsNote(from, to, result.source.counts);
    if (note) console.error(`scim-desk: ${note}`);
  } else {
    console.error(
      `scim-desk: the copy in ${to.shown} does not match the source (checksum ${result.target.checksum}, expected ${result.source.checksum}); do not use it`,
    );
    return 1;
  }
  return 0;
}

/**
 * Webhook secrets and connection tokens travel sealed, with the key of the data folder that sealed them (the
 * key never goes into the store): whoever serves the copy needs that key file.
 */
function sealedSecretsNote(from: StoreLocation, to: StoreLocation, counts: StoreReading['counts']): string | undefined {
  if (!counts.documents.webhooks && !counts.documents.settings) return undefined;
  if (from.kind === 'folder' && to.kind === 'postgres') {
    return `webhook secrets and connection tokens stay sealed with ${from.dir}/${SECRET_KEY_FILE}: copy that file into the data folder of every node that serves ${to.shown}.`;
  }
  if (to.kind === 'folder') {
    return `webhook secrets and connection tokens are sealed with the ${SECRET_KEY_FILE} of the data folder they were added in: copy that file into ${to.dir} before you start scim-desk serve on it.`;
  }
  return undefined;
}

function location(text: string): StoreLocation {
  try {
    return parseLocation(text);
  } catch (error) {
    if (error instanceof CopyError) throw new CliError(error.message);
    throw error;
  }
}

/** One line on stderr now and then, for copies large enough to take a while. */
function progressLine(): (progress: CopyProgress) => void {
  let lastAt = Date.now();
  return ({ phase, done, total }) => {
    const now = Date.now();
    if (now - lastAt < 2_000) return;
    lastAt = now;
    console.error(`scim-desk: copying ${phase}: ${done}${total === undefined ? '' : ` of ${total}`}`);
  };
}

function describe(
  report: {
    from: string;
    to: string;
    counts: StoreReading['counts'];
    feed: StoreReading['feed'];
    checksum: { source: string; target: string; match: boolean };
    wizardEvidence: boolean;
  },
  target: StoreReading,
): string {
  const { counts, feed } = report;
  const rows: [string, string][] = [
    ['users', String(counts.users)],
    ['groups', String(counts.groups)],
    ['memberships', String(counts.memberships)],
  ];
  for (const [collection, count] of Object.entries(counts.documents)) rows.push([collection, String(count)]);
  rows.push([
    'events',
    feed.first === 0
      ? `${counts.events} (the feed continues after position ${feed.last})`
      : `${counts.events} (positions ${feed.first} to ${feed.last}, kept)`,
  ]);
  rows.push(['wizard evidence', report.wizardEvidence ? 'copied' : 'none in the source']);
  const lines = [
    `Copied ${report.from} to ${report.to}:`,
    ...rows.map(([name, value]) => `  ${name.padEnd(20)}${value}`),
  ];
  if (report.checksum.match) lines.push(`  ${'checksum'.padEnd(20)}${report.checksum.source} (source and copy agree)`);
  else {
    lines.push(`  ${'checksum (source)'.padEnd(20)}${report.checksum.source}`);
    lines.push(`  ${'checksum (copy)'.padEnd(20)}${report.checksum.target}`);
    if (JSON.stringify(target.counts) !== JSON.stringify(counts))
      lines.push(`  the copy holds: ${JSON.stringify(target.counts)}`);
  }
  return lines.join('\n');
}

// The "Import & export" tab. Rendered to HTML on the server side of React (no DOM, no effects), as the other
// Configurator tests do: each step of an import is given as state; the calls run through the real API client
// against a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { getContactsImport, previewContactsImport, startContactsImport } from '../../../api/endpoints';
import type { ContactImport, User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { fakeFetch, type FetchCall } from '../../../test/fakeFetch';
import type { Resource } from '../common/useResource';
import { ExportContactsSection } from './ExportContactsSection';
import { ImportContactsView } from './ImportContactsSection';
import { done, preview, running } from './importFixtures';
import { formatCount } from '../../../format';
import { importSummary, previewSummary } from './importText';
import { ImportPreviewView } from './ImportPreviewView';
import { ImportProgressView } from './ImportProgressView';
import { RecentImportsTable, type RecentImportsData } from './RecentImports';
import type { ContactsImportState } from './useContactsImport';
import { UsageExportForm } from './UsageExportSection';
import { watchImport } from './watchImport';

const render = renderToStaticMarkup;
const noop = () => {};
/** The text of the HTML, tags dropped and quotes unescaped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ');
const n = formatCount;

const file = new File(['name,email\n'], 'contacts.csv', { type: 'text/csv' });
const idle: ContactsImportState = {
  file: null,
  preview: null,
  run: null,
  lost: false,
  pending: null,
  error: null,
  progressError: null,
};
const noImports: Resource<RecentImportsData> = { status: 'ready', data: { imports: [], users: [] } };

const view = (state: Partial<ContactsImportState>, recent = noImports) =>
  render(
    <ImportContactsView
      base="imp"
      state={{ ...idle, ...state }}
      recent={recent}
      onChoose={noop}
      onImport={noop}
      onRetryRecent={noop}
    />,
  );

/** The live region's text. */
const statusOf = (html: string) => /<span class="config-status[^"]*" role="status">([^<]*)<\/span>/.exec(html)?.[1];

describe('choosing a file to import', () => {
  it('explains the columns and offers a labelled CSV file picker', () => {
    const html = view({});
    expect(html).toContain('<h3 id="imp-title">Import contacts</h3>');
    const text = textOf(html);
    for (const column of ['name', 'email', 'phone', 'attributes.&lt;key&gt;', 'identity.&lt;channel&gt;', ' id ']) {
      expect(text).toContain(column);
    }
    expect(text).toContain('An empty cell changes nothing.');
    expect(text).toMatch(/with its id, else the one with its email, else its phone, else one of its addresses/);
    expect(html).toContain('<label for="imp-file">CSV file</label>');
    expect(html).toMatch(/<input id="imp-file" type="file" accept=".csv,text\/csv" aria-describedby="imp-file-hint"\/>/);
  });

  it('keeps an empty live region until something happens, then says what', () => {
    expect(statusOf(view({}))).toBe('');
    expect(statusOf(view({ file, pending: 'Checking contacts.csv…' }))).toBe('Checking contacts.csv…');
    expect(statusOf(view({ file, preview }))).toBe(`Preview ready: ${previewSummary(preview)}`);
  });

  it('shows a file the server cannot read in an alert', () => {
    const html = view({ file, error: 'The file cannot be imported: line 4: a quote is never closed' });
    expect(html).toContain('<p class="form-error" role="alert">The file cannot be imported: line 4: a quote is never closed</p>');
    expect(html).not.toContain('Import 1');
  });

  it('lets no other file be chosen while the import starts or runs', () => {
    const picker = (html: string) => /<input id="imp-file"[^>]*\/>/.exec(html)?.[0] ?? '';
    expect(picker(view({ file, preview }))).not.toContain('disabled');
    expect(picker(view({ file, preview, pending: 'Starting the import…' }))).toContain('disabled=""');
    expect(picker(view({ file, preview, run: running }))).toContain('disabled=""');
    expect(picker(view({ file, preview, run: done }))).not.toContain('disabled');
    expect(picker(view({ file, preview, run: running, lost: true }))).not.toContain('disabled');
  });
});

describe('the preview', () => {
  const html = render(<ImportPreviewView preview={preview} fileName="contacts.csv" starting={false} onImport={noop} />);
  const text = textOf(html);

  it('counts the rows to create, update, leave and skip', () => {
    expect(html).toContain('<h4>What importing contacts.csv would do</h4>');
    expect(html).toContain(`<dt>Rows</dt><dd>${n(1200)}</dd>`);
    expect(html).toContain(`<dt>To create</dt><dd>${n(1000)}</dd>`);
    expect(html).toContain('<dt>To update</dt><dd>150</dd>');
    expect(html).toContain('<dt>Unchanged</dt><dd>40</dd>');
    expect(html).toContain('<dt>With errors</dt><dd>10</dd>');
  });

  it('maps each header to what it becomes, in a table with headers', () => {
    expect(html).toContain('<caption class="visually-hidden">How the columns of contacts.csv are read</caption>');
    expect(html).toContain('<th scope="col">Column</th><th scope="col">Becomes</th>');
    expect(html).toContain('<tr><th scope="row"><code>Name</code></th><td>Name</td></tr>');
    expect(html).toContain('<tr><th scope="row"><code>plan</code></th><td>Attribute “plan”</td></tr>');
    expect(html).toContain('<tr><th scope="row"><code>identity.ch_123</code></th><td>Address on Support SMS (ch_123)</td></tr>');
  });

  it('shows the sample rows with what happens to each', () => {
    expect(html).toMatch(/<th scope="col">Line<\/th><th scope="col">Action<\/th><th scope="col">Name<\/th>/);
    expect(text).toContain('2 Create Ada Lovelace ada@example.com +447911123456');
    expect(text).toContain('3 Update Grace Hopper grace@example.com Changes name, attributes.plan ct_01GRACE');
    expect(html).toContain('<tr class="cfg-import-row-error"><th scope="row">9</th><td>Error</td>');
  });

  it('lists the rows with errors by line, in a region the keyboard can scroll', () => {
    const list = /<h4 id="([^"]+)">Rows with errors<\/h4><div class="cfg-import-errors" role="region" aria-labelledby="([^"]+)" tabindex="0">/.exec(html);
    expect(list?.[1]).toBe(list?.[2]);
    expect(text).toContain('Line 9: email "ada@" is not an address');
  });

  it('offers to import the contacts it creates or changes', () => {
    const button = /<button class="button button-primary" type="button" aria-describedby="([^"]+)">([^<]+)<\/button>/.exec(html);
    expect(button?.[2]).toBe(`Import ${n(1150)} contacts`);
    expect(html).toContain(`<p class="field-hint" id="${button?.[1]}">`);
    expect(text).toContain('Importing the same file again is safe.');
    const starting = render(<ImportPreviewView preview={preview} fileName="contacts.csv" starting onImport={noop} />);
    expect(/<button class="button button-primary"[^>]*>/.exec(starting)?.[0]).toContain('disabled=""');
  });

  it('offers nothing when nothing would change', () => {
    const nothing = render(
      <ImportPreviewView
        preview={{ ...preview, create: 0, update: 0, unchanged: 1190, sample: [] }}
        fileName="contacts.csv"
        starting={false}
        onImport={noop}
      />,
    );
    expect(nothing).not.toContain('button-primary');
    expect(textOf(nothing)).toContain('Nothing to import: every row is unchanged or has an error.');
    expect(nothing).not.toContain('First rows that change something');
  });
});

describe('a running import', () => {
  it('shows a labelled progress bar of the rows processed, the counts and the errors so far', () => {
    const html = render(<ImportProgressView run={running} fileName="contacts.csv" titleId="run" />);
    expect(html).toContain('<h4 id="run" tabindex="-1">Importing contacts.csv</h4>');
    const bar = /<label for="([^"]+)">Rows processed<\/label><progress id="([^"]+)" value="400" max="1200" aria-describedby="([^"]+)">33%<\/progress><span id="([^"]+)">([^<]+)<\/span>/.exec(
      html,
    );
    expect(bar?.[1]).toBe(bar?.[2]);
    expect(bar?.[3]).toBe(bar?.[4]);
    expect(bar?.[5]).toBe(`400 of ${n(1200)} rows (33%)`);
    expect(html).toContain('<dt>Created</dt><dd>350</dd>');
    expect(textOf(html)).toContain('Line 9: email "ada@" is not an address');
  });

  it('announces the start, and the summary once done', () => {
    expect(statusOf(view({ file, preview, run: running }))).toBe(`Importing ${n(1200)} rows…`);
    const finished = view({ file, preview, run: done });
    expect(statusOf(finished)).toBe(importSummary(done));
    expect(finished).toContain('<span class="config-status cfg-import-status-ok" role="status">');
    expect(finished).toContain('<h4 id="imp-run" tabindex="-1">Imported contacts.csv</h4>');
    expect(finished).toMatch(/<progress id="[^"]+" value="1200" max="1200"/);
  });

  it('says why an import stopped, and that the server forgot one it no longer knows', () => {
    const stopped: ContactImport = { ...running, state: 'failed', failure: 'the database is read-only' };
    const html = view({ file, preview, run: stopped });
    expect(statusOf(html)).toContain('stopped after 400');
    expect(html).toContain('cfg-import-status-failed');
    expect(html).toContain('Import of contacts.csv stopped');
    const lost = view({ file, preview, run: running, lost: true, progressError: 'The server no longer knows this import.' });
    expect(lost).toContain('<p class="form-error" role="alert">The server no longer knows this import.</p>');
  });
});

describe('recent imports', () => {
  const admin: User = {
    id: 'usr_01ADMIN',
    tenantId: 'ten_1',
    email: 'ada@example.com',
    displayName: 'Ada',
    role: 'admin',
    status: 'active',
    deactivatedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('lists them newest first in a table, naming who started each', () => {
    const html = render(<RecentImportsTable data={{ imports: [running, { ...done, id: 'imp_00', by: 'usr_GONE' }], users: [admin] }} titleId="t" />);
    expect(html).toContain('<caption class="visually-hidden">Recent imports, newest first</caption>');
    expect(html).toContain('<th scope="col">Started</th><th scope="col">By</th><th scope="col">State</th>');
    const text = textOf(html);
    expect(text).toContain(`${formatDateTime(running.startedAt)} Ada Running: 400 of ${n(1200)} rows (33%) ${n(1200)} 350 40 10 1`);
    expect(text).toContain('usr_GONE Finished');
  });

  it('shows the followed import’s latest progress in its row', () => {
    const listed: Resource<RecentImportsData> = { status: 'ready', data: { imports: [{ ...running, processed: 0 }], users: null } };
    expect(textOf(view({ file, preview, run: running }, listed))).toContain(`Running: 400 of ${n(1200)} rows (33%)`);
  });

  it('says when there are none', () => {
    expect(render(<RecentImportsTable data={{ imports: [], users: null }} titleId="t" />)).toContain(
      'No imports since this server started.',
    );
  });
});

describe('the downloads', () => {
  it('downloads every contact with a plain link', () => {
    const html = render(<ExportContactsSection />);
    expect(html).toMatch(/<a class="button" href="\/api\/v1\/contacts\/export" download="" aria-describedby="[^"]+">Download contacts \(CSV\)<\/a>/);
  });

  it('downloads the usage records of the days chosen, the last one included', () => {
    const html = render(<UsageExportForm days={{ from: '2026-12-01', until: '2026-12-07' }} onEdit={noop} />);
    expect(html).toMatch(/<label for="([^"]+)">First day<\/label><input id="\1" type="date" required="" value="2026-12-01"\/>/);
    expect(html).toMatch(/<label for="([^"]+)">Last day<\/label><input id="\1" type="date" required="" aria-describedby="\1-hint" value="2026-12-07"\/>/);
    expect(html).toContain(
      'href="/api/v1/usage/messages?from=2026-12-01T00%3A00%3A00Z&amp;until=2026-12-08T00%3A00%3A00Z&amp;format=csv" download=""',
    );
  });

  it('offers no download for a last day before the first, and says why next to it', () => {
    const html = render(<UsageExportForm days={{ from: '2026-12-08', until: '2026-12-07' }} onEdit={noop} />);
    expect(html).not.toContain('/api/v1/usage/messages');
    expect(html).toContain('<button class="button" type="button" disabled="">Download CSV</button>');
    const until = /<input id="([^"]+)" type="date" required="" aria-invalid="true" aria-describedby="\1-hint \1-error"/.exec(html);
    expect(until).not.toBeNull();
    expect(html).toContain(`<p class="cfg-field-error" id="${until?.[1]}-error">The last day must not be before the first day.</p>`);
  });
});

describe('an import through the API', () => {
  let calls: FetchCall[] = [];
  let looks = 0;

  beforeEach(() => {
    looks = 0;
    ({ calls } = fakeFetch({
      csrf: 'tok1',
      answer: ({ url }) => {
        if (url === '/api/v1/contacts/import?dryRun=true') {
          return { status: 200, body: { preview } };
        }
        if (url === '/api/v1/contacts/import') {
          return { status: 202, body: { import: { ...running, processed: 0 } } };
        }
        looks += 1;
        return { status: 200, body: { import: looks < 3 ? { ...running, processed: looks * 400 } : done } };
      },
    }));
  });

  it('previews, starts, and follows the import until it is done', async () => {
    expect(await previewContactsImport(file)).toEqual(preview);
    const started = await startContactsImport(file);
    const seen: number[] = [];
    const end = await watchImport(started.id, {
      load: getContactsImport,
      wait: async () => {},
      isStopped: () => false,
      onUpdate: (run) => seen.push(run.processed),
      onProblem: (message) => {
        throw new Error(`unexpected problem: ${message}`);
      },
    });
    expect(end).toBe('finished');
    expect(seen).toEqual([400, 800, 1200]);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /api/v1/contacts/import?dryRun=true',
      'POST /api/v1/contacts/import',
      'GET /api/v1/contacts/imports/imp_01',
      'GET /api/v1/contacts/imports/imp_01',
      'GET /api/v1/contacts/imports/imp_01',
    ]);
  });
});

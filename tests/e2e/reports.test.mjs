// Reports (W6) in headless Chromium against the real server: an integrator posts five conversations through the API
// channel; an agent and a supervisor each answer and close some, one is closed unanswered, one still waits. The
// supervisor opens Reports (fetched only then: the first load of the app carries neither the page nor uPlot) and
// reads the figures, the charts and the table by day, agent, channel and hour; downloads the CSV; tries a period too
// long for hours, and a quiet one; opens a bookmarked report. The route itself is tested in
// tests/integration/reports.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const bob = { email: 'bob@example.test', password: 'bobs real password', role: 'agent', displayName: 'Bob Agent' };
const sue = { email: 'sue@example.test', password: 'sues real password', role: 'supervisor', displayName: 'Sue Lead' };
/** Who answers and closes each customer's conversation: "closed" is closed unanswered, "waiting" is left queued. */
const CUSTOMERS = [
  { identity: 'cust-ada', name: 'Ada', outcome: 'bob' },
  { identity: 'cust-ben', name: 'Ben', outcome: 'bob' },
  { identity: 'cust-cy', name: 'Cy', outcome: 'sue' },
  { identity: 'cust-dee', name: 'Dee', outcome: 'closed' },
  { identity: 'cust-eve', name: 'Eve', outcome: 'waiting' },
];
/** The chunks only the reports page needs: the page, and its charts with uPlot. */
const REPORT_CHUNKS = /\/assets\/(ReportsPage|ReportCharts)-[^/]*\.js$/;
/** uPlot's root class name as a string literal, which only uPlot's code holds: no script of the first load may. */
const UPLOT_MARK = '"uplot"';

let server;
let browser;
const people = {};

/** Calls the API from a signed-in page, as the UI does (session cookie, CSRF header). */
function apiFromPage(page, method, path, body) {
  return page.evaluate(
    async ({ method: verb, path: target, body: payload }) => {
      const csrf = document.cookie
        .split(';')
        .map((part) => part.trim().split('='))
        .find(([name]) => name === 'parley_csrf')?.[1];
      const response = await fetch(target, {
        method: verb,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify(payload ?? {}),
      });
      return { status: response.status, text: await response.text() };
    },
    { method, path, body },
  );
}

async function asIntegrator(method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function conversationOf(identity) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const listed = await asIntegrator('GET', `/api/v1/conversations?identity=${identity}&channel=api`);
    if (listed.items?.[0]) {
      return listed.items[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${identity}'s conversation was not stored`);
}

/** Picks, answers and closes the conversation as the person signed in on `page`. */
async function answerAndClose(page, conversationId) {
  const base = `/api/v1/conversations/${conversationId}`;
  for (const [path, body] of [
    [`${base}/pick`, {}],
    [`${base}/messages`, { text: 'Happy to help' }],
    [`${base}/close`, {}],
  ]) {
    const answer = await apiFromPage(page, 'POST', path, body);
    assert.ok(answer.status >= 200 && answer.status < 300, `${path}: ${answer.status} ${answer.text}`);
  }
}

/** The table's row named `name` as its cells' text: [name, received, handled, abandoned, missed offers, …]. */
async function tableRow(page, name) {
  const row = page.locator('.rp-table tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await row.waitFor();
  return row.locator('th, td').allInnerTexts();
}

/** Whether the chart in `figure` has drawn something: any pixel of its canvas that is not blank. */
function canvasIsDrawn(page, figure) {
  return page.locator(`figure[data-testid="${figure}"] canvas`).evaluate((canvas) => {
    const { width, height } = canvas;
    if (width === 0 || height === 0) {
      return false;
    }
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    for (let index = 3; index < pixels.length; index += 4) {
      if (pixels[index] !== 0) {
        return true;
      }
    }
    return false;
  });
}

async function chooseGrouping(page, grouping, heading) {
  await page.getByLabel('Group by').selectOption(grouping);
  await page.waitForURL(new RegExp(`groupBy=${grouping}`));
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
}

before(async () => {
  server = await startServer({ extraUsers: [bob, sue], apiToken: true });
  browser = await launchBrowser();
  for (const customer of CUSTOMERS) {
    await asIntegrator('POST', '/api/v1/channels/api/messages', {
      contact: { identity: customer.identity, name: customer.name },
      text: `Hello, this is ${customer.name}`,
    });
  }
  people.bob = await openPage(browser);
  await signIn(people.bob.page, server.url, bob);
  people.sue = await openPage(browser);
  for (const customer of CUSTOMERS) {
    const conversation = await conversationOf(customer.identity);
    if (customer.outcome === 'bob') {
      await answerAndClose(people.bob.page, conversation.id);
    } else if (customer.outcome === 'closed') {
      await asIntegrator('POST', `/api/v1/conversations/${conversation.id}/close`, {});
    }
    customer.conversationId = conversation.id;
  }
});

after(async () => {
  const problems = Object.values(people).flatMap((person) => person.problems);
  await browser?.close();
  const stopped = await server?.stop();
  assert.deepEqual(problems, [], 'no page errors, CSP violations or console errors');
  if (stopped) {
    const { code, signal, stderr } = stopped;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

test('the first load carries neither the reports page nor uPlot; opening Reports fetches them', async () => {
  const { page } = people.sue;
  const scripts = [];
  page.on('response', (answer) => {
    if (answer.request().resourceType() === 'script') {
      scripts.push({ url: answer.url(), text: answer.text().catch(() => '') });
    }
  });
  await signIn(page, server.url, sue);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.waitForLoadState('networkidle');
  // The supervisor answers one conversation from the workspace they just opened.
  await answerAndClose(page, CUSTOMERS.find((customer) => customer.outcome === 'sue').conversationId);

  const firstLoad = [...scripts];
  assert.ok(firstLoad.length > 0, 'no script was loaded');
  assert.deepEqual(firstLoad.map((script) => script.url).filter((url) => REPORT_CHUNKS.test(url)), []);
  for (const script of firstLoad) {
    assert.ok(!(await script.text).includes(UPLOT_MARK), `${script.url} holds uPlot`);
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await page.locator('figure[data-testid="volume-chart"] canvas').waitFor();
  const later = scripts.slice(firstLoad.length);
  const charts = later.find((script) => /\/ReportCharts-[^/]*\.js$/.test(script.url));
  assert.ok(charts, `the charts' chunk was not fetched: ${later.map((script) => script.url).join(', ')}`);
  assert.ok((await charts.text).includes(UPLOT_MARK), 'uPlot is not in the charts’ chunk');
});

test('the last 7 days by day: figures, charts and a table with its total', async () => {
  const { page } = people.sue;
  await page.getByTestId('tile-received').filter({ hasText: '5' }).waitFor();
  assert.equal(await page.getByTestId('tile-handled').innerText(), '3');
  assert.equal(await page.getByTestId('tile-abandoned').innerText(), '1');
  assert.equal(await page.getByTestId('tile-missed').innerText(), '0');
  await page.getByText('75 % of closed').waitFor();
  await page.getByText('25 % of closed').waitFor();
  assert.match(await page.getByTestId('tile-first-response').innerText(), /^(< 1 s|\d+ s)$/);
  assert.match(await page.getByTestId('tile-waiting').innerText(), /^(< 1 s|\d+ s)$/);

  assert.equal(await page.locator('.rp-table tbody tr').count(), 7);
  assert.deepEqual((await tableRow(page, 'Total')).slice(0, 5), ['Total', '5', '3', '1', '0']);
  assert.equal(await page.getByLabel('Period').inputValue(), '7d');
  assert.equal(await page.getByLabel('Group by').inputValue(), 'day');
  assert.ok(await canvasIsDrawn(page, 'volume-chart'), 'the volume chart drew nothing');
  assert.ok(await canvasIsDrawn(page, 'timing-chart'), 'the timing chart drew nothing');
  await expectAccessible(page, 'Reports by day');
});

test('by agent and by channel: bars per group, and the same figures as CSV', async () => {
  const { page } = people.sue;
  await chooseGrouping(page, 'agent', 'By agent');
  assert.deepEqual((await tableRow(page, 'Bob Agent')).slice(0, 5), ['Bob Agent', '0', '2', '0', '0']);
  assert.deepEqual((await tableRow(page, 'Sue Lead')).slice(0, 5), ['Sue Lead', '0', '1', '0', '0']);
  assert.deepEqual((await tableRow(page, 'Nobody')).slice(0, 5), ['Nobody', '5', '0', '1', '0']);
  assert.ok(await canvasIsDrawn(page, 'volume-chart'), 'the agents’ bars were not drawn');
  await expectAccessible(page, 'Reports by agent');
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, 'reports.png');

  await chooseGrouping(page, 'channel', 'By channel');
  assert.deepEqual((await tableRow(page, 'API')).slice(0, 5), ['API', '5', '3', '1', '0']);
  assert.ok(await canvasIsDrawn(page, 'volume-chart'), 'the channels’ bars were not drawn');

  const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/reports\/conversations\?.*groupBy=channel.*&format=csv$/);
  // With the page's cookies, as the browser downloads it.
  const csv = await page.evaluate(async (target) => {
    const response = await fetch(target, { credentials: 'same-origin' });
    return { status: response.status, disposition: response.headers.get('content-disposition'), text: await response.text() };
  }, href);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.disposition, /attachment; filename="parley-report-channel\.csv"/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0].split(',').slice(0, 6).join(','), 'channel,label,received,handled,abandoned,missed offers');
  assert.equal(lines.at(-1).split(',').slice(0, 5).join(','), 'total,Total,5,3,1');
});

test('today by hour has a row per hour; hours are refused for a period over 31 days', async () => {
  const { page } = people.sue;
  await page.getByLabel('Period').selectOption('today');
  await chooseGrouping(page, 'hour', 'By hour');
  assert.equal(await page.locator('.rp-table tbody tr').count(), 24);
  assert.deepEqual((await tableRow(page, 'Total')).slice(0, 5), ['Total', '5', '3', '1', '0']);
  assert.ok(await canvasIsDrawn(page, 'volume-chart'), 'the hourly chart drew nothing');

  await page.getByLabel('Period').selectOption('custom');
  const today = await page.getByLabel('To').inputValue();
  const longAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(longAgo);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(new RegExp(`period=custom&from=${longAgo}&to=${today}`));
  assert.equal(await page.getByLabel('Group by').inputValue(), 'day');
  assert.equal(await page.locator('#rp-control-group option[value="hour"]').isDisabled(), true);
  await page.getByText('Grouping by hour needs a period of 31 days or less.').waitFor();
  await page.getByRole('heading', { name: 'By day', exact: true }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('.rp-table tbody tr').count(), 41);
  // That many rows scroll in a box of their own, which the keyboard reaches.
  assert.equal(await page.getByRole('region', { name: 'Table by day' }).getAttribute('tabindex'), '0');
  await expectAccessible(page, 'Reports, 41 days by day');

  await page.getByLabel('From').fill(today);
  await page.getByLabel('To').fill(longAgo);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('The last day is before the first.').waitFor();
  assert.equal(await page.getByLabel('To').getAttribute('aria-invalid'), 'true');
});

test('a quiet period says so; a bookmarked report opens as it was saved', async () => {
  const { page } = people.sue;
  await page.goto(`${server.url}/reports?period=custom&from=2021-03-01&to=2021-03-07&groupBy=category`);
  await page.getByText('No conversations in this period').waitFor();
  assert.equal(await page.getByLabel('Group by').inputValue(), 'category');
  assert.equal(await page.getByLabel('From').inputValue(), '2021-03-01');
  await expectAccessible(page, 'Reports, a quiet period');

  await page.goto(`${server.url}/reports?groupBy=agent&period=30d`);
  await page.getByRole('heading', { name: 'By agent', exact: true }).waitFor();
  assert.equal(await page.getByLabel('Period').inputValue(), '30d');
  assert.match(page.url(), /\/reports\?period=30d&groupBy=agent$/);
  await page.getByTestId('tile-received').filter({ hasText: '5' }).waitFor();
});

test('agents do not see Reports', async () => {
  const { page } = people.bob;
  await page.goto(`${server.url}/reports`);
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count(), 0);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
});

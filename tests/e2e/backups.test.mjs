// The server's backups in the Configurator, in headless Chromium against the real server: an admin sees that there
// is no backup yet, backs up now, and sees the new backup's time and size once it is made. On a server whose backup
// directory cannot be created (its path runs through a regular file), backing up fails: the tab shows the failure
// in an alert and /readyz reports it, without the error. The tab is checked with axe-core both ways; screenshots go
// to docs/screenshots (or PARLEY_SCREENSHOT_DIR): configurator-backups.png, configurator-backups-failed.png.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { fetchFromPage, launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const TAB = '/configurator/backups';

let browser;
const servers = [];
/** Holds the regular file the broken server's backup directory runs through. */
let scratch;

before(async () => {
  browser = await launchBrowser();
  scratch = await mkdtemp(join(tmpdir(), 'parley-e2e-backups-'));
});

after(async () => {
  await browser?.close();
  for (const server of servers) {
    const { code, signal, forced, stderr } = await server.stop();
    assert.equal(forced, undefined, `server ignored SIGTERM; stderr:\n${stderr}`);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
  if (scratch) {
    await rm(scratch, { recursive: true, force: true });
  }
});

async function start(options) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

/** Runs `body` with a fresh page signed in on the Backups tab; fails if the page logged errors or CSP violations. */
async function withTab(server, body) {
  const { context, page, problems } = await openPage(browser);
  try {
    await signIn(page, server.url, server.user, TAB);
    await page.getByRole('heading', { name: 'Backups', level: 2 }).waitFor();
    await body(page);
    assert.deepEqual(problems, [], 'the page reported errors');
  } finally {
    await context.close();
  }
}

// Into docs/screenshots (or PARLEY_SCREENSHOT_DIR), named after the Configurator's tab.
function saveShot(page, name) {
  return saveScreenshot(page, `configurator-${name}`);
}

/**
 * Clicks "Back up now" and returns the server's answer to the POST: 202 with the status, which says `running`
 * unless the backup has ended already (one that fails at once can, before the answer is written).
 */
async function backUpNow(page) {
  const answered = page.waitForResponse(
    (answer) => new URL(answer.url()).pathname === '/api/v1/settings/backups' && answer.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Back up now' }).click();
  const answer = await answered;
  assert.equal(answer.status(), 202);
  return answer.json();
}

async function readyz(server) {
  const response = await fetch(`${server.url}/readyz`);
  assert.equal(response.status, 200, 'a failed backup does not take the node out of service');
  return response.json();
}

test('an admin sees no backup yet, backs up now and sees the backup’s time and size', async () => {
  const server = await start();
  await withTab(server, async (page) => {
    const tab = page.getByRole('link', { name: 'Backups' });
    assert.equal(await tab.getAttribute('aria-current'), 'page');
    const last = page.getByRole('region', { name: 'Last backup' });
    await last.getByText('No backup yet.').waitFor();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    await schedule.getByText('Every day at 03:00 UTC').waitFor();
    await schedule.getByText('Next backup').waitFor();
    await schedule.getByText(/^The newest 14 backups are kept; key-store backups: the newest 3\. /).waitFor();
    const restoring = page.getByRole('region', { name: 'Restoring' });
    await restoring.getByText('parley admin verify-backup FILE').waitFor();
    await restoring
      .getByText('parley admin restore --from FILE --data NEWDIR --master-key OLD_DATA/master.key')
      .waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'no failure to show');

    const started = await backUpNow(page);
    if (started.running) {
      // While it runs (until the next look, 2 s later): said in the live region, and the button waits.
      const live = page.getByRole('status').filter({ hasText: 'Backing up…' });
      await live.waitFor();
      // Read together, so that the backup cannot end between the two.
      const shown = await live.evaluate((element) => ({
        text: element.textContent,
        disabled: element.closest('.form-actions').querySelector('button').disabled,
      }));
      assert.ok(shown.text !== 'Backing up…' || shown.disabled, 'the button waits while the backup runs');
    }
    // It ends within a look or two (every 2 s); then the newest backup is shown.
    await page.getByRole('status').filter({ hasText: /^Backup made: \d+ (B|KB|MB)\.$/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Back up now' }).isDisabled(), false);
    await last.getByText('No backup yet.').waitFor({ state: 'detached' });
    const facts = await last.locator('dl').innerText();
    assert.match(facts, /^Made\n\d{1,2} \w{3} \d{4}, \d{2}:\d{2}\nSize\n\d+ (KB|MB)\nTook\n\d+ (ms|s)$/, facts);

    const { body } = await fetchFromPage(page, '/api/v1/settings/backups');
    assert.equal(body.running, false);
    assert.equal(body.lastFailure, null);
    assert.ok(body.lastSuccess.bytes > 0);
    const files = await readdir(join(server.dataDir, 'backups'));
    assert.equal(files.filter((name) => /^parley-data-.*\.pbk$/.test(name)).length, 1, files.join(', '));
    assert.equal(files.filter((name) => /^parley-keys-.*\.pbk$/.test(name)).length, 1, files.join(', '));
    assert.equal((await readyz(server)).backup.ok, true);

    await expectAccessible(page, 'Configurator: backups');
    await saveShot(page, 'backups.png');
  });
});

test('a backup that cannot be written shows as an alert, and /readyz reports it', async () => {
  // A directory cannot be made under a regular file, whoever runs the test (root included).
  const file = join(scratch, 'file');
  await writeFile(file, 'not a directory\n');
  const backupDir = join(file, 'backups');
  const server = await start({ serveArgs: ['--backup-dir', backupDir] });
  await withTab(server, async (page) => {
    await page.getByRole('region', { name: 'Last backup' }).getByText('No backup yet.').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'nothing failed yet');

    await backUpNow(page);
    const alert = page.getByRole('alert').filter({ hasText: /^The last backup failed at / });
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /^The last backup failed at \d{1,2} \w{3} \d{4}, \d{2}:\d{2}: cannot use backup directory /);
    assert.ok(text.includes(backupDir), text);
    await page.getByRole('status').filter({ hasText: 'The backup failed.' }).waitFor();
    await page.getByRole('region', { name: 'Last backup' }).getByText('No backup yet.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Back up now' }).isDisabled(), false, 'it can be tried again');

    const ready = await readyz(server);
    assert.equal(ready.status, 'ready');
    assert.equal(ready.backup.ok, false);
    assert.equal(ready.backup.lastSuccessAt, null);
    assert.match(ready.backup.lastFailureAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.ok(!JSON.stringify(ready).includes(backupDir), 'the public route does not give the error');

    await expectAccessible(page, 'Configurator: a failed backup');
    await saveShot(page, 'backups-failed.png');
  });
});

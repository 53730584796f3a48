// Browser tests of two-factor sign-in against the real server: enrolling in the profile and signing in with a code
// and with a recovery code; a tenant that requires it of agents (the enrolment is all they see until done); and an
// admin's reset of an agent's second factor.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { expectAccessible } from './axe.mjs';
import { fetchFromPage, launchBrowser, openPage, saveScreenshot, signIn, submitSignIn } from './browser.mjs';
import { startServer } from './server.mjs';

let server;
let browser;
const supervisor = { email: 'sue@example.test', password: 'sues long password', role: 'supervisor', displayName: 'Sue Super' };
const agent = { email: 'al@example.test', password: 'als long password', role: 'agent', displayName: 'Al Agent' };

before(async () => {
  server = await startServer({ extraUsers: [supervisor, agent] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { code, signal, forced, stderr } = await server.stop();
    assert.equal(forced, undefined, `server ignored SIGTERM; stderr:\n${stderr}`);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

/**
 * Runs `body` with a fresh page and fails if the page logged errors or CSP violations, apart from the browser's
 * note about the 422 a wrong first code gets (which enrol() sends on purpose).
 */
async function withPage(body) {
  const { context, page, problems } = await openPage(browser);
  try {
    await body(page, context);
    const unexpected = problems.filter((problem) => !/status of 422 \(Unprocessable Entity\)$/.test(problem));
    assert.deepEqual(unexpected, [], 'the page reported errors');
  } finally {
    await context.close();
  }
}

/** The code an authenticator app holding `uri` shows `steps` periods of 30 s from now. */
const codeFor = (uri, steps = 0) => OTPAuth.URI.parse(uri).generate({ timestamp: Date.now() + steps * 30_000 });

const enrolHeading = (page) => page.getByRole('heading', { name: 'Your organisation requires two-factor sign-in' });

/**
 * Starts an enrolment by clicking `startLabel`, checks the QR code and the key in text, and confirms with the
 * current code. Returns { uri, codes } (the recovery codes shown), leaving the codes view open.
 */
async function enrol(page, startLabel, screenshot) {
  const started = page.waitForResponse(
    (answer) => new URL(answer.url()).pathname === '/api/v1/me/two-factor' && answer.request().method() === 'POST',
  );
  await page.getByRole('button', { name: startLabel, exact: true }).click();
  const { secret, otpauthUri: uri } = await (await started).json();
  assert.match(uri, /^otpauth:\/\/totp\//);

  const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
  await qr.waitFor();
  assert.equal(await qr.evaluate((element) => element.tagName.toLowerCase()), 'svg');
  assert.ok((await qr.locator('path').getAttribute('d')).length > 100, 'the QR code is drawn');
  // The key in text, grouped in fours, is the same secret: the alternative to scanning.
  const shown = await page.locator('.tfa-key').innerText();
  assert.equal(shown.replace(/\s/g, ''), secret.replace(/=/g, ''));
  assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await expectAccessible(page, 'two-factor enrolment');
  if (screenshot) {
    await saveScreenshot(page, screenshot);
  }

  // A wrong code first: said so, and the field is there for the next try.
  const field = page.getByLabel('Code from the app');
  await field.fill(String((Number(codeFor(uri)) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'That code does not match' }).waitFor();

  await field.fill(codeFor(uri));
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) {
    assert.match(code, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  }
  assert.equal(await page.getByRole('button', { name: 'Continue' }).isDisabled(), true, 'not before they are saved');
  return { uri, codes };
}

/** Ticks "I have saved my recovery codes" and goes on. */
async function acknowledge(page) {
  await page.getByLabel('I have saved my recovery codes').check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** From the sign-in page: the password, then the code step. */
async function passwordStep(page, user) {
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await submitSignIn(page, user.email, user.password);
  await page.getByRole('button', { name: 'Verify' }).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

test('a user turns two-factor sign-in on in the profile and signs in with a code, then with a recovery code', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, supervisor);
    await page.getByRole('link', { name: 'Profile' }).click();
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByText('Off.').waitFor();

    const { uri, codes } = await enrol(page, 'Turn on', 'two-factor-enrol.png');
    await expectAccessible(page, 'the recovery codes');
    await saveScreenshot(page, 'two-factor-recovery-codes.png');
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download as .txt' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'parley-recovery-codes.txt');
    const file = await readFile(await download.path(), 'utf8');
    for (const code of codes) {
      assert.ok(file.includes(`\n${code}\n`), `the file holds ${code}`);
    }
    await acknowledge(page);
    await section.getByText(/^On since .+\. 10 recovery codes left\.$/).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Turn off' }).count(), 1, 'not required: may be turned off');
    await signOut(page);

    // The password alone is not enough: the code step, with its field focused.
    await passwordStep(page, supervisor);
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0);
    assert.equal((await fetchFromPage(page, '/api/v1/me')).status, 401, 'no session before the code');
    assert.deepEqual(
      await page.evaluate(() => [document.activeElement?.id, document.activeElement?.getAttribute('autocomplete'),
        document.activeElement?.getAttribute('inputmode')]),
      ['signin-code', 'one-time-code', 'numeric'],
    );
    await expectAccessible(page, 'the sign-in code step');
    await saveScreenshot(page, 'signin-code.png');
    // The confirming code's period is spent (a code is never taken twice): the app's next one.
    await page.getByLabel('Code', { exact: true }).fill(codeFor(uri, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    assert.equal((await fetchFromPage(page, '/api/v1/me')).status, 200);
    await signOut(page);

    // A recovery code instead.
    await passwordStep(page, supervisor);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    const recovery = page.getByLabel('Recovery code');
    await recovery.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-recovery-code');
    await expectAccessible(page, 'the sign-in recovery code step');
    await recovery.fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Profile' }).click();
    await section.getByText(/9 recovery codes left\.$/).waitFor();
    // New codes need a current code from the app: an old one is refused, and nothing changes.
    await section.getByRole('button', { name: 'New recovery codes' }).click();
    await section.getByRole('heading', { name: 'New recovery codes' }).waitFor();
    await section.getByLabel('Code from your authenticator app').fill(codeFor(uri, -10));
    await section.getByRole('button', { name: 'Create new codes' }).click();
    await section.getByRole('alert').filter({ hasText: 'That code is wrong or was used already.' }).waitFor();
    await expectAccessible(page, 'the profile asking for a code');
    await section.getByRole('button', { name: 'Cancel' }).click();
    await section.getByText(/9 recovery codes left\.$/).waitFor();
    await signOut(page);

    // That recovery code is spent.
    await passwordStep(page, supervisor);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'That recovery code is wrong or was used already.');
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0);
    assert.equal((await fetchFromPage(page, '/api/v1/me')).status, 401);

    // Back leads to the password step again, the email kept.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel('Password').waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), supervisor.email);
  });
});

test('when agents must use two-factor sign-in, an agent without it sees only the enrolment until done', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);
    await page.goto(`${server.url}/configurator/security`);
    const agents = page.getByRole('checkbox', { name: 'Agents' });
    await agents.waitFor();
    assert.equal(await agents.isChecked(), false);
    await agents.check();
    await page.getByText('are sent to set one up at their next request').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Security settings saved.' }).waitFor();
    await expectAccessible(page, 'Configurator: Security');
    await saveScreenshot(page, 'configurator-security.png');
    // Ticking admins would send this admin, who has no second factor, to enrol: the form says so before saving.
    await page.getByRole('checkbox', { name: 'Admins' }).check();
    await page.getByText('That includes you:').waitFor();
  });

  await withPage(async (page) => {
    const sockets = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await submitSignIn(page, agent.email, agent.password);
    await enrolHeading(page).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0, 'no shell navigation');
    assert.equal(await page.getByRole('link').count(), 0, 'no way elsewhere');
    await expectAccessible(page, 'the enrolment a tenant requires');
    await saveScreenshot(page, 'two-factor-required.png');

    // Wherever the agent goes, the enrolment is all there is; the server refuses the rest.
    for (const path of ['/conversations', '/workspace', '/account/profile']) {
      await page.goto(`${server.url}${path}`);
      await enrolHeading(page).waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0, `no shell navigation on ${path}`);
    }
    const refused = await fetchFromPage(page, '/api/v1/conversations');
    assert.equal(refused.status, 403);
    assert.equal(refused.body?.error?.code, 'two_factor_required');
    assert.deepEqual(sockets, [], 'no live socket while enrolment is due');

    await enrol(page, 'Set up two-factor sign-in', 'two-factor-required-enrol.png');
    await acknowledge(page);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/account/profile', 'where the agent last went');
    await page.getByRole('region', { name: 'Two-factor sign-in' }).getByText(/10 recovery codes left/).waitFor();
    await page.getByText('Your organisation requires two-factor sign-in for your role, so it cannot be turned off.')
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Turn off' }).count(), 0);
    await saveScreenshot(page, 'profile-two-factor.png');
    assert.equal((await fetchFromPage(page, '/api/v1/conversations')).status, 200);
  });
});

test('an admin resets an agent’s second factor, and the agent enrols again at the next sign-in', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);
    await page.goto(`${server.url}/configurator/users`);
    const row = page.getByRole('row', { name: /Al Agent/ });
    await row.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Reset two-factor sign-in' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the word is typed');
    await dialog.getByLabel(/Type reset to confirm/).fill('rese');
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByLabel(/Type reset to confirm/).fill('reset');
    await expectAccessible(page, 'Configurator: reset a user’s second factor');
    await saveScreenshot(page, 'configurator-reset-two-factor.png');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Two-factor sign-in of Al Agent was reset' }).waitFor();

    // Once more: there is nothing left to reset, and the page says so rather than failing.
    await row.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await dialog.getByLabel(/Type reset to confirm/).fill('reset');
    await dialog.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await page.getByRole('status').filter({ hasText: 'Al Agent has no second factor' }).waitFor();
  });

  await withPage(async (page) => {
    // The password alone signs in again, and the policy still applies: enrolment first.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await submitSignIn(page, agent.email, agent.password);
    await enrolHeading(page).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal((await fetchFromPage(page, '/api/v1/me')).status, 401);
  });
});

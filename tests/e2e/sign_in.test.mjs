// Browser tests of signing in and out, the signed-in shell and the account pages, against the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { fetchFromPage, launchBrowser, openPage, saveScreenshot, signIn, submitSignIn } from './browser.mjs';
import { startServer } from './server.mjs';

let server;
let browser;
// Only the throttling test signs in as this user, so locking it out does not disturb the others.
const throttledUser = { email: 'bob@example.test', password: 'bobs real password', role: 'agent' };
// Only the workspace choice test signs in as this person, who is in a second tenant too.
const carol = { email: 'carol@example.test', password: 'carols real password', role: 'supervisor', displayName: 'Carol' };

before(async () => {
  server = await startServer({ extraUsers: [throttledUser, carol] });
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

/** Runs `body` with a fresh page and fails if the page logged errors or CSP violations. */
async function withPage(body) {
  const { context, page, problems } = await openPage(browser);
  try {
    await body(page, context);
    assert.deepEqual(problems, [], 'the page reported errors');
  } finally {
    await context.close();
  }
}

/** Fails with the request and the server's answer when a browser request did not get the expected status. */
async function expectAnswer(answer, status) {
  if (answer.status() !== status) {
    const request = answer.request();
    assert.fail(`${request.method()} ${new URL(answer.url()).pathname} answered ${answer.status()} ` +
      `${await answer.text()}, expected ${status}`);
  }
}

const liveIndicator = (page) => page.getByRole('status').filter({ hasText: /Live|Connecting|Reconnecting|Offline/ });

test('the sign-in page is served under the strict CSP, labelled, with the email field focused', async () => {
  await withPage(async (page) => {
    const scripts = [];
    page.on('response', (answer) => {
      if (/\/assets\/[^/]+\.js$/.test(new URL(answer.url()).pathname)) {
        scripts.push(answer);
      }
    });
    const response = await page.goto(`${server.url}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    // The build writes a .gz beside each asset; the server sends it to a browser that accepts gzip.
    assert.ok(scripts.length > 0, 'no script was loaded');
    for (const script of scripts) {
      assert.equal(script.status(), 200);
      assert.equal((await script.allHeaders())['content-encoding'], 'gzip', script.url());
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'username');
    assert.equal(await page.getByLabel('Password').getAttribute('autocomplete'), 'current-password');
    await saveScreenshot(page, 'signin.png');
  });
});

test('signing in with the right password opens the shell and shows the email', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);

    assert.equal(new URL(page.url()).pathname, '/workspace');
    const header = page.getByRole('banner');
    assert.match(await header.innerText(), new RegExp(server.user.email.replace('.', '\\.')));
    assert.match(await header.innerText(), /Admin/);
    assert.match(await header.innerText(), /Ada Admin/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const label of ['Dashboard', 'Queue', 'Conversations', 'Wallboard', 'Configurator', 'Privacy', 'Sessions']) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    await liveIndicator(page).filter({ hasText: 'Live' }).waitFor();
    await saveScreenshot(page, 'shell.png');
  });
});

test('a person in two workspaces chooses one after the password, and lands in it', async () => {
  // The same person, with the same password, in a second tenant.
  const second = server.cli(['admin', 'create-tenant', '--name', 'Second Shop']);
  server.cli(
    ['admin', 'create-user', '--tenant', second, '--email', carol.email, '--role', 'agent',
      '--display-name', 'Carol at the second shop'],
    `${carol.password}\n`,
  );
  await withPage(async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await submitSignIn(page, carol.email, carol.password);
    await page.getByRole('heading', { name: 'Choose a workspace' }).waitFor();
    assert.deepEqual(await fetchFromPage(page, '/api/v1/me').then((me) => me.status), 401, 'no session yet');
    await page.getByRole('button', { name: 'E2E Tenant' }).waitFor();
    await expectAccessible(page, 'sign-in: choose a workspace');
    await saveScreenshot(page, 'signin-choose-workspace.png');

    await page.getByRole('button', { name: 'Back' }).click();
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'Back forgets the password');
    await submitSignIn(page, carol.email, carol.password);
    await page.getByRole('button', { name: 'Second Shop' }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    const header = page.getByRole('banner');
    assert.match(await header.innerText(), /Carol at the second shop/);
    assert.match(await header.innerText(), /Agent/);
    const me = await fetchFromPage(page, '/api/v1/me');
    assert.equal(me.body.user.tenantId, second);
  });
});

test('a person in four workspaces reaches the fourth through its sign-in link, which its admin copies', async () => {
  // Runs after the two-workspace test: Carol is in E2E Tenant and Second Shop, and now in two more.
  const third = server.cli(['admin', 'create-tenant', '--name', 'Third Shop']);
  const fourth = server.cli(['admin', 'create-tenant', '--name', 'Fourth Shop']);
  for (const tenant of [third, fourth]) {
    server.cli(['admin', 'create-user', '--tenant', tenant, '--email', carol.email, '--role', 'agent'], `${carol.password}\n`);
  }
  const dave = { email: 'dave@example.test', password: 'daves real password' };
  server.cli(['admin', 'create-user', '--tenant', fourth, '--email', dave.email, '--role', 'admin'], `${dave.password}\n`);
  let link;
  await withPage(async (page) => {
    await signIn(page, server.url, dave, '/configurator/workspace');
    const field = page.getByRole('textbox', { name: 'Sign-in link' });
    await field.waitFor();
    link = await field.inputValue();
    assert.equal(link, `${server.url}/sign-in?workspace=${fourth}`);
    await expectAccessible(page, 'Configurator: workspace with its sign-in link');
    await field.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'configurator-workspace-link.png');
  });
  await withPage(async (page) => {
    // Without the link, the chooser offers the three oldest and says where the others are.
    await page.goto(`${server.url}/`);
    await submitSignIn(page, carol.email, carol.password);
    await page.getByRole('heading', { name: 'Choose a workspace' }).waitFor();
    await page.getByText(/^Not listed\?/).waitFor();
    for (const name of ['E2E Tenant', 'Second Shop', 'Third Shop']) {
      await page.getByRole('button', { name }).waitFor();
    }
    assert.equal(await page.getByRole('button', { name: 'Fourth Shop' }).count(), 0);

    await page.goto(link);
    await page.getByText('This link signs you in to one workspace.').waitFor();
    await expectAccessible(page, 'sign-in through a workspace link');
    await saveScreenshot(page, 'signin-workspace-link.png');
    await submitSignIn(page, carol.email, carol.password);
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    const me = await fetchFromPage(page, '/api/v1/me');
    assert.equal(me.body.user.tenantId, fourth);
  });
});

test('a wrong password shows the error and stays on the sign-in page', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await submitSignIn(page, server.user.email, 'not the password at all');

    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Email or password is wrong.');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0);
    assert.equal(await page.getByLabel('Email').inputValue(), server.user.email);
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    assert.equal((await fetchFromPage(page, '/api/v1/me')).status, 401);
  });
});

test('after repeated wrong passwords the page says to try again later', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const alert = page.getByRole('alert');
    let text = '';
    // docs/api.md: after 5 failures for one account within 15 minutes the answer is 429 too_many_attempts.
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await submitSignIn(page, throttledUser.email, `wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await alert.waitFor();
      text = await alert.innerText();
    }

    assert.match(text, /^Too many sign-in attempts\. Please try again (in \d+ (seconds?|minutes?)|later)\.$/);
    // Even the right password is refused while throttled, and the page stays on sign-in.
    await submitSignIn(page, throttledUser.email, throttledUser.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    assert.match(await alert.innerText(), /^Too many sign-in attempts/);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
  });
});

test('signing out returns to sign-in and the session is over', async () => {
  await withPage(async (page, context) => {
    await signIn(page, server.url, server.user);
    const cookieHeader = (await context.cookies())
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    assert.equal(new URL(page.url()).pathname, '/sign-in');
    const me = await fetchFromPage(page, '/api/v1/me');
    assert.equal(me.status, 401);
    assert.equal(me.body?.error?.code, 'unauthenticated');
    // The old cookie, replayed from outside the browser, is refused too: the server revoked the session.
    const replay = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: cookieHeader } });
    assert.equal(replay.status, 401, 'GET /api/v1/me with the signed-out session cookie still succeeds');
  });
});

test('reloading after sign-in stays signed in on the same page', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();

    await page.reload();

    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/account/profile');
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  });
});

test('a deep link opened signed out leads there after signing in', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user, '/account/sessions');

    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/account/sessions');
  });
});

test('only the two documented cookies are set, and nothing is put in web storage', async () => {
  await withPage(async (page, context) => {
    await signIn(page, server.url, server.user);

    const cookies = Object.fromEntries((await context.cookies()).map((cookie) => [cookie.name, cookie]));
    assert.deepEqual(Object.keys(cookies).sort(), ['parley_csrf', 'parley_session']);
    assert.equal(cookies.parley_session.httpOnly, true);
    assert.equal(cookies.parley_session.sameSite, 'Strict');
    assert.equal(cookies.parley_csrf.httpOnly, false);
    assert.equal(cookies.parley_csrf.sameSite, 'Strict');
    assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  });
});

test('the cookies page is reachable from the sign-in page and lists exactly those cookies', async () => {
  await withPage(async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Cookies' }).click();
    await page.getByRole('heading', { name: 'Cookies' }).waitFor();

    const names = await page.locator('.cookie-table tbody th').allInnerTexts();
    assert.deepEqual(names, ['parley_session', 'parley_csrf']);
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});

test('changing the display name on the profile page updates the header', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);
    await page.getByRole('link', { name: 'Profile' }).click();

    await page.getByLabel('Display name').fill('Ada Lovelace');
    const patched = page.waitForResponse((answer) => answer.request().method() === 'PATCH');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectAnswer(await patched, 200);

    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('banner').getByText('Ada Lovelace').waitFor();
    const me = await fetchFromPage(page, '/api/v1/me');
    assert.equal(me.body.user.displayName, 'Ada Lovelace');

    await page.getByLabel('Display name').fill('Ada Admin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('banner').getByText('Ada Admin').waitFor();
  });
});

test('revoking another session from the sessions page signs that browser out', async () => {
  await withPage(async (first) => {
    await withPage(async (second) => {
      await signIn(second, server.url, server.user);
      await liveIndicator(second).filter({ hasText: 'Live' }).waitFor();
      await signIn(first, server.url, server.user, '/account/sessions');
      await first.getByRole('heading', { name: 'Sessions' }).waitFor();
      await first.getByText('This session').waitFor();
      // Earlier tests leave sessions of the same user behind: revoke every session but this one.
      const revokeButtons = first.getByRole('button', { name: /^Revoke session/ });
      await revokeButtons.first().waitFor();
      for (let left = await revokeButtons.count(); left > 0; left -= 1) {
        const deleted = first.waitForResponse((answer) => answer.request().method() === 'DELETE');
        await revokeButtons.first().click();
        await expectAnswer(await deleted, 204);
        await first.waitForFunction(
          (count) => document.querySelectorAll('button[aria-label^="Revoke session"]:not([disabled])').length === count,
          left - 1,
        );
      }

      // The second browser learns over the live socket (or on its next request) that its session ended.
      await second.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
      assert.equal((await fetchFromPage(second, '/api/v1/me')).status, 401);
    });
  });
});

test('an unknown path inside the app shows a not-found page, not a server error', async () => {
  await withPage(async (page) => {
    await signIn(page, server.url, server.user);
    await page.goto(`${server.url}/no/such/page`);

    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
  });
});

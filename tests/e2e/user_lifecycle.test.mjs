// A user's lifecycle in the Configurator, in headless Chromium against the real server: an admin deactivates an agent
// who is signed in elsewhere (their session ends at once, and the right password is refused with a reason), reactivates
// them (they sign in again), then deletes them with a typed confirmation (they leave the list, and their email can be
// invited again). A second admin can be deactivated; the admin's own row offers none of this, and the server keeps
// the last active admin. A skill is renamed in the Skills tab, a name taken refused in the dialog. The Users tab is
// checked with axe-core with each dialog open; screenshots go to docs/screenshots (or PARLEY_SCREENSHOT_DIR),
// prefixed configurator-: users-deactivate.png, users-deactivated.png, users-delete.png, skills-rename.png (a name taken), skills-renamed.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { fetchFromPage, launchBrowser, openPage, saveScreenshot, signIn, submitSignIn } from './browser.mjs';
import { startServer } from './server.mjs';

const USERS = '/configurator/users';
const SKILLS = '/configurator/skills';
const DEACTIVATED = 'This account is deactivated: ask an admin of your workspace.';

const al = { email: 'al@example.test', password: 'als long password', role: 'agent', displayName: 'Al Agent' };
const bea = { email: 'bea@example.test', password: 'beas long password', role: 'admin', displayName: 'Bea Admin' };

let server;
let browser;
/** The admin's page, on the Users tab, and the agent's, in a context of its own (own cookies). */
let admin;
let agent;
const pages = [];

before(async () => {
  server = await startServer({ extraUsers: [al, bea], apiToken: true });
  browser = await launchBrowser();
});

after(async () => {
  // The skill rename's 409 is expected; the browser notes it in the console.
  const problems = pages
    .flatMap((each) => each.problems)
    .filter((problem) => !/status of 409 \(Conflict\)$/.test(problem));
  await browser?.close();
  const stopped = await server?.stop();
  assert.deepEqual(problems, [], 'a page reported errors');
  if (stopped) {
    const { code, signal, forced, stderr } = stopped;
    assert.equal(forced, undefined, `server ignored SIGTERM; stderr:\n${stderr}`);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `server did not exit cleanly; stderr:\n${stderr}`);
  }
});

async function open() {
  const opened = await openPage(browser);
  pages.push(opened);
  return opened.page;
}

// Into docs/screenshots (or PARLEY_SCREENSHOT_DIR), named after the Configurator's tab.
function saveShot(page, name) {
  return saveScreenshot(page, `configurator-${name}`);
}

/** A sign-in with `user`'s password, from outside any browser: { status, code, message }. */
async function signInAnswer(user) {
  const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, code: body?.error?.code, message: body?.error?.message };
}

/** A call with the CLI's admin API token: { status, body }. */
async function callAsToken(method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const userRow = (name) => admin.getByRole('row', { name: new RegExp(name) });

/** Opens `action`'s confirmation from `name`'s row; returns the dialog. */
async function openDialog(name, action, role = 'alertdialog') {
  await userRow(name).getByRole('button', { name: action, exact: true }).click();
  const dialog = admin.getByRole(role);
  await dialog.waitFor();
  return dialog;
}

test('the admin deactivates an agent who is signed in: their session ends and their password is refused', async () => {
  admin = await open();
  await signIn(admin, server.url, server.user, USERS);
  await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
  agent = await open();
  await signIn(agent, server.url, al);
  assert.equal((await fetchFromPage(agent, '/api/v1/me')).status, 200);

  // The admin's own row offers no deactivating or deleting; the others do.
  const own = userRow('Ada Admin');
  await own.getByText('(you)').waitFor();
  assert.equal(await own.getByRole('button', { name: 'Deactivate' }).count(), 0);
  assert.equal(await own.getByRole('button', { name: 'Delete' }).count(), 0);
  assert.equal(await userRow('Al Agent').getByRole('button', { name: 'Deactivate' }).count(), 1);

  const dialog = await openDialog('Al Agent', 'Deactivate');
  assert.equal(await dialog.getByRole('heading').innerText(), 'Deactivate Al Agent');
  const text = await dialog.innerText();
  assert.match(text, /cannot sign in until an admin reactivates them, and is signed out everywhere now/);
  assert.match(text, /Their conversations go back to the queue/);
  assert.equal(await dialog.getByRole('textbox').count(), 0, 'reversible: no word to type');
  assert.equal(await admin.evaluate(() => document.activeElement?.textContent), 'Cancel', 'focus on Cancel');
  await expectAccessible(admin, 'Configurator: deactivate a user');
  await saveShot(admin, 'users-deactivate.png');
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('status').filter({ hasText: 'Al Agent was deactivated: they are signed out and cannot sign in.' })
    .waitFor();
  const row = userRow('Al Agent');
  await row.getByText('Deactivated', { exact: true }).waitFor();
  await row.getByText(/^Cannot sign in since /).waitFor();
  assert.equal(await row.getAttribute('class'), 'cfg-user-deactivated');
  await row.getByRole('button', { name: 'Reactivate' }).waitFor();
  assert.equal(await row.getByRole('button', { name: 'Deactivate' }).count(), 0);
  await expectAccessible(admin, 'Configurator: Users with a deactivated user');
  await saveShot(admin, 'users-deactivated.png');

  // Their session is over, the open page went back to sign-in, and the right password is refused with a reason.
  assert.equal((await fetchFromPage(agent, '/api/v1/me')).status, 401);
  await agent.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await signInAnswer(al), {
    status: 403,
    code: 'forbidden',
    message: 'this account is deactivated: ask an admin of your workspace',
  });
  await submitSignIn(agent, al.email, al.password);
  await agent.getByRole('alert').filter({ hasText: DEACTIVATED }).waitFor();
  assert.equal((await fetchFromPage(agent, '/api/v1/me')).status, 401);

  // After a reload the list still says so.
  await admin.reload();
  await userRow('Al Agent').getByText('Deactivated', { exact: true }).waitFor();
});

test('the admin reactivates the agent, who signs in again', async () => {
  const dialog = await openDialog('Al Agent', 'Reactivate');
  assert.match(await dialog.innerText(), /Al Agent can sign in again with their password/);
  await expectAccessible(admin, 'Configurator: reactivate a user');
  await dialog.getByRole('button', { name: 'Reactivate' }).click();
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('status').filter({ hasText: 'Al Agent was reactivated: they can sign in again.' }).waitFor();
  const row = userRow('Al Agent');
  await row.getByRole('button', { name: 'Deactivate' }).waitFor();
  assert.equal(await row.getByText('Deactivated', { exact: true }).count(), 0);

  await signIn(agent, server.url, al);
  assert.equal((await fetchFromPage(agent, '/api/v1/me')).status, 200);
});

test('the admin deletes the agent with the typed word: they leave the list, and their email can be invited again', async () => {
  const dialog = await openDialog('Al Agent', 'Delete', 'dialog');
  assert.equal(await dialog.getByRole('heading').innerText(), 'Delete Al Agent');
  const text = await dialog.innerText();
  assert.match(text, /email address, name, password and second factor are erased/);
  assert.match(text, /shown as written by “Deleted user”/);
  assert.match(text, /This cannot be undone\./);
  const confirm = dialog.getByRole('button', { name: 'Delete user' });
  const word = dialog.getByLabel(/Type delete to confirm/);
  assert.equal(await word.evaluate((element) => element === document.activeElement), true, 'focus in the field');
  assert.equal(await confirm.isDisabled(), true, 'disabled until the word is typed');
  await word.fill('delet');
  assert.equal(await confirm.isDisabled(), true);
  await word.fill('delete');
  assert.equal(await confirm.isDisabled(), false);
  await expectAccessible(admin, 'Configurator: delete a user');
  await saveShot(admin, 'users-delete.png');

  const answered = admin.waitForResponse(
    (answer) => new URL(answer.url()).pathname.startsWith('/api/v1/users/') && answer.request().method() === 'DELETE',
  );
  await confirm.click();
  const answer = await answered;
  assert.equal(answer.status(), 200);
  const deleted = (await answer.json()).user;
  assert.deepEqual([deleted.status, deleted.email, deleted.displayName], ['deleted', '', 'Deleted user']);
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('status').filter({ hasText: 'Al Agent was deleted.' }).waitFor();
  await userRow('Al Agent').waitFor({ state: 'detached' });
  assert.equal(
    await admin.evaluate(() => document.activeElement?.textContent),
    'Users',
    'focus on the heading once the row is gone',
  );
  await admin.reload();
  await userRow('Bea Admin').waitFor();
  assert.equal(await userRow('Al Agent').count(), 0, 'gone for good');
  assert.equal(await admin.getByRole('row', { name: /Deleted user/ }).count(), 0);

  // Their session ended; their email and password no longer sign anyone in.
  assert.equal((await fetchFromPage(agent, '/api/v1/me')).status, 401);
  assert.equal((await signInAnswer(al)).status, 401);

  // The address is free again: an invite for it is taken.
  await admin.getByLabel('Email').fill(al.email);
  await admin.getByRole('button', { name: 'Create invite' }).click();
  await admin.getByRole('status').filter({ hasText: `Invite for ${al.email} created.` }).waitFor();
});

test('a second admin can be deactivated, and the server keeps the last active admin', async () => {
  const dialog = await openDialog('Bea Admin', 'Deactivate');
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await dialog.waitFor({ state: 'detached' });
  await userRow('Bea Admin').getByText('Deactivated', { exact: true }).waitFor();
  assert.equal((await signInAnswer(bea)).status, 403);

  // Ada is the last active admin now: an integration's admin token cannot deactivate or delete her.
  const me = await fetchFromPage(admin, '/api/v1/me');
  const refused = await callAsToken('POST', `/users/${me.body.user.id}/deactivate`);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.message, 'the tenant would be left without an admin');
  assert.equal((await callAsToken('DELETE', `/users/${me.body.user.id}`, { confirm: 'delete' })).status, 409);
  assert.equal((await fetchFromPage(admin, '/api/v1/me')).status, 200);
});

test('the admin renames a skill; a name another skill has is refused in the dialog', async () => {
  await admin.goto(`${server.url}${SKILLS}`);
  await admin.getByRole('heading', { name: 'Skills', level: 2 }).waitFor();
  for (const name of ['Billing', 'Refunds']) {
    await admin.getByLabel('Skill name').fill(name);
    await admin.getByRole('button', { name: 'Add skill' }).click();
    await admin.getByRole('rowheader', { name, exact: true }).waitFor();
  }

  await admin.getByRole('row', { name: /^Billing/ }).getByRole('button', { name: 'Rename' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('heading').innerText(), 'Rename the skill “Billing”');
  const field = dialog.getByLabel('New name');
  assert.equal(await field.inputValue(), 'Billing');
  assert.equal(await field.evaluate((element) => element === document.activeElement), true, 'focus in the field');

  await field.fill('  ');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Enter a name for the skill.' }).waitFor();

  await field.fill('Refunds');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'a skill with that name exists' }).waitFor();
  await expectAccessible(admin, 'Configurator: rename a skill, the name taken');
  await saveShot(admin, 'skills-rename.png');

  await field.fill('Invoices');
  assert.equal(await dialog.getByRole('alert').count(), 0, 'the error goes once the name changes');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await dialog.waitFor({ state: 'detached' });
  await admin.getByRole('status').filter({ hasText: 'Skill “Billing” renamed to “Invoices”.' }).waitFor();
  await admin.getByRole('rowheader', { name: 'Invoices', exact: true }).waitFor();
  assert.equal(await admin.getByRole('rowheader', { name: 'Billing', exact: true }).count(), 0);
  await saveShot(admin, 'skills-renamed.png');
  await admin.reload();
  await admin.getByRole('rowheader', { name: 'Invoices', exact: true }).waitFor();
  assert.equal(await admin.getByRole('rowheader', { name: 'Billing', exact: true }).count(), 0);
});

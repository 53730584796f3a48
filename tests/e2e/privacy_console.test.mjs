// The privacy console in headless Chromium against the real server: an admin sets the tenant's phone region and
// rotates its contact keys behind a confirmation; a DPO finds a customer by the national form of the number an
// SMS-style sender wrote internationally, downloads
// everything held about them, and erases them behind a dialog that wants the word typed; the card then says erased
// and the customer can no longer be found, while another customer is untouched. Forty days later (the server under
// Debian's libfaketime) the admin sees retention's work in the audit log; then deletes the workspace by typing its
// name, and both the admin and the DPO are signed out. The routes themselves are tested in
// tests/integration/privacy_console.test.mjs, retention.test.mjs and tenant_deletion.test.mjs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { daysLater } from '../integration/faketime.mjs';
import { startServer } from './server.mjs';

const dpoUser = { email: 'dora@example.test', password: 'dora protects data', role: 'dpo', displayName: 'Dora DPO' };
const CUSTOMER = { identity: '447700900777', name: 'Wilhelmina Ångström-Okoye', text: 'my order number is PX-77-OSPREY' };
const OTHER = { identity: '447700900888', name: 'Theodore Untouched', text: 'leave my data alone' };

let server;
let browser;
let admin;
let dpo;
let otherConversation;

async function inbound(customer, messageId) {
  const response = await fetch(`${server.url}/api/v1/channels/api/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ contact: { identity: customer.identity, name: customer.name }, text: customer.text, messageId }),
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text);
}

before(async () => {
  server = await startServer({ extraUsers: [dpoUser], apiToken: true });
  await inbound(CUSTOMER, 'e2e-privacy-1');
  otherConversation = (await inbound(OTHER, 'e2e-privacy-2')).conversation.id;
  browser = await launchBrowser();
});

after(async () => {
  const problems = [admin, dpo].filter(Boolean).flatMap((person) => person.problems);
  await browser?.close();
  await server?.stop();
  assert.deepEqual(problems, [], 'no page errors, CSP violations or console errors');
});

test('an admin sets the phone region in the privacy settings', async () => {
  admin = await openPage(browser);
  const page = admin.page;
  await signIn(page, server.url, server.user, '/privacy/settings');
  await page.getByLabel('Phone region').fill('GB');
  await page.getByLabel('Anonymise after (days)').fill('30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: /saved/i }).first().waitFor();
  // The tenant's contact keys are rotated (confirmed first); the DPO's search and erasure below
  // then run on keys wrapped the new way.
  await page.getByRole('button', { name: 'Rotate contact keys' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Rotate contact keys?' });
  await expectAccessible(page, 'Privacy settings: rotating contact keys');
  await dialog.getByRole('button', { name: 'Rotate contact keys' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: /contact keys? re-wrapped under a new key/ }).waitFor();
  await expectAccessible(page, 'Privacy settings');
  await saveScreenshot(page, 'privacy-settings.png');
  const saved = await page.evaluate(async () => (await fetch('/api/v1/privacy/settings')).json());
  assert.equal(saved.settings.phoneRegion, 'GB');
  assert.equal(saved.settings.anonymiseAfterDays, 30);
});

test('a DPO finds the customer by a national phone number, downloads their data and erases them', async () => {
  dpo = await openPage(browser);
  const page = dpo.page;
  await signIn(page, server.url, dpoUser, '/privacy');
  await page.getByLabel('Search by').selectOption({ label: 'Phone' });
  await page.getByLabel('Phone number').fill('07700 900777');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = page.getByRole('list', { name: 'Customers found' });
  const cards = results.locator(':scope > li');
  await cards.filter({ hasText: CUSTOMER.name }).waitFor();
  assert.equal(await cards.count(), 1, 'only that customer');
  const card = cards.first();  // still this card once the name is erased
  await card.getByText(CUSTOMER.identity).waitFor();
  await expectAccessible(page, 'Privacy console: a customer found');
  await saveScreenshot(page, 'privacy-search.png');

  // The download is everything held about them.
  const downloading = page.waitForEvent('download');
  await card.getByRole('link', { name: 'Download data (JSON)' }).click();
  const download = await downloading;
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.subject.contact.name, CUSTOMER.name);
  assert.deepEqual(data.conversations.flatMap((c) => c.messages.map((m) => m.content.text)), [CUSTOMER.text]);

  // Erasing needs the word typed.
  await card.getByRole('button', { name: 'Erase…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const confirm = dialog.getByRole('button', { name: 'Erase customer' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the word is typed');
  await dialog.getByLabel(/Type erase to confirm/).fill('eras');
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel(/Type erase to confirm/).fill('erase');
  await expectAccessible(page, 'Privacy console: confirm an erasure');
  await saveScreenshot(page, 'privacy-erase-dialog.png');
  await confirm.click();
  await dialog.waitFor({ state: 'detached' });
  await card.getByText(/Erased/).first().waitFor();
  assert.equal(await card.getByRole('button', { name: 'Erase…' }).count(), 0, 'nothing left to erase');
  await saveScreenshot(page, 'privacy-erased.png');

  // Gone from every search; the other customer is untouched.
  await page.getByLabel('Search by').selectOption({ label: 'Name' });
  await page.getByLabel('Name', { exact: true }).fill('angstrom');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/No customer matches/).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('theodore');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const other = page.getByRole('list', { name: 'Customers found' }).locator(':scope > li').filter({ hasText: OTHER.name });
  await other.waitFor();
  await other.getByText('Messages').waitFor();
});

test('the DPO reads the erasure in the audit log, filtered by attribute', async () => {
  const page = dpo.page;
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Attribute').fill('erased');
  await page.getByRole('button', { name: 'Apply' }).click();
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  const row = table.getByRole('row').filter({ hasText: 'erased' });
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'one erasure');
  await row.getByText('Dora DPO').or(row.getByText(/usr_/)).first().waitFor();
  await expectAccessible(page, 'Privacy: the audit log');
  await saveScreenshot(page, 'privacy-audit.png');
});

// Expected page errors are dropped: sockets refused while the server restarted, or refused once their session
// ended (expired forty days on, or its workspace deleted). The browser may report them late, so this runs once the
// pages are live again.
function forgetExpectedRefusals() {
  for (const person of [admin, dpo]) {
    const unexpected = person.problems.filter(
      (problem) => !/WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED|status of 401/.test(problem));
    person.problems.splice(0, person.problems.length, ...unexpected);
  }
}

test('forty days on, the admin sees retention at work in the audit log', async () => {
  // The other customer's conversation closes today; the admin's setting anonymises after 30 days.
  const closed = await fetch(`${server.url}/api/v1/conversations/${otherConversation}/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(closed.status, 200, await closed.text());
  await server.restart({ env: daysLater(40) });

  const page = admin.page;
  await signIn(page, server.url, server.user, '/privacy/audit');
  await page.getByLabel('Attribute').fill('retention');
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  const row = table.getByRole('row').filter({ hasText: 'retention.anonymised' });
  // The sweeper looks at start-up; its entry may come a moment after the page.
  for (let attempt = 0; attempt < 50 && (attempt === 0 || (await row.count()) === 0); attempt += 1) {
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForTimeout(200);
  }
  await row.first().waitFor();
  await row.getByText('1 older than 30 days').waitFor();
  assert.equal(await table.getByRole('row').filter({ hasText: /erased|phoneRegion/ }).count(), 0, 'the filter applied');
  await saveScreenshot(page, 'privacy-retention.png');
  const messages = await page.evaluate(
    async (id) => (await fetch(`/api/v1/conversations/${id}/messages`)).json(),
    otherConversation,
  );
  assert.deepEqual(messages.items.map((message) => message.content.text), ['Anonymised by retention']);
  forgetExpectedRefusals();
});

test('an admin imports contacts from a CSV file: the preview, then the import, then the contact is there', async () => {
  const page = admin.page;
  await page.goto(`${server.url}/configurator/data`);
  const file = [
    'name,email,phone,plan',
    'Philippa Importwright,philippa@import.test,+44 7700 900555,gold',
    'Broken Row,philippa@,,',
  ].join('\r\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  const importButton = page.getByRole('button', { name: /^Import \d+ contacts?$/ });
  await importButton.waitFor();
  await page.getByText('email "philippa@" is not an address').first().waitFor();
  await expectAccessible(page, 'Configurator: a contacts import previewed');
  await saveScreenshot(page, 'configurator-import-preview.png');
  await importButton.click();
  await page.getByRole('status').filter({ hasText: /finished|done|imported/i }).first().waitFor();
  await saveScreenshot(page, 'configurator-import-done.png');
  const found = await page.evaluate(async () => (await fetch('/api/v1/contacts?email=philippa%40import.test')).json());
  assert.equal(found.items.length, 1);
  assert.equal(found.items[0].attributes.plan, 'gold');
  forgetExpectedRefusals();
});

test('an admin deletes the workspace by typing its name; everyone is signed out', async () => {
  await signIn(dpo.page, server.url, dpoUser, '/privacy');
  const page = admin.page;
  await page.goto(`${server.url}/configurator/workspace`);
  await page.getByRole('button', { name: 'Delete this workspace…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this workspace' });
  await dialog.waitFor();
  const remove = dialog.getByRole('button', { name: 'Delete workspace' });
  await dialog.getByLabel(/to confirm/).fill('E2E tenant');
  assert.ok(await remove.isDisabled(), 'the name must match exactly');
  await dialog.getByLabel(/to confirm/).fill('E2E Tenant');
  await expectAccessible(page, 'Configurator: deleting the workspace');
  await saveScreenshot(page, 'workspace-delete.png');
  await remove.click();

  await page.getByRole('status').filter({ hasText: /deleted/i }).first().waitFor();
  await page.getByLabel('Email').waitFor();
  // The DPO's page hears it on its live socket and signs out too.
  await dpo.page.getByText(/workspace was deleted/i).waitFor();
  await dpo.page.getByLabel('Email').waitFor();
  const me = await fetch(`${server.url}/api/v1/tenant`, { headers: { authorization: `Bearer ${server.token}` } });
  assert.equal(me.status, 401, 'its API token too');
  forgetExpectedRefusals();
});

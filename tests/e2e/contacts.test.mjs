// The contacts directory (W8) in headless Chromium against the real server: a supervisor browses the directory
// page by page, finds a contact by phone, opens the profile, corrects the name and an attribute (checked through
// the API, and in the audit log), then merges a second contact, which wrote through the API channel, into it: the
// dialog previews what moves and wants the word typed. The API shows the merge done, and a third contact untouched.
// An admin follows the profile's link to the contact's audit trail. The routes themselves are tested in
// tests/integration/contacts_directory.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from './axe.mjs';
import { launchBrowser, openPage, saveScreenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

const sue = { email: 'sue@example.test', password: 'sues real password', role: 'supervisor', displayName: 'Sue Lead' };
const KEPT = { name: 'Ada Lovelace', phone: '+44 20 7946 0001', attributes: { plan: 'gold', region: 'London' } };
const TWIN = { identity: 'ada-crm-17', name: 'Ada L.', email: 'ada.l@example.test', text: 'Is my order on its way?' };
const UNRELATED = { name: 'Charles Babbage', email: 'charles@example.test', phone: '+44 20 7946 0099', attributes: { plan: 'silver' } };
const OTHERS = [
  { name: 'Grace Hopper', email: 'grace@example.test' },
  { phone: '+44 7700 900123' },
  { name: 'Edsger Dijkstra', email: 'edsger@example.test', phone: '+31 20 555 0100' },
];
/** Enough for a second page: the directory asks for 50 at a time. */
const FILLERS = 50;
const FIRST_NAMES = ['Amara', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Idris', 'Jonas'];
const LAST_NAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Schmidt'];
/** A filler contact: a plausible name and address, each different. */
function filler(index) {
  const first = FIRST_NAMES[index % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length];
  const phone = index % 3 === 0 ? { phone: `+44 7700 900${200 + index}` } : {};
  return { name: `${first} ${last}`, email: `${first}.${last}@example.test`.toLowerCase(), ...phone };
}

let server;
let browser;
let supervisor;
let admin;
const ids = {};

async function api(method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const createContact = async (body) => (await api('POST', '/api/v1/contacts', body)).contact.id;
const profileOf = async (id) => (await api('GET', `/api/v1/contacts/${id}/profile`)).subject;

before(async () => {
  server = await startServer({ extraUsers: [sue], apiToken: true });
  // Oldest first: these open the directory, the fillers follow.
  ids.kept = await createContact(KEPT);
  const inbound = await api('POST', '/api/v1/channels/api/messages', {
    contact: { identity: TWIN.identity, name: TWIN.name },
    text: TWIN.text,
  });
  ids.twin = inbound.contactId;
  await api('PATCH', `/api/v1/contacts/${ids.twin}`, { email: TWIN.email });
  ids.unrelated = await createContact(UNRELATED);
  for (const other of OTHERS) {
    await createContact(other);
  }
  for (let index = 0; index < FILLERS; index += 1) {
    await createContact(filler(index));
  }
  browser = await launchBrowser();
});

after(async () => {
  const problems = [supervisor, admin].filter(Boolean).flatMap((person) => person.problems);
  await browser?.close();
  await server?.stop();
  assert.deepEqual(problems, [], 'no page errors, CSP violations or console errors');
});

test('a supervisor browses the directory, a page at a time', async () => {
  supervisor = await openPage(browser);
  const page = supervisor.page;
  await signIn(page, server.url, sue, '/workspace');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  const table = page.getByRole('table', { name: 'Contacts' });
  await page.getByRole('status').filter({ hasText: '50 contacts shown, oldest first; more follow.' }).waitFor();
  assert.equal(await table.getByRole('row').count(), 50 + 1, 'a page, and the header row');
  await expectAccessible(page, 'Contacts: the directory');
  await saveScreenshot(page, 'contacts.png');

  const firstPage = await table.locator('tbody th').allTextContents();
  await page.getByRole('button', { name: 'Load more contacts' }).click();
  await page.getByRole('status').filter({ hasText: `${FILLERS + 6} contacts, oldest first.` }).waitFor();
  assert.equal(await table.getByRole('row').count(), FILLERS + 6 + 1, 'every contact, and the header row');
  assert.equal(await page.getByRole('button', { name: 'Load more contacts' }).count(), 0, 'nothing more to load');
  await table.getByRole('link', { name: KEPT.name }).waitFor();
  // A contact without a name is listed as such; the one merged later is listed until then.
  await table.getByRole('link', { name: 'Unnamed' }).waitFor();
  await table.getByRole('link', { name: TWIN.name }).waitFor();
  // Focus went to the first contact of the new page.
  const focused = await page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex ?? -1);
  assert.equal(focused, firstPage.length + 1, 'the first row after the first page (row 0 is the header)');
});

test('the supervisor finds a contact by phone and corrects the name and an attribute, audited', async () => {
  const page = supervisor.page;
  await page.getByLabel('Search by').selectOption({ label: 'Phone' });
  await page.getByLabel('Phone number').fill('+44 20 7946 0001');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const found = page.getByRole('table', { name: 'Contacts found' });
  await page.getByRole('status').filter({ hasText: '1 customer matches the phone number' }).waitFor();
  assert.equal(await found.getByRole('row').count(), 2, 'one contact, and the header row');
  await found.getByRole('link', { name: KEPT.name }).click();

  await page.getByRole('heading', { level: 1, name: KEPT.name }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Audit trail' }).count(), 0, 'supervisors do not read the audit log');
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('form', { name: 'Details' });
  await details.getByLabel('Name', { exact: true }).fill('Ada King');
  await details.getByLabel('Attribute 1: name').waitFor();
  const planValue = details.getByLabel('Attribute 1: value');
  assert.equal(await planValue.inputValue(), 'gold');
  await planValue.fill('platinum');
  await details.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: name and 1 attribute.' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Ada King' }).waitFor();

  const saved = (await api('GET', `/api/v1/contacts/${ids.kept}`)).contact;
  assert.equal(saved.name, 'Ada King');
  assert.deepEqual(saved.attributes, { plan: 'platinum', region: 'London' });
  const audit = await api('GET', `/api/v1/audit/entries?entity=contact&entityId=${ids.kept}`);
  const change = (attribute) => audit.items.find((entry) => entry.attribute === attribute && entry.value !== null);
  assert.equal(change('name')?.value, 'Ada King', 'the name change is audited');
  assert.equal(change('attributes.plan')?.value, 'platinum', 'the attribute change is audited');
  assert.equal(change('name').actor.kind, 'user');
  assert.equal(audit.items.filter((entry) => entry.attribute === 'attributes.region').length, 1, 'only what changed');

  // Back to the directory: the search is still there, with the new name.
  await page.getByRole('link', { name: 'All contacts' }).click();
  await page.getByRole('table', { name: 'Contacts found' }).getByRole('link', { name: 'Ada King' }).waitFor();
  await page.getByRole('table', { name: 'Contacts found' }).getByRole('link', { name: 'Ada King' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ada King' }).waitFor();
});

test('the supervisor merges a second contact into it, after a preview and typing the word', async () => {
  const page = supervisor.page;
  const before = await profileOf(ids.unrelated);
  await page.getByRole('button', { name: 'Merge another contact into this one…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge another contact into this one' });
  await dialog.waitFor();
  await dialog.getByLabel('Search by').selectOption({ label: 'Channel id' });
  await dialog.getByLabel('Id on the channel').fill(TWIN.identity);
  await dialog.getByRole('button', { name: 'Search', exact: true }).click();
  await dialog.getByRole('list', { name: 'Contacts found' }).waitFor();
  await expectAccessible(page, 'Contacts: finding the contact to merge');
  await dialog.getByRole('button', { name: `Choose ${TWIN.name}` }).click();

  await dialog.getByRole('heading', { name: `Merge ${TWIN.name} into Ada King` }).waitFor();
  const moves = dialog.getByRole('list', { name: 'Moves to Ada King' });
  await moves.getByText(`id ${TWIN.identity}`).waitFor();
  await moves.getByText('1 conversation (1 open)').waitFor();
  await moves.getByText('1 message, 0 notes and 0 files').waitFor();
  await dialog.getByRole('list', { name: 'Changes on Ada King' }).getByText(`Email set to “${TWIN.email}”`).waitFor();
  await dialog.getByRole('list', { name: 'Stays as it is' }).getByText(`Name stays “Ada King” (the other has “${TWIN.name}”)`).waitFor();

  const confirm = dialog.getByRole('button', { name: 'Merge contacts' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the word is typed');
  await dialog.getByLabel(/Type merge to confirm/).fill('merg');
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel(/Type merge to confirm/).fill('merge');
  assert.equal(await confirm.isDisabled(), false);
  await expectAccessible(page, 'Contacts: confirming a merge');
  await saveScreenshot(page, 'contact-merge.png');
  await confirm.click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: `Merged ${TWIN.name} into this contact.` }).waitFor();

  // The profile shows what came with it.
  const merged = page.getByRole('region', { name: 'Merged from' });
  await merged.getByRole('link', { name: TWIN.name }).waitFor();
  await page.getByRole('region', { name: 'Channels' }).getByText(TWIN.identity).waitFor();
  const conversation = page.getByRole('table', { name: 'Conversations, newest first' }).getByRole('row').nth(1);
  // A supervisor opens it among all conversations (an agent would in their own).
  assert.match(await conversation.getByRole('link').getAttribute('href'), /^\/all-conversations\/cnv_/);
  await page.getByRole('region', { name: 'Details' }).getByText(TWIN.email).waitFor();
  await expectAccessible(page, 'Contacts: a profile');
  await saveScreenshot(page, 'contact-profile.png');

  // Through the API: the twin went into the kept contact, with its identity; the third contact is as it was.
  const twin = await profileOf(ids.twin);
  assert.equal(twin.contact.mergedInto, ids.kept);
  const kept = await profileOf(ids.kept);
  assert.deepEqual(kept.mergedFrom, [ids.twin]);
  assert.deepEqual(kept.identities.map((identity) => identity.identity), [TWIN.identity]);
  assert.equal(kept.contact.email, TWIN.email, 'the empty email was filled');
  assert.equal(kept.contact.name, 'Ada King', 'its own name stayed');
  assert.equal(kept.conversations, 1);
  assert.deepEqual(await profileOf(ids.unrelated), before, 'the unrelated contact is untouched');
  const listed = await api('GET', '/api/v1/contacts?limit=200');
  assert.ok(!listed.items.some((contact) => contact.id === ids.twin), 'the merged contact left the directory');
});

test('an admin follows the profile’s link to the contact’s audit trail', async () => {
  admin = await openPage(browser);
  const page = admin.page;
  await signIn(page, server.url, server.user, `/contacts/${ids.kept}`);
  await page.getByRole('heading', { level: 1, name: 'Ada King' }).waitFor();
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.waitForURL(`**/privacy/audit?entity=contact&entityId=${ids.kept}`);
  assert.equal(await page.getByLabel('Entity id').inputValue(), ids.kept);
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  await table.getByRole('row').filter({ hasText: 'mergedFrom' }).first().waitFor();
  await table.getByRole('row').filter({ hasText: 'Ada King' }).first().waitFor();
  assert.equal(await table.getByRole('row').filter({ hasText: 'Charles' }).count(), 0, 'only this contact’s entries');
});

test('refusals: a merge the server refuses says why; an edit of a contact merged meanwhile offers a reload', async () => {
  const page = supervisor.page;
  // Two contacts with a conversation open on the API channel each: the server refuses to merge them.
  const busy = (await api('POST', '/api/v1/channels/api/messages', {
    contact: { identity: 'busy-1', name: 'Bea Busy' },
    text: 'First line',
  })).contactId;
  await api('POST', '/api/v1/channels/api/messages', { contact: { identity: 'busy-2', name: 'Bea B.' }, text: 'Second line' });
  await page.goto(`${server.url}/contacts/${busy}`);
  await page.getByRole('heading', { level: 1, name: 'Bea Busy' }).waitFor();
  const opener = page.getByRole('button', { name: 'Merge another contact into this one…' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Merge another contact into this one' });
  await dialog.getByLabel('Search by').selectOption({ label: 'Channel id' });
  await dialog.getByLabel('Id on the channel').fill('busy-2');
  await dialog.getByRole('button', { name: 'Search', exact: true }).click();
  await dialog.getByRole('button', { name: 'Choose Bea B.' }).click();
  await dialog.getByText(/Both have open conversations/).waitFor();
  await dialog.getByLabel(/Type merge to confirm/).fill('merge');
  await dialog.getByRole('button', { name: 'Merge contacts' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'both contacts have an open conversation on api' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await opener.evaluate((button) => button === document.activeElement), true, 'focus back on the opener');
  assert.equal((await profileOf(busy)).mergedFrom.length, 0, 'nothing merged');

  // An edit of a contact that went into another meanwhile: the server's reason, and a reload.
  const gone = await createContact({ name: 'Gina Gone', email: 'gina@example.test' });
  const target = await createContact({ name: 'Gina Target' });
  await page.goto(`${server.url}/contacts/${gone}`);
  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByRole('form', { name: 'Details' }).getByLabel('Name', { exact: true }).fill('Gina G.');
  await api('POST', `/api/v1/contacts/${target}/merge`, { from: gone });
  await page.getByRole('button', { name: 'Save changes' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: `was merged into ${target}` });
  await refusal.waitFor();
  await refusal.getByRole('button', { name: 'Reload the contact' }).click();
  await page.getByText('This contact was merged into').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Edit details' }).count(), 0, 'nothing to edit here any more');
  await page.getByRole('link', { name: 'another contact' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gina Target' }).waitFor();
  assert.equal((await api('GET', `/api/v1/contacts/${target}`)).contact.email, 'gina@example.test');
  // The browser notes both refusals in the console: they were the point.
  const expected = /status of 409 \(Conflict\)/;
  assert.equal(supervisor.problems.filter((problem) => expected.test(problem)).length, 2);
  supervisor.problems.splice(0, supervisor.problems.length, ...supervisor.problems.filter((problem) => !expected.test(problem)));
});

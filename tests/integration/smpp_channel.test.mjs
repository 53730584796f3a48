// SMS channels over SMPP 3.4 through the whole app: an admin adds an SMS channel pointing at a test
// SMS center (./smsc.mjs, the npm `smpp` package's server on a loopback port), the server binds to
// it, texts from handsets (deliver_sm) become inbound messages routed to an available agent, the
// agent's replies go out as submit_sm (GSM-7, UCS-2, concatenated) and become sent, then delivered
// or failed by delivery receipts; STOP / START change consent (confirmed by SMS, replies refused
// while opted out, audited); card numbers are masked; the SMS center dropping the connection with
// submits outstanding loses nothing (at-least-once); ESME_RTHROTTLED is waited out.
//
// One server and one SMS center for the file; each test uses its own handsets (so its own
// conversations). Nothing sleeps to synchronise: waits are on live frames, PDUs and polls, each with
// a deadline that only guards against a hang.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  errorCode,
  makeDataDir,
  frameLog,
  openLiveSocket,
  seedTenant,
  signedIn,
  startServer,
  stopAll,
  SUITE_TIMEOUT_MS,
} from './harness.mjs';
import {
  deliver,
  parsePart,
  PASSWORD,
  smpp,
  startSmsc,
  stopSmsc,
  submittedMessages,
  SYSTEM_ID,
  textOfSubmit,
  ucs2,
} from './smsc.mjs';

const SOURCE_ADDRESS = '+4477001';
const OUR_NUMBER = '4477001';
const WAIT_MS = 20_000;
const limits = { timeout: SUITE_TIMEOUT_MS };

let dataDir;
let server;
let tenant;
let smsc; // the channel's SMS center
let integrator; // admin API token: configures channels, reads conversations and the audit trail
let agent; // { client, frames }
let channelId; // set by the first test
let createdStatus; // the status in the 201 answer that created it
let patchedStatus; // the status in the 200 answer to the PATCH that fixed the second one's password
const extraSmscs = [];

// ---------------------------------------------------------------------------------------------------
// Helpers

function smppSettings(port, overrides = {}) {
  return {
    host: '127.0.0.1',
    port,
    systemId: SYSTEM_ID,
    systemType: '',
    sourceAddress: SOURCE_ADDRESS,
    binds: 1,
    window: 10,
    submitsPerSecond: 0,
    deliveryGuarantee: 'at-least-once',
    ...overrides,
  };
}

// The server's log so far, last lines first in mind: attached to every failure of a test.
function serverLog(lines = 60) {
  if (!server) {
    return '(no server)';
  }
  return server.stderr.trim().split('\n').slice(-lines).join('\n');
}

// Runs a test body; a failure carries the server's recent log lines.
function withLog(body) {
  return async (t) => {
    try {
      await body(t);
    } catch (error) {
      error.message += `\n--- parley log (last lines) ---\n${serverLog()}\n--- SMS center ---\n${smsc?.summary() ?? ''}`;
      throw error;
    }
  };
}

// Polls `probe()` until it returns something truthy; throws naming `what` after `ms`.
async function poll(probe, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}


// A text from `handset` to our number, in GSM-7 unless told otherwise; resolves with the resp.
function textFrom(handset, text, fields = {}) {
  const shortMessage = fields.data_coding === 8 ? ucs2(text) : { message: text };
  return deliver(smsc, {
    source_addr: handset,
    destination_addr: OUR_NUMBER,
    data_coding: 0,
    short_message: shortMessage,
    ...fields,
  }, { ms: WAIT_MS });
}

async function conversationsOnChannel() {
  const listed = await integrator.get('/api/v1/conversations?limit=200');
  assert.equal(listed.status, 200, listed.text);
  return listed.json.items.filter((conversation) => conversation.channel === channelId);
}

async function messagesOf(conversationId) {
  const listed = await integrator.get(`/api/v1/conversations/${conversationId}/messages?limit=200`);
  assert.equal(listed.status, 200, listed.text);
  return listed.json.items;
}

// The stored message whose text is `text`, with its conversation, on the SMS channel; null if none.
async function findStored(text) {
  for (const conversation of await conversationsOnChannel()) {
    const message = (await messagesOf(conversation.id)).find((item) => item.content?.text === text);
    if (message) {
      return { conversation, message };
    }
  }
  return null;
}

// A handset texts us; the text is stored before the SMS center gets its deliver_sm_resp, and the
// conversation is assigned to the (available) agent. Returns {conversation, message}.
async function openConversation(handset, text) {
  const answer = await textFrom(handset, text);
  assert.equal(answer.command_status, smpp.ESME_ROK, `deliver_sm_resp status ${answer.command_status}`);
  const stored = await findStored(text);
  assert.ok(stored, `the text from ${handset} is stored by the time the SMS center got ESME_ROK`);
  assert.equal(stored.conversation.channel, channelId);
  assert.equal(stored.message.direction, 'inbound');
  const assigned = await agent.frames.wait(
    (frame) => frame.type === 'conversation.assigned' && frame.change.conversationId === stored.conversation.id,
    `conversation.assigned for ${stored.conversation.id}`,
  );
  assert.equal(assigned.change.agentId, tenant.users.agent.id);
  return stored;
}

async function reply(conversationId, text) {
  const response = await agent.client.post(`/api/v1/conversations/${conversationId}/messages`, { text });
  assert.equal(response.status, 201, `reply: ${response.status} ${response.text}`);
  assert.equal(response.json.message.status, 'queued');
  return response.json.message;
}

// Waits for the live frame saying message `id` is `status`, then checks the stored status agrees.
async function statusBecomes(conversationId, id, status) {
  const frame = await agent.frames.wait(
    (f) => f.type === 'message.status' && f.message.id === id && f.message.status === status,
    `message.status ${status} for ${id}`,
    45_000,
  );
  const stored = (await messagesOf(conversationId)).find((item) => item.id === id);
  assert.ok(stored, `message ${id} is listed`);
  assert.equal(stored.status, status, `stored status of ${id}: ${JSON.stringify(stored)}`);
  return { frame: frame.message, stored };
}

// The complete messages the SMS center got for `handset` since submit number `from`.
function submittedTo(handset, from = 0) {
  return submittedMessages(smsc.submits.slice(from).filter((record) => record.pdu.destination_addr === handset));
}

async function submittedText(handset, text, from = 0, what = `a submit_sm of "${text.slice(0, 40)}" to ${handset}`) {
  await smsc.until(() => submittedTo(handset, from).some((message) => message.text === text), { label: what });
  return submittedTo(handset, from).find((message) => message.text === text);
}

async function listChannel(id) {
  const listed = await integrator.get('/api/v1/channels');
  assert.equal(listed.status, 200, listed.text);
  return listed.json.items.find((item) => item.id === id);
}

async function channelState(id, state, ms = WAIT_MS) {
  let last;
  try {
    return await poll(async () => {
      last = await listChannel(id);
      return last?.status?.state === state ? last : null;
    }, `state ${state} of channel ${id}`, ms);
  } catch (error) {
    error.message += `; last seen: ${JSON.stringify(last?.status)}`;
    throw error;
  }
}

function luhnValid(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function requireChannel() {
  assert.ok(channelId, 'the SMS channel was not created (see the first test)');
}

// ---------------------------------------------------------------------------------------------------
// Setup

before(async () => {
  dataDir = makeDataDir('smpp-channel');
  tenant = seedTenant(dataDir, 'Sms');
  smsc = await startSmsc();
  server = await startServer(dataDir);
  integrator = new Client(server.url, { token: tenant.adminToken });
  const capacity = await integrator.patch(`/api/v1/agents/${tenant.users.agent.id}`, { capacity: 50 });
  assert.equal(capacity.status, 200, capacity.text);
  const client = await signedIn(server.url, tenant.users.agent);
  const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
  assert.ok(live.ws, `live socket: ${JSON.stringify(live)}`);
  assert.equal((await live.next()).json.type, 'hello');
  agent = { client, live, frames: frameLog(live, WAIT_MS) };
  const available = await client.patch('/api/v1/me/agent', { presence: 'available' });
  assert.equal(available.status, 200, available.text);
}, limits);

after(async () => {
  agent?.live.ws.close();
  try {
    await stopAll([server], dataDir);
  } finally {
    await stopSmsc(smsc);
    for (const other of extraSmscs) {
      await stopSmsc(other);
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Tests

describe('SMS channel over SMPP', () => {
  test('(1) an admin adds an SMS channel: it binds; the test endpoint binds with the saved settings', limits, withLog(async () => {
    const created = await integrator.post('/api/v1/channels', {
      type: 'smpp',
      name: 'SMS',
      enabled: true,
      settings: smppSettings(smsc.port),
      password: PASSWORD,
    });
    assert.equal(created.status, 201, created.text);
    const channel = created.json.channel;
    assert.match(channel.id, /^chn_/);
    channelId = channel.id;
    assert.equal(channel.type, 'smpp');
    assert.equal(channel.name, 'SMS');
    assert.equal(channel.enabled, true);
    assert.equal(channel.passwordSet, true);
    assert.equal(channel.settings.sourceAddress, SOURCE_ADDRESS);
    assert.equal(channel.settings.port, smsc.port);
    assert.equal(channel.settings.deliveryGuarantee, 'at-least-once');
    assert.ok(!created.text.includes(PASSWORD), 'the password is never shown');
    createdStatus = channel.status; // checked in its own test below

    const bound = await channelState(channelId, 'bound');
    assert.match(bound.status.since, /^\d{4}-\d{2}-\d{2}T/);
    await smsc.until(() => smsc.bound.length >= 1, { label: 'a bind' });
    assert.deepEqual(smsc.binds[0], { system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 });

    // The test endpoint: a real bind with the saved settings, then it goes away again.
    const bindsBefore = smsc.binds.length;
    const tested = await integrator.post(`/api/v1/channels/${channelId}/test`, {});
    assert.equal(tested.status, 200, tested.text);
    assert.deepEqual(tested.json.result, { ok: true, status: null, error: null });
    assert.equal(smsc.binds.length, bindsBefore + 1, 'the test made one bind of its own');
    assert.deepEqual(smsc.binds.at(-1), { system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 });
    const testSession = smsc.bound.at(-1);
    await smsc.until(() => testSession.closed, { label: 'the test connection to close' });
    assert.equal(smsc.bound.filter((session) => !session.closed).length, 1, 'only the channel stays bound');
    assert.equal((await listChannel(channelId)).status.state, 'bound');

    // A second channel, to another SMS center, with a wrong password: refused, and the test says why.
    const other = await startSmsc();
    extraSmscs.push(other);
    const wrong = await integrator.post('/api/v1/channels', {
      type: 'smpp',
      name: 'SMS wrong password',
      enabled: true,
      settings: smppSettings(other.port, { sourceAddress: '+4477002' }),
      password: 'wrong123',
    });
    assert.equal(wrong.status, 201, wrong.text);
    const wrongId = wrong.json.channel.id;
    const refused = await channelState(wrongId, 'refused');
    assert.match(refused.status.detail, /refused/i);
    assert.deepEqual(other.binds[0], { system_id: SYSTEM_ID, password: 'wrong123', interface_version: 0x34 });
    const failedTest = await integrator.post(`/api/v1/channels/${wrongId}/test`, {});
    assert.equal(failedTest.status, 200, failedTest.text);
    assert.equal(failedTest.json.result.ok, false);
    assert.equal(failedTest.json.result.status, null);
    assert.match(failedTest.json.result.error, /refused the credentials/);
    assert.match(failedTest.json.result.error, /ESME_RINVPASWD/);

    // PATCH with the right password restarts it: bound at once (no credential back-off).
    const fixed = await integrator.patch(`/api/v1/channels/${wrongId}`, { password: PASSWORD });
    assert.equal(fixed.status, 200, fixed.text);
    assert.equal(fixed.json.channel.passwordSet, true);
    patchedStatus = fixed.json.channel.status; // reported in (1b)
    await channelState(wrongId, 'bound');
    await other.until(() => other.bound.length === 1, { label: 'a bind on the second SMS center' });
    const okTest = await integrator.post(`/api/v1/channels/${wrongId}/test`, {});
    assert.equal(okTest.json.result.ok, true, okTest.text);

    // Switched off: it unbinds and says so; switched on again: it binds.
    const boundOnOther = other.bound.length;
    const off = await integrator.patch(`/api/v1/channels/${wrongId}`, { enabled: false });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.channel.enabled, false);
    assert.equal(off.json.channel.status.state, 'disabled');
    await other.until(() => other.bound.every((session) => session.closed), { label: 'the switched-off channel to unbind' });
    await channelState(wrongId, 'disabled');
    const on = await integrator.patch(`/api/v1/channels/${wrongId}`, { enabled: true });
    assert.equal(on.status, 200, on.text);
    await other.until(() => other.bound.length > boundOnOther, { label: 'a bind once switched on again' });
    await channelState(wrongId, 'bound');

    // DELETE stops it: the SMS center sees the bind go away, the list no longer has it.
    const deleted = await integrator.delete(`/api/v1/channels/${wrongId}`);
    assert.equal(deleted.status, 204, deleted.text);
    await other.until(() => other.bound.every((session) => session.closed), { label: 'the deleted channel to unbind' });
    assert.equal(await listChannel(wrongId), undefined);
    assert.equal((await integrator.post(`/api/v1/channels/${wrongId}/test`, {})).status, 404);
    // The first channel is untouched.
    assert.equal((await listChannel(channelId)).status.state, 'bound');
    assert.equal(smsc.bound.filter((session) => !session.closed).length, 1);
  }));

  test('(1b) the 201 answer of an enabled channel reports it connecting (or already bound), with a detail', limits, withLog(async (t) => {
    requireChannel();
    t.diagnostic(`status in the 201 answer: ${JSON.stringify(createdStatus)}; ` +
      `in the PATCH answer (password fixed after a refusal): ${JSON.stringify(patchedStatus)}`);
    assert.ok(
      ['connecting', 'bound'].includes(createdStatus.state),
      `status in the 201 answer: ${JSON.stringify(createdStatus)}`,
    );
    assert.notEqual(createdStatus.detail, '');
    assert.notEqual(createdStatus.since, null);
  }));

  test('(2) texts in GSM-7, UCS-2 with emoji and a 3-part concatenated one arrive as one inbound message each, routed to the agent', limits, withLog(async () => {
    requireChannel();
    const handset = '15550001';
    const gsm = 'Hello @ £5 {ok} [1] ~ € ^ | \\ ÄÖÑÜ§ ß';
    const { conversation, message } = await openConversation(handset, gsm);
    assert.equal(message.status, 'received');
    assert.deepEqual(message.content, { text: gsm });
    const stored = await integrator.get(`/api/v1/conversations/${conversation.id}`);
    assert.equal(stored.json.conversation.channel, channelId);
    assert.equal(stored.json.conversation.agentId, tenant.users.agent.id);
    assert.equal(stored.json.conversation.state, 'assigned');

    const unicode = 'Привет 👋 مرحبا 😀 — ok';
    const ucsAnswer = await textFrom(handset, unicode, { data_coding: 8 });
    assert.equal(ucsAnswer.command_status, smpp.ESME_ROK);
    const ucsFrame = await agent.frames.wait(
      (f) => f.type === 'message.created' && f.message.content?.text === unicode,
      'message.created of the UCS-2 text',
    );
    assert.equal(ucsFrame.message.conversationId, conversation.id);
    assert.equal(ucsFrame.message.direction, 'inbound');

    const pieces = ['The first part of a long text, ', 'then the second one 👍 ', 'and the last.'];
    for (const seq of [2, 1, 3]) {
      const udh = Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x03, seq]);
      const answer = await deliver(smsc, {
        source_addr: handset,
        destination_addr: OUR_NUMBER,
        esm_class: 0x40,
        data_coding: 8,
        short_message: Buffer.concat([udh, ucs2(pieces[seq - 1])]),
      }, { ms: WAIT_MS });
      assert.equal(answer.command_status, smpp.ESME_ROK, `part ${seq}`);
    }
    const joined = pieces.join('');
    const longFrame = await agent.frames.wait(
      (f) => f.type === 'message.created' && f.message.content?.text === joined,
      'message.created of the concatenated text',
    );
    assert.equal(longFrame.message.conversationId, conversation.id);

    const inbound = (await messagesOf(conversation.id)).filter((item) => item.direction === 'inbound');
    assert.deepEqual(inbound.map((item) => item.content.text), [gsm, unicode, joined]);
    // The contact's identity on this channel is the handset in E.164, with its '+' (its audit trail
    // shows it; the replies in (3) go back to it).
    const audit = await integrator.get(`/api/v1/audit?entity=contact&entityId=${conversation.contactId}`);
    assert.equal(audit.status, 200, audit.text);
    const identity = audit.json.items.find((entry) => entry.attribute === `identity.${channelId}`);
    assert.ok(identity, audit.text);
    assert.equal(identity.value, `+${handset}`);
    const onChannel = await conversationsOnChannel();
    assert.equal(onChannel.filter((c) => c.contactId === conversation.contactId).length, 1, 'one conversation');
  }));

  test('(3) replies go out as submit_sm (GSM-7, UCS-2, two parts), become sent, then delivered or failed by receipt', limits, withLog(async () => {
    requireChannel();
    const handset = '15550002';
    const { conversation } = await openConversation(handset, 'Can you help me?');
    const from = smsc.submits.length;

    const plainText = 'Sure, we are on it.';
    const plain = await reply(conversation.id, plainText);
    const plainSms = await submittedText(handset, plainText, from);
    assert.equal(plainSms.records.length, 1);
    const [plainPdu] = plainSms.records.map((record) => record.pdu);
    assert.equal(plainPdu.data_coding, 0, 'GSM-7');
    assert.equal(plainPdu.esm_class & 0x40, 0, 'no UDH');
    assert.equal(plainPdu.registered_delivery, 1);
    assert.equal(plainPdu.source_addr, OUR_NUMBER);
    assert.equal(plainPdu.destination_addr, handset);
    const plainSent = await statusBecomes(conversation.id, plain.id, 'sent');
    assert.equal(plainSent.stored.statusReason, null);
    assert.equal(plainSent.stored.providerMessageId, plainSms.records[0].message_id, 'the SMS center\'s message id');

    const emojiText = 'See you soon 😀';
    const emoji = await reply(conversation.id, emojiText);
    const emojiSms = await submittedText(handset, emojiText, from);
    assert.equal(emojiSms.records.length, 1);
    assert.equal(emojiSms.records[0].pdu.data_coding, 8, 'UCS-2');
    assert.equal(emojiSms.records[0].pdu.registered_delivery, 1);
    await statusBecomes(conversation.id, emoji.id, 'sent');

    const longText = 'Your replacement ships tomorrow and should arrive within three working days. '.repeat(3).slice(0, 200);
    assert.equal(longText.length, 200);
    const long = await reply(conversation.id, longText);
    const longSms = await submittedText(handset, longText, from);
    assert.equal(longSms.records.length, 2, 'two parts');
    const parts = longSms.records.map(parsePart).sort((a, b) => a.seq - b.seq);
    assert.deepEqual(parts.map((part) => [part.seq, part.total]), [[1, 2], [2, 2]]);
    assert.equal(parts[0].ref, parts[1].ref);
    assert.deepEqual(parts.map((part) => part.body.length), [153, 47]);
    for (const record of longSms.records) {
      assert.equal(record.pdu.data_coding, 0);
      assert.equal(record.pdu.esm_class & 0x40, 0x40, 'UDHI set');
      assert.equal(record.pdu.registered_delivery, 1);
      assert.equal(record.pdu.source_addr, OUR_NUMBER);
      assert.equal(record.pdu.destination_addr, handset);
    }
    const longSent = await statusBecomes(conversation.id, long.id, 'sent');
    const firstPart = longSms.records.find((record) => parsePart(record).seq === 1);
    assert.equal(longSent.stored.providerMessageId, firstPart.message_id, 'the first part\'s message id');
    assert.equal(submittedTo(handset, from).length, 3, 'each reply went once');

    // DELIVRD receipt in the text format → delivered.
    const plainId = plainSms.records[0].message_id;
    const receipt = await deliver(smsc, {
      source_addr: handset,
      destination_addr: OUR_NUMBER,
      esm_class: 0x04,
      short_message: { message: `id:${plainId} sub:001 dlvrd:001 submit date:2512050000 done date:2512050000 stat:DELIVRD err:000 text:` },
    }, { ms: WAIT_MS });
    assert.equal(receipt.command_status, smpp.ESME_ROK);
    await statusBecomes(conversation.id, plain.id, 'delivered');

    // Receipt with the TLVs → delivered.
    const emojiId = emojiSms.records[0].message_id;
    const tlvReceipt = await deliver(smsc, {
      source_addr: handset,
      destination_addr: OUR_NUMBER,
      esm_class: 0x04,
      short_message: { message: `id:${emojiId} stat:DELIVRD` },
      receipted_message_id: emojiId,
      message_state: smpp.MESSAGE_STATE.DELIVERED,
    }, { ms: WAIT_MS });
    assert.equal(tlvReceipt.command_status, smpp.ESME_ROK);
    await statusBecomes(conversation.id, emoji.id, 'delivered');

    // UNDELIV → failed, with a reason.
    const longId = longSms.records.find((record) => parsePart(record).seq === 1).message_id;
    const undeliv = await deliver(smsc, {
      source_addr: handset,
      destination_addr: OUR_NUMBER,
      esm_class: 0x04,
      short_message: { message: `id:${longId} sub:001 dlvrd:000 submit date:2512050000 done date:2512050001 stat:UNDELIV err:001 text:Your replacement` },
    }, { ms: WAIT_MS });
    assert.equal(undeliv.command_status, smpp.ESME_ROK);
    const failed = await statusBecomes(conversation.id, long.id, 'failed');
    assert.match(failed.stored.statusReason ?? '', /UNDELIV/);
    assert.equal(failed.frame.statusReason, failed.stored.statusReason);

    // Receipts are not texts.
    const inbound = (await messagesOf(conversation.id)).filter((item) => item.direction === 'inbound');
    assert.equal(inbound.length, 1, JSON.stringify(inbound.map((item) => item.content)));
  }));

  test('(4) STOP opts out (confirmed, replies refused with 409, audited); START opts back in', limits, withLog(async () => {
    requireChannel();
    const handset = '15550003';
    const { conversation } = await openConversation(handset, 'Hello, a question about my order');
    const contactId = conversation.contactId;
    const from = smsc.submits.length;
    const confirmations = (kind) =>
      submittedTo(handset, from).filter((message) => message.text.startsWith(kind === 'out' ? 'You are unsubscribed' : 'You are subscribed again'));

    const optOut = async (keyword, count) => {
      const answer = await textFrom(handset, keyword);
      assert.equal(answer.command_status, smpp.ESME_ROK);
      await smsc.until(() => confirmations('out').length === count, { label: `opt-out confirmation #${count} (after "${keyword}")` });
      const confirmation = confirmations('out').at(-1);
      assert.equal(confirmation.records[0].pdu.source_addr, OUR_NUMBER);
      const refused = await agent.client.post(`/api/v1/conversations/${conversation.id}/messages`, { text: `Are you there? (${keyword})` });
      assert.equal(refused.status, 409, `a reply after "${keyword}": ${refused.status} ${refused.text}`);
      assert.equal(errorCode(refused), 'conflict');
      assert.match(refused.json.error.message, /opted out/);
    };
    const optIn = async (count) => {
      const answer = await textFrom(handset, 'START');
      assert.equal(answer.command_status, smpp.ESME_ROK);
      await smsc.until(() => confirmations('in').length === count, { label: `opt-in confirmation #${count}` });
      const text = `Welcome back (${count})`;
      const message = await reply(conversation.id, text);
      await submittedText(handset, text, from);
      await statusBecomes(conversation.id, message.id, 'sent');
    };

    await optOut('STOP', 1);
    assert.match(confirmations('out')[0].text, /^You are unsubscribed/);
    const audit = await integrator.get(`/api/v1/audit?entity=contact&entityId=${contactId}`);
    assert.equal(audit.status, 200, audit.text);
    const consent = audit.json.items.filter((entry) => entry.attribute === `consent.${channelId}`);
    assert.equal(consent.length, 1, audit.text);
    assert.equal(consent[0].value, 'opted out (STOP)');
    assert.equal(consent[0].actor.kind, 'system');

    await optIn(1);
    assert.match(confirmations('in')[0].text, /^You are subscribed again/);
    await optOut('Stop.', 2);
    await optIn(2);
    await optOut('unsubscribe', 3);
    // A second STOP while opted out changes nothing: no second confirmation (START's comes next).
    assert.equal((await textFrom(handset, 'STOP')).command_status, smpp.ESME_ROK);
    await optIn(3);
    assert.equal(confirmations('out').length, 3, 'no confirmation for a STOP that changed nothing');

    const after = await integrator.get(`/api/v1/audit?entity=contact&entityId=${contactId}`);
    const values = after.json.items.filter((entry) => entry.attribute === `consent.${channelId}`).map((entry) => entry.value);
    assert.deepEqual(values, [
      'opted out (STOP)',
      'opted in (START)',
      'opted out (STOP)',
      'opted in (START)',
      'opted out (STOP)',
      'opted in (START)',
    ]);
    // The confirmations ask for no receipt and are not messages of the conversation.
    for (const message of [...confirmations('out'), ...confirmations('in')]) {
      assert.equal(message.records[0].pdu.registered_delivery, 0);
    }
    const outbound = (await messagesOf(conversation.id)).filter((item) => item.direction === 'outbound');
    assert.deepEqual(outbound.map((item) => item.content.text), ['Welcome back (1)', 'Welcome back (2)', 'Welcome back (3)']);
  }));

  test('(5) card numbers in a text are masked before they are stored', limits, withLog(async () => {
    requireChannel();
    const handset = '15550004';
    const card = '4111 1111 1111 1111';
    assert.ok(luhnValid(card.replaceAll(' ', '')));
    const notACard = '1234 5678 9012 3456';
    assert.ok(!luhnValid(notACard.replaceAll(' ', '')));
    const answer = await textFrom(handset, `My card is ${card}, order ${notACard}`);
    assert.equal(answer.command_status, smpp.ESME_ROK);
    const masked = `My card is •••• •••• •••• 1111, order ${notACard}`;
    const stored = await findStored(masked);
    assert.ok(stored, 'the masked text is stored by the time the SMS center got ESME_ROK');
    await agent.frames.wait(
      (f) => f.type === 'conversation.assigned' && f.change.conversationId === stored.conversation.id,
      'conversation.assigned of the card text',
    );
    for (const conversation of await conversationsOnChannel()) {
      const listed = await integrator.get(`/api/v1/conversations/${conversation.id}/messages?limit=200`);
      assert.ok(!listed.text.includes('4111 1111 1111 1111') && !listed.text.includes('4111111111111111'));
    }
  }));

  test('(5b) choices go out as a numbered list; a numeric answer is stored with the option it picked', limits, withLog(async () => {
    requireChannel();
    const handset = '15550014';
    const { conversation } = await openConversation(handset, 'When can you deliver?');
    const from = smsc.submits.length;
    const sent = await agent.client.post(`/api/v1/conversations/${conversation.id}/messages`, {
      content: { choices: { text: 'Pick a day:', options: ['Monday', 'Tuesday', 'Friday'] } },
    });
    assert.equal(sent.status, 201, sent.text);
    await submittedText(handset, 'Pick a day:\n1. Monday\n2. Tuesday\n3. Friday', from);
    const answer = await textFrom(handset, '2');
    assert.equal(answer.command_status, smpp.ESME_ROK);
    const stored = (await messagesOf(conversation.id)).filter((item) => item.direction === 'inbound').at(-1);
    assert.deepEqual(stored.content, { text: '2', choice: 'Tuesday' });
    // A number out of range, or after a plain reply, is just text.
    await textFrom(handset, '7');
    const plain = (await messagesOf(conversation.id)).filter((item) => item.direction === 'inbound').at(-1);
    assert.deepEqual(plain.content, { text: '7' });
  }));

  test('(5c) erasing a customer drops the parts of their text still waiting for the rest', limits, withLog(async () => {
    requireChannel();
    const handset = '15550024';
    const { conversation } = await openConversation(handset, 'Please forget me after this');
    const part = (seq, text) => deliver(smsc, {
      source_addr: handset,
      destination_addr: OUR_NUMBER,
      esm_class: 0x40,
      data_coding: 8,
      short_message: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, 0x5c, 0x02, seq]), ucs2(text)]),
    }, { ms: WAIT_MS });
    assert.equal((await part(1, 'written before the erase, ')).command_status, smpp.ESME_ROK);

    const erased = await integrator.post(`/api/v1/privacy/subjects/${conversation.contactId}/erase`, { confirm: 'erase' });
    assert.equal(erased.status, 200, erased.text);
    // The second part, then a whole text: answered once stored, so whatever they made is stored.
    assert.equal((await part(2, 'and after it')).command_status, smpp.ESME_ROK);
    const again = await textFrom(handset, 'Hello, it is me again');
    assert.equal(again.command_status, smpp.ESME_ROK);
    const stored = await findStored('Hello, it is me again');
    assert.ok(stored, 'the new text is stored');
    assert.notEqual(stored.conversation.contactId, conversation.contactId, 'a new customer');
    for (const item of await conversationsOnChannel()) {
      const listed = await integrator.get(`/api/v1/conversations/${item.id}/messages?limit=200`);
      assert.ok(!listed.text.includes('written before the erase'), `conversation ${item.id}: ${listed.text}`);
    }
  }));

  test('(6) the SMS center drops the connection with submits outstanding: it rebinds, every reply ends sent (at least once)', limits, withLog(async (t) => {
    requireChannel();
    // A window of 3 (PATCH restarts the channel: a new bind): with one submit answered, two held
    // and the fourth dropping the connection, the last two replies are never written before the drop.
    const rebinds = smsc.bound.length;
    const patched = await integrator.patch(`/api/v1/channels/${channelId}`, { settings: smppSettings(smsc.port, { window: 3 }) });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.channel.settings.window, 3);
    await smsc.until(() => smsc.bound.length > rebinds && smsc.bound.filter((session) => !session.closed).length === 1,
      { label: 'the channel to bind again after the PATCH (and the old bind to go)' });
    await channelState(channelId, 'bound');

    const handsets = ['15550101', '15550102', '15550103', '15550104', '15550105', '15550106'];
    const conversations = [];
    for (const handset of handsets) {
      conversations.push((await openConversation(handset, `Hi from ${handset}`)).conversation);
    }
    const boundBefore = smsc.bound.length;
    const from = smsc.submits.length;
    // First submit answered, the next two left open, the fourth drops the connection (unanswered);
    // after that everything is answered.
    let droppedAt = null;
    smsc.decide = (pdu, index) => {
      if (droppedAt !== null) {
        return {};
      }
      const n = index - from;
      if (n === 1 || n === 2) {
        return { hold: true };
      }
      if (n === 3) {
        droppedAt = index;
        return { drop: true };
      }
      return {};
    };
    try {
      const texts = handsets.map((handset) => `Your ticket number for ${handset} is ready.`);
      const replies = await Promise.all(conversations.map((conversation, i) => reply(conversation.id, texts[i])));
      await smsc.until(() => droppedAt !== null, { label: 'the fourth submit (which drops the connection)' });
      await smsc.until(() => smsc.bound.length > boundBefore, { label: 'a new bind after the drop' });
      for (const [i, message] of replies.entries()) {
        await statusBecomes(conversations[i].id, message.id, 'sent');
      }
      const seen = smsc.submits.slice(from);
      const counts = new Map(texts.map((text) => [text, 0]));
      for (const record of seen) {
        const text = textOfSubmit(record);
        if (counts.has(text)) {
          counts.set(text, counts.get(text) + 1);
        }
      }
      const duplicates = [...counts.values()].filter((count) => count > 1).length;
      t.diagnostic(`submits after the drop scenario: ${seen.length} for ${texts.length} texts; ` +
        `texts seen more than once: ${duplicates}; counts ${JSON.stringify([...counts.values()])}`);
      for (const [text, count] of counts) {
        assert.ok(count >= 1, `"${text}" reached the SMS center`);
      }
      // The one answered before the drop is not sent again. What the SMS center read on the
      // dropped connection was written before the drop (the package goes on parsing what it had
      // buffered, so that can be more than the PDU that dropped it); the texts it never saw there
      // were never written before the drop and go exactly once.
      assert.equal(counts.get(textOfSubmit(seen[0])), 1, 'the confirmed submit is not resent');
      const droppedSession = smsc.submits[droppedAt].session;
      const writtenBeforeDrop = new Set(seen.filter((record) => record.session === droppedSession).map(textOfSubmit));
      const neverWritten = texts.filter((text) => !writtenBeforeDrop.has(text));
      t.diagnostic(`written before the drop: ${writtenBeforeDrop.size}; never written before it: ${neverWritten.length}`);
      assert.equal(writtenBeforeDrop.size, 4, 'a window of 3: one answered, two held, one dropping');
      assert.equal(neverWritten.length, 2);
      for (const text of neverWritten) {
        assert.equal(counts.get(text), 1, `"${text}" was never written before the drop: sent once`);
      }
      assert.equal((await listChannel(channelId)).status.state, 'bound');
    } finally {
      smsc.decide = undefined;
    }
  }));

  test('(7) ESME_RTHROTTLED: the ESME pauses and submits again; the reply ends sent', limits, withLog(async () => {
    requireChannel();
    const handset = '15550201';
    const { conversation } = await openConversation(handset, 'Are you busy?');
    const from = smsc.submits.length;
    smsc.decide = (pdu, index) => (index === from ? { status: smpp.ESME_RTHROTTLED } : {});
    try {
      const text = 'A little busy, but here we are.';
      const message = await reply(conversation.id, text);
      await statusBecomes(conversation.id, message.id, 'sent');
      const records = smsc.submits.slice(from).filter((record) => record.pdu.destination_addr === handset);
      assert.equal(records.length, 2, 'refused once, then sent again');
      const [refused, resent] = records;
      assert.equal(refused.status, smpp.ESME_RTHROTTLED);
      assert.equal(resent.status, smpp.ESME_ROK);
      assert.notEqual(resent.pdu.sequence_number, refused.pdu.sequence_number);
      assert.deepEqual(resent.raw, refused.raw);
      assert.equal(textOfSubmit(resent), text);
      const stored = (await messagesOf(conversation.id)).find((item) => item.id === message.id);
      assert.equal(stored.statusReason, null);
    } finally {
      smsc.decide = undefined;
    }
  }));

  test('(8) a restart: the server unbinds on SIGTERM, binds again from storage on start, and texts flow', limits, withLog(async () => {
    requireChannel();
    const unbindsBefore = smsc.unbinds;
    const boundBefore = smsc.bound.length;
    agent.live.ws.close();
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, `exit ${JSON.stringify(stopped)}`);
    assert.ok(smsc.unbinds > unbindsBefore, 'the SMS center got an unbind on shutdown');
    await smsc.until(() => smsc.bound.every((session) => session.closed), { label: 'every bind closed after the stop' });

    server = await startServer(dataDir);
    integrator = new Client(server.url, { token: tenant.adminToken });
    await smsc.until(() => smsc.bound.length > boundBefore, { label: 'a bind after the restart' });
    assert.deepEqual(smsc.binds.at(-1), { system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 });
    await channelState(channelId, 'bound');
    const client = await signedIn(server.url, tenant.users.agent);
    const live = await openLiveSocket(server, { cookie: client.cookieHeader() });
    assert.ok(live.ws, `live socket: ${JSON.stringify(live)}`);
    assert.equal((await live.next()).json.type, 'hello');
    agent = { client, live, frames: frameLog(live, WAIT_MS) };
    const available = await client.patch('/api/v1/me/agent', { presence: 'available' });
    assert.equal(available.status, 200, available.text);

    const handset = '15550301';
    const { conversation } = await openConversation(handset, 'Hello after the restart');
    const from = smsc.submits.length;
    const message = await reply(conversation.id, 'Hello again.');
    await submittedText(handset, 'Hello again.', from);
    await statusBecomes(conversation.id, message.id, 'sent');
  }));
});

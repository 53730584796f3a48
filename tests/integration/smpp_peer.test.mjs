// SMS over SMPP 3.4 against a real SMS center: the npm `smpp` package's server on a free loopback
// port, and Parley's SmppConnection (src/net/smpp_connection.h) driven through its test tool
// build/release/tests/tools/smpp_peer_check (JSON commands on stdin, one JSON event per line on
// stdout). Bind with right and wrong credentials, MO in GSM-7 and UCS-2 with emoji, a 3-part
// concatenated MO, a long reply split into parts, delivery receipts, throttling, and the SMS center
// dropping the connection mid-window. Nothing sleeps to synchronise: every wait is on an event.
// The SMS center and its PDU helpers are shared with smpp_channel.test.mjs (./smsc.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import readline from 'node:readline';
import { repoRoot, SUITE_TIMEOUT_MS } from './harness.mjs';
import {
  deliver,
  fromUcs2,
  HANDSET,
  parsePart,
  PASSWORD,
  SHORT_CODE,
  smpp,
  startSmsc,
  stopSmsc,
  SYSTEM_ID,
  ucs2,
  ucs2Parts,
} from './smsc.mjs';

const peerCheckBin = join(
  process.env.PARLEY_BUILD_DIR ?? join(repoRoot, 'build', 'release'),
  'tests',
  'tools',
  'smpp_peer_check',
);

// Guards against a hang only; no test measures time.
const limits = { timeout: SUITE_TIMEOUT_MS };

// ---------------------------------------------------------------------------------------------------
// The tool

function startPeerCheck(port, { password = PASSWORD, extra = [] } = {}) {
  assert.ok(existsSync(peerCheckBin), `build ${peerCheckBin} first (target smpp_peer_check)`);
  const child = spawn(
    peerCheckBin,
    [
      '--host', '127.0.0.1',
      '--port', String(port),
      '--system-id', SYSTEM_ID,
      '--password', password,
      '--reconnect-ms', '100',
      '--throttle-ms', '50',
      ...extra,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const tool = { child, events: [], waiters: [], stderr: '' };
  child.stdin.on('error', () => {}); // a write after the tool exited
  child.stderr.on('data', (chunk) => {
    tool.stderr += chunk;
  });
  const lines = readline.createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const event = JSON.parse(line);
    tool.events.push(event);
    for (const waiter of [...tool.waiters]) {
      if (waiter.match(event)) {
        tool.waiters.splice(tool.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  tool.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  tool.exited.then(() => {
    for (const waiter of tool.waiters.splice(0)) {
      waiter.reject(new Error(`smpp_peer_check exited before ${waiter.label}:\n${tool.stderr}`));
    }
  });
  // Resolves with the first event (already seen or yet to come) that matches.
  tool.waitFor = (match, label = 'an event') => {
    const seen = tool.events.find(match);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => tool.waiters.push({ match, resolve, reject, label }));
  };
  tool.type = (type, extraMatch = () => true) =>
    tool.waitFor((event) => event.type === type && extraMatch(event), type);
  tool.send = (command) => child.stdin.write(`${JSON.stringify(command)}\n`);
  tool.submit = (fields) => tool.send({ submit: { from: 'Parley', to: `+${HANDSET}`, receipt: true, ...fields } });
  tool.of = (type) => tool.events.filter((event) => event.type === type);
  return tool;
}

// A graceful stop (unbind), then the process is killed by its PID whatever happened.
async function finish(tool, smsc) {
  try {
    if (tool.child.exitCode === null && tool.child.signalCode === null) {
      tool.send({ stop: true });
      const exit = await tool.exited;
      assert.equal(exit.code, 0, tool.stderr);
      // Stopped comes last: after the unbind, the close and every message the stop released.
      assert.deepEqual(
        { type: tool.events.at(-1).type, state: tool.events.at(-1).state },
        { type: 'connection', state: 'stopped' },
      );
    }
  } finally {
    if (tool.child.exitCode === null && tool.child.signalCode === null) {
      process.kill(tool.child.pid, 'SIGKILL');
    }
    await stopSmsc(smsc);
  }
}

async function withPeers(options, body) {
  const smsc = await startSmsc({ decide: options.decide });
  const tool = startPeerCheck(smsc.port, options);
  try {
    await body(smsc, tool);
  } finally {
    await finish(tool, smsc);
  }
}

const bound = (tool) => tool.type('bound');

// ---------------------------------------------------------------------------------------------------
// Tests

test('binds with the right credentials (bind_transceiver, interface_version 0x34)', limits, async () => {
  await withPeers({}, async (smsc, tool) => {
    const event = await bound(tool);
    assert.equal(event.smsc_system_id, 'TESTSMSC');
    assert.deepEqual(smsc.binds, [{ system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 }]);
  });
});

test('a wrong password is refused and not retried within the short window', limits, async () => {
  await withPeers({ password: 'wrong' }, async (smsc, tool) => {
    const refused = await tool.type('bind_refused');
    assert.equal(refused.status, 'ESME_RINVPASWD');
    assert.equal(refused.credentials, true);
    const retry = await tool.type('reconnect_after');
    // The credential back-off (1 min, jittered down to at least half) rather than the 100 ms
    // reconnect back-off this tool was given.
    assert.ok(retry.delay_ms >= 30_000, `retry after ${retry.delay_ms} ms`);
    assert.equal(tool.of('bound').length, 0);
    // Stopping ends the wait for the retry: no second bind can come after this.
    tool.send({ stop: true });
    await tool.waitFor((event) => event.type === 'connection' && event.state === 'stopped', 'stopped');
    assert.equal(smsc.binds.length, 1);
  });
});

test('MO in GSM-7 (with the extension table) and in UCS-2 with emoji arrive as text', limits, async () => {
  await withPeers({}, async (smsc, tool) => {
    await bound(tool);
    const gsm = 'Hello @ £5 {ok} [1] ~ € ^ | \\ ÄÖÑÜ§ ß';
    const gsmAnswer = await deliver(smsc, { data_coding: 0, short_message: { message: gsm } });
    assert.equal(gsmAnswer.command_status, smpp.ESME_ROK);
    const first = await tool.type('inbound_message');
    assert.equal(first.text, gsm);
    assert.equal(first.source, HANDSET);
    assert.equal(first.destination, SHORT_CODE);
    assert.equal(first.parts, 1);

    const unicode = 'Привет 👋 مرحبا 😀 — ok';
    const ucsAnswer = await deliver(smsc, { data_coding: 8, short_message: ucs2(unicode) });
    assert.equal(ucsAnswer.command_status, smpp.ESME_ROK);
    const second = await tool.type('inbound_message', (event) => event !== first);
    assert.equal(second.text, unicode);
  });
});

test('a 3-part concatenated MO (UDH) arrives as one text, parts out of order', limits, async () => {
  await withPeers({}, async (smsc, tool) => {
    await bound(tool);
    const pieces = ['The first part of a long text, ', 'then the second one 👍 ', 'and the last.'];
    for (const seq of [2, 1, 3]) {
      const udh = Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x03, seq]);
      const answer = await deliver(smsc, {
        esm_class: 0x40,
        data_coding: 8,
        short_message: Buffer.concat([udh, ucs2(pieces[seq - 1])]),
      });
      assert.equal(answer.command_status, smpp.ESME_ROK);
    }
    const message = await tool.type('inbound_message');
    assert.equal(message.text, pieces.join(''));
    assert.equal(message.parts, 3);
    assert.deepEqual(message.parts_missing, []);
    assert.equal(tool.of('inbound_message').length, 1);
  });
});

test('a long reply goes as concatenated submit_sm parts (GSM-7 and UCS-2) that reassemble to the text', limits, async () => {
  await withPeers({}, async (smsc, tool) => {
    await bound(tool);
    // 400 septets of GSM-7 (no extension characters): 153 per part → 3 parts.
    const gsm = 'Thank you for your message. '.repeat(15).slice(0, 400);
    assert.equal(gsm.length, 400);
    tool.submit({ id: 'long-gsm', text: gsm });
    const gsmQueued = await tool.type('submit_queued', (event) => event.id === 'long-gsm');
    assert.equal(gsmQueued.parts, 3);
    const gsmDone = await tool.type('message_accepted', (event) => event.id === 'long-gsm');
    assert.equal(gsmDone.message_ids.length, 3);

    const gsmParts = smsc.submits.map(parsePart);
    assert.equal(gsmParts.length, 3);
    for (const record of smsc.submits) {
      assert.equal(record.pdu.data_coding, 0);
      assert.equal(record.pdu.esm_class & 0x40, 0x40, 'UDHI set');
      assert.equal(record.pdu.registered_delivery, 0x01);
      assert.equal(record.pdu.destination_addr, HANDSET);
    }
    assert.ok(gsmParts.every((part) => part.total === 3 && part.ref === gsmParts[0].ref));
    gsmParts.sort((a, b) => a.seq - b.seq);
    assert.deepEqual(gsmParts.map((part) => part.seq), [1, 2, 3]);
    const septets = Buffer.concat(gsmParts.map((part) => part.body));
    assert.equal(smpp.gsmCoder.decode(septets, 0x00), gsm);
    assert.deepEqual(gsmParts.map((part) => part.body.length), [153, 153, 94]);

    // UCS-2: 67 code units per part, surrogate pairs (emoji) never split.
    const unicode = 'Спасибо за ожидание 😀 мы скоро ответим. '.repeat(5);
    const expectedParts = ucs2Parts(unicode);
    assert.ok(expectedParts >= 3);
    const before = smsc.submits.length;
    tool.submit({ id: 'long-ucs2', text: unicode });
    const ucsQueued = await tool.type('submit_queued', (event) => event.id === 'long-ucs2');
    assert.equal(ucsQueued.parts, expectedParts);
    await tool.type('message_accepted', (event) => event.id === 'long-ucs2');
    const ucsRecords = smsc.submits.slice(before);
    assert.equal(ucsRecords.length, expectedParts);
    for (const record of ucsRecords) {
      assert.equal(record.pdu.data_coding, 8);
      assert.equal(record.pdu.esm_class & 0x40, 0x40, 'UDHI set');
    }
    const ucsParts = ucsRecords.map(parsePart).sort((a, b) => a.seq - b.seq);
    assert.ok(ucsParts.every((part) => part.total === expectedParts && part.ref === ucsParts[0].ref));
    assert.notEqual(ucsParts[0].ref, gsmParts[0].ref, 'a new reference per message');
    assert.ok(ucsParts.every((part) => part.body.length <= 134));
    assert.equal(fromUcs2(Buffer.concat(ucsParts.map((part) => part.body))), unicode);
  });
});

test('delivery receipts (TLVs, and the text format) are matched to the submitted message id', limits, async () => {
  await withPeers({}, async (smsc, tool) => {
    await bound(tool);
    tool.submit({ id: 'r1', text: 'Your order has shipped.' });
    tool.submit({ id: 'r2', text: 'Second message.' });
    const first = await tool.type('message_accepted', (event) => event.id === 'r1');
    const second = await tool.type('message_accepted', (event) => event.id === 'r2');
    const [firstId] = first.message_ids;
    const [secondId] = second.message_ids;
    assert.equal(smsc.submits.find((record) => record.message_id === firstId).pdu.registered_delivery, 1);

    const withTlvs = await deliver(smsc, {
      esm_class: 0x04,
      source_addr: HANDSET,
      destination_addr: 'Parley',
      short_message: {
        message: `id:${firstId} sub:001 dlvrd:001 submit date:2511231321 done date:2511231322 stat:DELIVRD err:000 text:Your order has s`,
      },
      receipted_message_id: firstId,
      message_state: smpp.MESSAGE_STATE.DELIVERED,
    });
    assert.equal(withTlvs.command_status, smpp.ESME_ROK);
    const delivered = await tool.type('delivery_receipt', (event) => event.message_id === firstId);
    assert.equal(delivered.state, 'delivered');
    assert.equal(delivered.source, HANDSET);

    const textOnly = await deliver(smsc, {
      esm_class: 0x04,
      short_message: {
        message: `id:${secondId} sub:001 dlvrd:000 submit date:2511231321 done date:2511231330 stat:UNDELIV err:001 text:Second message.`,
      },
    });
    assert.equal(textOnly.command_status, smpp.ESME_ROK);
    const undelivered = await tool.type('delivery_receipt', (event) => event.message_id === secondId);
    assert.equal(undelivered.state, 'undeliverable');
    assert.equal(undelivered.error_code, 1);
    assert.equal(tool.of('inbound_message').length, 0, 'receipts are not texts');
  });
});

test('ESME_RTHROTTLED once, then OK: the part is sent again and accepted', limits, async () => {
  const decide = (pdu, index) => (index === 0 ? { status: smpp.ESME_RTHROTTLED } : {});
  await withPeers({ decide }, async (smsc, tool) => {
    await bound(tool);
    tool.submit({ id: 't1', text: 'Throttled at first.' });
    const accepted = await tool.type('message_accepted', (event) => event.id === 't1');
    assert.equal(accepted.message_ids.length, 1);
    assert.equal(smsc.submits.length, 2);
    const [refused, resent] = smsc.submits;
    assert.notEqual(resent.pdu.sequence_number, refused.pdu.sequence_number);
    assert.deepEqual(resent.raw, refused.raw);
    assert.equal(resent.pdu.destination_addr, refused.pdu.destination_addr);
    assert.equal(accepted.message_ids[0], resent.message_id);
    assert.equal(tool.of('submit_failed').length, 0);
    assert.equal(tool.of('submit_unconfirmed').length, 0);
  });
});

test('the SMS center dropping the connection mid-window: unconfirmed submits, reconnect, rebind', limits, async () => {
  // The first submit is answered, the second is left open, the third drops the connection; after
  // the rebind every submit is answered.
  let dropped = false;
  const decide = (pdu, index) => {
    if (dropped) {
      return {};
    }
    if (index === 1) {
      return { hold: true };
    }
    if (index === 2) {
      dropped = true;
      return { drop: true };
    }
    return {};
  };
  await withPeers({ decide, extra: ['--window', '5'] }, async (smsc, tool) => {
    await bound(tool);
    tool.submit({ id: 'd1', text: 'First.' });
    await tool.type('message_accepted', (event) => event.id === 'd1');
    tool.submit({ id: 'd2', text: 'Second.' });
    tool.submit({ id: 'd3', text: 'Third.' });

    const unconfirmed2 = await tool.type('submit_unconfirmed', (event) => event.id === 'd2');
    const unconfirmed3 = await tool.type('submit_unconfirmed', (event) => event.id === 'd3');
    assert.equal(unconfirmed2.parts_accepted, 0);
    assert.equal(unconfirmed3.parts_accepted, 0);
    await tool.waitFor((event) => event.type === 'connection' && event.state === 'disconnected', 'disconnected');
    await tool.waitFor((event) => event.type === 'reconnect_after', 'reconnect_after');

    await smsc.until(() => smsc.bound.length === 2);
    await tool.waitFor((event) => event.type === 'bound' && tool.of('bound').length === 2, 'second bind');
    assert.equal(smsc.binds.length, 2);
    assert.equal(smsc.submits.length, 3, 'nothing resent on its own after the drop');
    assert.equal(tool.of('message_accepted').length, 1);

    // The new bind carries traffic; d1 is not sent twice.
    tool.submit({ id: 'd4', text: 'After the rebind.' });
    await tool.type('message_accepted', (event) => event.id === 'd4');
    assert.equal(smsc.submits.length, 4);
    assert.equal(smsc.submits[3].session, smsc.bound[1]);
    assert.equal(smsc.submits.filter((record) => record.raw.equals(smsc.submits[0].raw)).length, 1);
  });
});

test('an SMS center that is not listening yet: the connect is retried until it binds', limits, async () => {
  // A port that was free a moment ago: nothing listens on it until the first refusal was seen.
  const probe = await startSmsc();
  const port = probe.port;
  await stopSmsc(probe);
  const tool = startPeerCheck(port);
  let smsc;
  try {
    const failed = await tool.waitFor(
      (event) => event.type === 'connection' && event.state === 'connect_failed',
      'connect_failed',
    );
    assert.equal(failed.attempt, 1);
    assert.ok(failed.retry_in_ms >= 50 && failed.retry_in_ms <= 100, `retry in ${failed.retry_in_ms} ms`);
    smsc = await startSmsc({ port });
    await bound(tool);
    assert.equal(smsc.binds.length, 1);
    tool.submit({ id: 'late', text: 'Hello after all.' });
    await tool.type('message_accepted', (event) => event.id === 'late');
  } finally {
    await finish(tool, smsc ?? (await startSmsc()));
  }
});

test('stop with a submit left unanswered: cut off after the grace period, reported unconfirmed', limits, async () => {
  const decide = () => ({ hold: true });
  await withPeers({ decide, extra: ['--stop-grace-ms', '200'] }, async (smsc, tool) => {
    await bound(tool);
    tool.submit({ id: 'held', text: 'Never answered.' });
    await smsc.until(() => smsc.submits.length === 1);
    tool.send({ stop: true });
    const unconfirmed = await tool.type('submit_unconfirmed', (event) => event.id === 'held');
    assert.equal(unconfirmed.parts_accepted, 0);
    const exit = await tool.exited;
    assert.equal(exit.code, 0, tool.stderr);
    assert.equal(tool.events.at(-1).state, 'stopped');
    assert.equal(tool.of('reconnect_after').length, 0, 'no reconnect once stopping');
    assert.equal(smsc.binds.length, 1);
  });
});

// A test SMS center (SMSC) for the SMPP suites: the npm `smpp` package's server on a free loopback
// port, answering bind_transceiver, enquire_link, unbind and submit_sm the way the tests ask, and
// sending deliver_sm (mobile-originated texts and delivery receipts) on a bound session. It keeps
// every bind and submit it saw, with the raw short_message bytes, so the tests can check what went
// over the wire. Nothing here sleeps to synchronise: waits are on PDUs and closes, with a deadline
// that only guards against a hang.
import assert from 'node:assert/strict';
import smpp from 'smpp';

export { smpp };

export const SYSTEM_ID = 'parley';
export const PASSWORD = 'secret12';
export const HANDSET = '15550001';
export const SHORT_CODE = '4477001';

// The SMS center keeps the raw short_message of every PDU it decodes (the package only hands out
// the text it decoded), so the tests can check the bytes on the wire.
if (!smpp.filters.message.decode.keepsRaw) {
  const decodeMessage = smpp.filters.message.decode;
  const keepRaw = function keepRaw(value, skipUdh) {
    if (Buffer.isBuffer(value)) {
      this.raw_short_message = Buffer.from(value);
    }
    return decodeMessage.call(this, value, skipUdh);
  };
  keepRaw.keepsRaw = true;
  smpp.filters.message.decode = keepRaw;
}

const DEFAULT_WAIT_MS = 20_000;

// ---------------------------------------------------------------------------------------------------
// The SMS center

// Answers submit_sm with `smsc.decide(pdu, index)` (settable later, or given as an option):
// {status} or {hold: true} (no answer) or {drop: true} (the socket is destroyed); by default
// ESME_ROK with a fresh message_id. Binds are accepted for `systemId`/`password` only.
// Every session gets `closed` (true once its socket closed) and `boundAt` (its index in `bound`).
export async function startSmsc({ decide, port = 0, systemId = SYSTEM_ID, password = PASSWORD } = {}) {
  const smsc = {
    binds: [],
    submits: [],
    sessions: [],
    bound: [],
    unbinds: 0,
    waiters: [],
    decide,
  };
  let nextId = 1000;
  smsc.notify = () => {
    for (const waiter of [...smsc.waiters]) {
      let held = false;
      try {
        held = waiter.check();
      } catch (error) {
        smsc.waiters.splice(smsc.waiters.indexOf(waiter), 1);
        waiter.reject(error);
        continue;
      }
      if (held) {
        smsc.waiters.splice(smsc.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  // Resolves once `check()` holds (checked now and after every PDU and close). With a `label`,
  // rejects after `ms` naming it (a guard against a hang, not a timing check).
  smsc.until = (check, { label, ms = DEFAULT_WAIT_MS } = {}) =>
    new Promise((resolve, reject) => {
      if (check()) {
        resolve();
        return;
      }
      const waiter = { check, resolve, reject };
      if (label) {
        const timer = setTimeout(() => {
          const at = smsc.waiters.indexOf(waiter);
          if (at >= 0) {
            smsc.waiters.splice(at, 1);
            reject(new Error(`SMS center: no ${label} within ${ms} ms; ${smsc.summary()}`));
          }
        }, ms);
        waiter.resolve = () => {
          clearTimeout(timer);
          resolve();
        };
        waiter.reject = (error) => {
          clearTimeout(timer);
          reject(error);
        };
      }
      smsc.waiters.push(waiter);
    });
  // The newest bound session that is still open (transient binds, e.g. a connection test, come
  // and go; texts are delivered on the session that stays).
  smsc.liveSession = () => [...smsc.bound].reverse().find((session) => !session.closed);
  smsc.summary = () =>
    `binds ${JSON.stringify(smsc.binds.map((bind) => `${bind.system_id}/${bind.password}`))}, ` +
    `${smsc.bound.length} bound (${smsc.bound.filter((session) => !session.closed).length} open), ` +
    `${smsc.submits.length} submits: ${JSON.stringify(smsc.submits.map((record) => textOfSubmit(record)).slice(-12))}`;

  smsc.server = smpp.createServer((session) => {
    smsc.sessions.push(session);
    session.closed = false;
    session.on('error', () => {});
    session.on('close', () => {
      session.closed = true;
      smsc.notify();
    });
    session.on('bind_transceiver', (pdu) => {
      smsc.binds.push({
        system_id: pdu.system_id,
        password: pdu.password,
        interface_version: pdu.interface_version,
      });
      if (pdu.system_id === systemId && pdu.password === password) {
        session.send(pdu.response({ system_id: 'TESTSMSC' }));
        session.boundAt = smsc.bound.length;
        smsc.bound.push(session);
      } else {
        session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
      }
      smsc.notify();
    });
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      smsc.unbinds += 1;
      session.send(pdu.response());
      session.close();
      smsc.notify();
    });
    session.on('submit_sm', (pdu) => {
      const index = smsc.submits.length;
      const record = { pdu, session, raw: pdu.raw_short_message ?? Buffer.alloc(0) };
      smsc.submits.push(record);
      const decision = smsc.decide?.(pdu, index, record) ?? {};
      record.decision = decision;
      if (decision.drop) {
        session.socket.destroy();
      } else if (!decision.hold) {
        const status = decision.status ?? smpp.ESME_ROK;
        record.status = status;
        record.message_id = status === smpp.ESME_ROK ? `msg-${nextId++}` : undefined;
        session.send(pdu.response({ command_status: status, message_id: record.message_id ?? '' }));
      }
      smsc.notify();
    });
  });
  await new Promise((resolve) => smsc.server.listen(port, '127.0.0.1', resolve));
  smsc.port = smsc.server.address().port;
  return smsc;
}

// Sends a deliver_sm on the SMS center's newest open bound session; resolves with the
// deliver_sm_resp, rejects when the session closes first (or, with `ms`, no answer came in time).
export function deliver(smsc, fields, { ms } = {}) {
  const session = smsc.liveSession();
  if (!session) {
    return Promise.reject(new Error(`SMS center: no open bound session to deliver on; ${smsc.summary()}`));
  }
  return new Promise((resolve, reject) => {
    let timer;
    const onClose = () => {
      clearTimeout(timer);
      reject(new Error('SMS center: the session closed before the deliver_sm_resp'));
    };
    session.once('close', onClose);
    if (ms) {
      timer = setTimeout(() => {
        session.off('close', onClose);
        reject(new Error(`SMS center: no deliver_sm_resp within ${ms} ms`));
      }, ms);
    }
    session.deliver_sm(
      {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: HANDSET,
        dest_addr_ton: 0,
        dest_addr_npi: 1,
        destination_addr: SHORT_CODE,
        esm_class: 0,
        data_coding: 0,
        ...fields,
      },
      (resp) => {
        clearTimeout(timer);
        session.off('close', onClose);
        resolve(resp);
      },
    );
  });
}

export async function stopSmsc(smsc) {
  if (!smsc) {
    return;
  }
  for (const session of smsc.sessions) {
    session.socket.destroy();
  }
  await new Promise((resolve) => smsc.server.close(resolve));
}

// ---------------------------------------------------------------------------------------------------
// Text helpers (the SMS center's view of the bytes)

export function ucs2(text) {
  return Buffer.from(text, 'utf16le').swap16();
}

export function fromUcs2(bytes) {
  return Buffer.from(bytes).swap16().toString('utf16le');
}

// A concatenated part as submitted: {ref, total, seq, body} from a UDH of 05 00 03 RR TT SS.
export function parsePart(record) {
  const raw = record.raw;
  assert.ok(raw.length > 6, 'a part with a UDH');
  assert.deepEqual([...raw.subarray(0, 3)], [0x05, 0x00, 0x03], 'an 8-bit-reference UDH');
  return { ref: raw[3], total: raw[4], seq: raw[5], body: raw.subarray(6) };
}

// The fewest UCS-2 parts of at most 67 code units that split no surrogate pair.
export function ucs2Parts(text) {
  let parts = 0;
  let index = 0;
  while (index < text.length) {
    let end = Math.min(index + 67, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) {
      end -= 1;
    }
    index = end;
    parts += 1;
  }
  return parts;
}

// The text of a body in `data_coding` (0: GSM 03.38 unpacked, one septet an octet; 8: UCS-2).
export function decodeBody(body, dataCoding) {
  if (dataCoding === 8) {
    return fromUcs2(body);
  }
  return smpp.gsmCoder.decode(Buffer.from(body), 0x00);
}

// The text one submit_sm carries (a part's own body, without its UDH).
export function textOfSubmit(record) {
  const udhi = (record.pdu.esm_class & 0x40) === 0x40;
  const raw = record.raw;
  const body = udhi && raw.length ? raw.subarray(raw[0] + 1) : raw;
  return decodeBody(body, record.pdu.data_coding);
}

// Groups submit_sm records into messages: single parts as they are, concatenated parts (same
// destination and UDH reference) joined in sequence order once all parts of a reference are seen.
// Returns [{text, records, parts}] in the order their first part arrived. A reference that is
// seen again after it completed starts a new message (a resubmission).
export function submittedMessages(records) {
  const messages = [];
  const open = new Map(); // destination/ref → message
  for (const record of records) {
    const udhi = (record.pdu.esm_class & 0x40) === 0x40;
    if (!udhi) {
      messages.push({ text: textOfSubmit(record), records: [record], parts: 1 });
      continue;
    }
    const part = parsePart(record);
    const key = `${record.pdu.destination_addr}/${part.ref}`;
    let message = open.get(key);
    if (!message || message.seen.has(part.seq)) {
      message = { records: [], parts: part.total, seen: new Map(), text: undefined };
      open.set(key, message);
      messages.push(message);
    }
    message.records.push(record);
    message.seen.set(part.seq, part.body);
    if (message.seen.size === part.total) {
      const bodies = [...message.seen.entries()].sort((a, b) => a[0] - b[0]).map(([, body]) => body);
      message.text = decodeBody(Buffer.concat(bodies), record.pdu.data_coding);
      open.delete(key);
    }
  }
  return messages;
}

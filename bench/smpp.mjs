// SMS over SMPP, two measurements against the npm `smpp` package's SMS center (a separate Node
// process, the same one for everything):
//   1. Outbound submit rate: Parley's ESME (build/release/bench/smpp_submit_bench, the
//      SmppConnection the SMPP gateway uses) against the npm package's own client, same window,
//      same text, same message count, in the same run. The ratio is Parley / the npm client.
//   2. MO → agent event: the full app bound to the SMS center as an SMS channel; the SMS center
//      sends deliver_sm from many handsets, first as fast as its window lets it (the MO ceiling),
//      then at half that rate on a fixed schedule; each text carries a sequence number, matched to
//      the live frame that brings it to an agent (conversation.assigned for a new conversation,
//      message.created for the next texts of a handset).
// bench/README.md describes it; run it through smpp.sh.
//
//   node smpp.mjs          the benchmark (this process also holds the agents' live sockets)
//   node smpp.mjs smsc     the SMS center (forked; IPC)
//   node smpp.mjs client   the npm package's client (forked; IPC)
//
// Exit status: 0 whether targets are met or missed; 1 if the benchmark misbehaved (PROBLEM lines).
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  PASSWORD,
  WebSocket,
  apiOk,
  cpuSeconds,
  envNumber,
  envSeconds,
  fmt,
  int,
  makeTemp,
  pool,
  problem,
  problemCount,
  quantile,
  removeDir,
  repoRoot,
  seedTenant,
  signIn,
  sleep,
  smoke,
  spawnTracked,
  startParley,
  verdict,
  waitFor,
} from './bench_common.mjs';

const smpp = createRequire(join(repoRoot, 'tests', 'package.json'))('smpp');
const self = fileURLToPath(import.meta.url);
const smppVersion = JSON.parse(readFileSync(join(repoRoot, 'tests', 'node_modules', 'smpp', 'package.json'), 'utf8')).version;

const SYSTEM_ID = 'parley';
const SMPP_PASSWORD = 'secret12';
const SHORT_CODE = '4477001'; // our number: the submit source and the MO destination
const HANDSET = '15550001'; // the submit destination
const TEXT = process.env.SUBMIT_TEXT || 'Hello from the benchmark'; // GSM-7, one part

// Epoch milliseconds with sub-millisecond resolution, comparable across the processes of a run.
const epochNow = () => performance.timeOrigin + performance.now();

// CPU seconds the whole machine has been busy (all cores; /proc/stat counts 1/100 s ticks): with our
// own processes' CPU subtracted, what other work on the machine took during a measurement.
function machineBusySeconds() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + (steal || 0)) / 100;
}

// ---------------------------------------------------------------------------------------------------
// The SMS center (child process)

function smscMain() {
  let nextId = 1;
  const stats = { binds: 0, refused: 0, unbinds: 0, submits: 0, submitBytes: 0, enquireLinks: 0 };
  const bound = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });

  const server = smpp.createServer((session) => {
    session.closed = false;
    session.on('error', () => {});
    session.on('close', () => {
      session.closed = true;
    });
    session.on('bind_transceiver', (pdu) => {
      if (pdu.system_id === SYSTEM_ID && pdu.password === SMPP_PASSWORD) {
        stats.binds += 1;
        session.send(pdu.response({ system_id: 'BENCHSMSC' }));
        bound.push(session);
      } else {
        stats.refused += 1;
        session.send(pdu.response({ command_status: smpp.ESME_RINVPASWD }));
      }
    });
    session.on('enquire_link', (pdu) => {
      stats.enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      stats.unbinds += 1;
      session.send(pdu.response());
      session.close();
    });
    // Every submit_sm is answered at once, ESME_ROK with a fresh message_id.
    session.on('submit_sm', (pdu) => {
      stats.submits += 1;
      stats.submitBytes += pdu.command_length;
      session.send(pdu.response({ message_id: String(nextId++) }));
    });
  });

  // deliver_sm from `handsets` handsets, at most `window` unanswered; `rate` 0: as fast as the
  // window allows, else open loop on a schedule. New handsets (each opens a conversation) come in
  // evenly over the phase: handset k sends its first text at text k · count / handsets; every other
  // text comes from the handset seen so far that texted longest ago. So the mix of new and next texts is the same
  // throughout the phase (and in a ceiling and a latency phase with similar count / handsets).
  const runMo = ({ count, seqStart, handsetBase, handsets, rate, window }) =>
    new Promise((resolveRun) => {
      const session = [...bound].reverse().find((candidate) => !candidate.closed);
      if (!session) {
        resolveRun({ error: 'no open bound session to deliver on' });
        return;
      }
      const scheduled = new Float64Array(count);
      const sent = new Float64Array(count);
      const answered = new Float64Array(count);
      const status = new Int32Array(count).fill(-1);
      let next = 0;
      let inFlight = 0;
      let answers = 0;
      let maxBacklog = 0;
      let finished = false;
      let seen = 0;
      const turns = []; // handsets seen so far, least recently used first (from `head` on)
      let head = 0;
      const handsetFor = (index) => {
        let handset;
        if (seen < handsets && index >= Math.floor(seen * count / handsets)) {
          handset = handsetBase + seen;
          seen += 1;
        } else {
          handset = turns[head];
          head += 1;
        }
        turns.push(handset);
        return handset;
      };
      const start = epochNow();
      const interval = rate > 0 ? 1000 / rate : 0;
      loopDelay.reset();
      loopDelay.enable();
      const finish = (error) => {
        if (finished) {
          return;
        }
        finished = true;
        loopDelay.disable();
        session.off('close', onClose);
        resolveRun({
          error,
          start,
          scheduled: Array.from(scheduled),
          sent: Array.from(sent),
          answered: Array.from(answered),
          status: Array.from(status),
          maxBacklog,
          loopDelayP99: loopDelay.percentile(99) / 1e6,
          loopDelayMax: loopDelay.max / 1e6,
        });
      };
      const onClose = () => finish('the session closed during the run');
      session.once('close', onClose);
      const send = (index) => {
        const seq = seqStart + index;
        inFlight += 1;
        sent[index] = epochNow();
        if (!rate) {
          scheduled[index] = sent[index];
        }
        session.deliver_sm({
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: String(handsetFor(index)),
          dest_addr_ton: 0,
          dest_addr_npi: 1,
          destination_addr: SHORT_CODE,
          esm_class: 0,
          data_coding: 0,
          short_message: { message: `Bench MO #${seq}: where is my parcel?` },
        }, (resp) => {
          answered[index] = epochNow();
          status[index] = resp.command_status;
          inFlight -= 1;
          answers += 1;
          pump();
          if (answers === count) {
            finish();
          }
        });
      };
      const due = () => (rate > 0 ? Math.min(count, Math.floor((performance.now() - (start - performance.timeOrigin)) / interval) + 1) : count);
      const pump = () => {
        const until = due();
        while (next < until && inFlight < window) {
          send(next);
          next += 1;
        }
        maxBacklog = Math.max(maxBacklog, until - next);
      };
      if (rate > 0) {
        for (let index = 0; index < count; index += 1) {
          scheduled[index] = start + index * interval;
        }
        const tick = () => {
          if (finished) {
            return;
          }
          pump();
          if (next < count) {
            setTimeout(tick, 1);
          }
        };
        tick();
      } else {
        pump();
      }
      // A guard against a hang, not a timing check.
      const guard = setInterval(() => {
        if (finished) {
          clearInterval(guard);
        } else if (epochNow() - start > (rate > 0 ? count / rate * 1000 : 0) + 60_000) {
          clearInterval(guard);
          finish(`${count - answers} deliver_sm unanswered after 60 s`);
        }
      }, 1000);
    });

  process.on('message', async (message) => {
    if (message.cmd === 'stats') {
      process.send({ type: 'stats', stats: { ...stats, open: bound.filter((session) => !session.closed).length } });
    } else if (message.cmd === 'mo') {
      process.send({ type: 'mo', result: await runMo(message) });
    } else if (message.cmd === 'exit') {
      for (const session of bound) {
        session.socket.destroy();
      }
      server.close(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
}

// ---------------------------------------------------------------------------------------------------
// The npm package's client (child process): bind_transceiver, then submit_sm keeping `window`
// outstanding, a warm-up then the measured count, then unbind.

function clientMain() {
  process.on('disconnect', () => process.exit(1));
  process.once('message', ({ port, window, count, warmup }) => {
    const session = smpp.connect({ host: '127.0.0.1', port });
    const fail = (why) => {
      process.send({ type: 'result', error: why });
      process.exit(1);
    };
    session.on('error', (error) => fail(`socket error: ${error.message}`));
    const phase = (total) =>
      new Promise((resolvePhase) => {
        let submitted = 0;
        let accepted = 0;
        const onResp = (pdu) => {
          if (pdu.command_status !== 0) {
            fail(`submit_sm_resp status ${pdu.command_status}`);
          }
          accepted += 1;
          if (submitted < total) {
            sendOne();
          }
          if (accepted === total) {
            resolvePhase();
          }
        };
        const sendOne = () => {
          submitted += 1;
          session.submit_sm({
            source_addr_ton: 1,
            source_addr_npi: 1,
            source_addr: SHORT_CODE,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: HANDSET,
            registered_delivery: 0,
            data_coding: 0,
            short_message: TEXT,
          }, onResp);
        };
        for (let index = 0; index < Math.min(window, total); index += 1) {
          sendOne();
        }
      });
    session.on('connect', () => {
      session.bind_transceiver({ system_id: SYSTEM_ID, password: SMPP_PASSWORD }, async (pdu) => {
        if (pdu.command_status !== 0) {
          fail(`bind refused: ${pdu.command_status}`);
        }
        if (warmup > 0) {
          await phase(warmup);
        }
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await phase(count);
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        session.unbind(() => {
          session.close();
          const total = process.cpuUsage();
          process.send({
            type: 'result', seconds, rate: count / seconds, cpuS: (cpu.user + cpu.system) / 1e6,
            cpuTotalS: (total.user + total.system) / 1e6,
          });
          process.exit(0);
        });
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The benchmark

const WINDOWS = (process.env.WINDOWS || '10,50').split(',').map(Number).filter((value) => value > 0);
const COUNT = envNumber('COUNT', smoke ? 20_000 : 100_000);
const WARMUP = envNumber('WARMUP', smoke ? 0 : 5_000);
const MODES = (process.env.MODES || 'refill,queue').split(',').filter(Boolean);
const ROUNDS = envNumber('ROUNDS', smoke ? 1 : 2);
const PARTS = (process.env.PARTS || 'submit,mo').split(',');
const MO_WINDOW = envNumber('MO_WINDOW', 10);
const HANDSETS = envNumber('HANDSETS', smoke ? 200 : 1_000);
const MO_COUNT = envNumber('MO_COUNT', smoke ? 1_000 : 6_000);
const MO_WARMUP = envNumber('MO_WARMUP', smoke ? 0 : 1_000);
const MO_RATE = envNumber('MO_RATE', 0); // 0: half the MO ceiling measured in the run
const MO_DURATION = envSeconds('MO_DURATION', smoke ? '2s' : '5s');
const MO_CSV = process.env.MO_CSV || ''; // if set: one line per text of the scheduled phase
const AGENTS = envNumber('AGENTS', smoke ? 2 : 4);
const CAPACITY = envNumber('CAPACITY', 1000);
const SUBMIT_TARGET = 0.9;
const TARGET_P99_MS = 50;
const benchBin = process.env.SMPP_SUBMIT_BENCH_BIN || join(repoRoot, 'build', 'release', 'bench', 'smpp_submit_bench');

// The most CPU other work on the machine took during a measurement (share of one core).
let othersMax = 0;
function noteOthers(share) {
  othersMax = Math.max(othersMax, share);
}

// Forks this file in `mode` (an IPC channel to it).
function forkSelf(mode) {
  return fork(self, [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function nextMessage(child, type) {
  return new Promise((resolveMessage, rejectMessage) => {
    const onMessage = (message) => {
      if (message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveMessage(message);
      }
    };
    const onExit = (code) => rejectMessage(new Error(`${type}: the child exited (${code}) first`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function smscStats(smsc) {
  smsc.send({ cmd: 'stats' });
  return (await nextMessage(smsc, 'stats')).stats;
}

async function runNpmClient(port, window) {
  const child = forkSelf('client');
  child.send({ port, window, count: COUNT, warmup: WARMUP });
  const { error, seconds, rate, cpuS, cpuTotalS } = await nextMessage(child, 'result');
  await new Promise((resolveExit) => (child.exitCode !== null ? resolveExit() : child.once('exit', resolveExit)));
  if (error) {
    throw new Error(`npm smpp client: ${error}`);
  }
  return { seconds, rate, cpuS, cpuTotalS };
}

function runParleyBench(port, window, mode) {
  return new Promise((resolveRun, rejectRun) => {
    const args = ['--port', String(port), '--window', String(window), '--count', String(COUNT),
      '--warmup', String(WARMUP), '--mode', mode, '--text', TEXT, '--to', HANDSET, '--from', SHORT_CODE,
      '--system-id', SYSTEM_ID, '--password', SMPP_PASSWORD];
    const child = spawnTracked(benchBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', rejectRun);
    child.once('exit', (code) => {
      const line = /^SMPP_SUBMIT (.*)$/m.exec(out);
      if (code !== 0 || !line) {
        rejectRun(new Error(`smpp_submit_bench exited ${code}:\n${out}`));
        return;
      }
      const fields = Object.fromEntries(line[1].split(' ').map((pair) => pair.split('=')));
      resolveRun({
        seconds: Number(fields.seconds), rate: Number(fields.messages_per_s), cpuS: Number(fields.cpu_s),
        cpuTotalS: Number(fields.cpu_total_s),
      });
    });
  });
}

// One client run with the SMS center's CPU and what it received.
async function measured(smsc, label, run) {
  const before = await smscStats(smsc);
  const smscCpu = cpuSeconds(smsc.pid);
  const busy = machineBusySeconds();
  const ownCpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const wall = (performance.now() - started) / 1000;
  const smscCpuUsed = cpuSeconds(smsc.pid) - smscCpu;
  const ownUsed = ((usage) => (usage.user + usage.system) / 1e6)(process.cpuUsage(ownCpu));
  result.othersCpuShare = Math.max(0, machineBusySeconds() - busy - smscCpuUsed - result.cpuTotalS - ownUsed) / wall;
  noteOthers(result.othersCpuShare);
  const after = await smscStats(smsc);
  const submits = after.submits - before.submits;
  const expected = COUNT + WARMUP;
  if (submits !== expected) {
    problem(`${label}: the SMS center got ${int(submits)} submit_sm, expected ${int(expected)}`);
  }
  // Over the whole client run (start, bind, warm-up, measured phase, unbind): /proc counts in 10 ms ticks.
  result.smscCpuShare = smscCpuUsed / wall;
  result.smscMicrosPerSubmit = smscCpuUsed / Math.max(1, submits) * 1e6;
  result.pduBytes = (after.submitBytes - before.submitBytes) / Math.max(1, submits);
  return result;
}

async function submitPart(smsc, port) {
  console.log(`== 1. submit_sm rate: ${int(COUNT)} messages ("${TEXT}", GSM-7, one part, no receipt) per run, ` +
    `${int(WARMUP)} unmeasured first, against the npm smpp ${smppVersion} SMS center (its own process, answers at once) ==`);
  const rows = [];
  for (const window of WINDOWS) {
    const runs = [];
    const line = (name, result) => console.log(`  window ${String(window).padStart(3)}  ${name.padEnd(26)} ` +
      `${fmt(result.rate, 0).padStart(9)} msg/s  ${fmt(result.seconds, 2)} s  client CPU ${fmt(result.cpuS / result.seconds * 100, 0)} % ` +
      `(${fmt(result.cpuS / COUNT * 1e6, 1)} µs/msg)  ` +
      `SMS center CPU ${fmt(result.smscCpuShare * 100, 0)} % (${fmt(result.smscMicrosPerSubmit, 1)} µs/submit)  ` +
      `submit_sm ${fmt(result.pduBytes, 0)} bytes  other work on the machine ${fmt(result.othersCpuShare * 100, 0)} %`);
    // Rounds interleave the clients; each client's best round counts (interference only slows a run).
    const best = new Map(); // client → its fastest run
    for (let round = 1; round <= ROUNDS; round += 1) {
      const npm = await measured(smsc, `npm client, window ${window}`, () => runNpmClient(port, window));
      line(`npm smpp client${ROUNDS > 1 ? ` #${round}` : ''}`, npm);
      if (!best.has('npm') || npm.rate > best.get('npm').rate) {
        best.set('npm', npm);
      }
      for (const mode of MODES) {
        const result = await measured(smsc, `Parley ${mode}, window ${window}`, () => runParleyBench(port, window, mode));
        line(`Parley ESME ${mode}${ROUNDS > 1 ? ` #${round}` : ''}`, result);
        if (!best.has(mode) || result.rate > best.get(mode).rate) {
          best.set(mode, result);
        }
      }
    }
    rows.push({ window, npm: best.get('npm'), runs: MODES.map((mode) => ({ mode, ...best.get(mode) })) });
  }
  return rows;
}

// ---- part 2: MO → agent event ------------------------------------------------------------------
const agents = [];
const created = new Map(); // seq → {t, agent, conversation}
const assignedAt = new Map(); // conversationId → {t, agent}
const otherFrames = new Map();
let duplicateCreated = 0;
let closing = false;

function onFrame(agent, data) {
  const t = epochNow();
  const text = data.toString();
  if (text.includes('"message.created"')) {
    const message = JSON.parse(text).message;
    const seq = Number(/#(\d+):/.exec(message.content?.text ?? '')?.[1]);
    if (message.direction === 'inbound' && Number.isFinite(seq)) {
      if (created.has(seq)) {
        duplicateCreated += 1;
      } else {
        created.set(seq, { t, agent: agent.id, conversation: message.conversationId });
      }
      return;
    }
  } else if (text.includes('"conversation.assigned"')) {
    const change = JSON.parse(text).change;
    if (!assignedAt.has(change.conversationId)) {
      assignedAt.set(change.conversationId, { t, agent: agent.id });
    }
    return;
  }
  const type = /"type":"([^"]+)"/.exec(text)?.[1] ?? '?';
  otherFrames.set(type, (otherFrames.get(type) ?? 0) + 1);
}

function openSocket(server, agent) {
  return new Promise((resolveOpen, rejectOpen) => {
    const ws = new WebSocket(`${server.wsUrl}/api/v1/live`, {
      headers: { cookie: agent.session.cookie, origin: server.url },
      perMessageDeflate: false,
    });
    let hello = false;
    ws.on('message', (data) => {
      if (!hello) {
        hello = true;
        resolveOpen(ws);
        return;
      }
      onFrame(agent, data);
    });
    ws.on('close', (code, reason) => {
      if (!hello) {
        rejectOpen(new Error(`live socket of ${agent.email} closed before hello: ${code} ${reason}`));
      } else if (!closing) {
        problem(`the server closed the live socket of ${agent.email} (code ${code} ${reason}); events after it are lost`);
      }
    });
    ws.on('unexpected-response', (request, response) => rejectOpen(new Error(`live socket refused: ${response.statusCode}`)));
    ws.on('error', (error) => {
      if (!hello) {
        rejectOpen(error);
      }
    });
  });
}

// Every inbound text of a conversation (all pages): [{seq, messageId}].
async function storedTexts(server, token, conversationId) {
  const texts = [];
  let after = null;
  do {
    const page = await apiOk(server.url, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200` +
      (after ? `&after=${encodeURIComponent(after)}` : ''), 200, { token });
    for (const item of page.items) {
      const seq = Number(/#(\d+):/.exec(item.content?.text ?? '')?.[1]);
      if (item.direction === 'inbound' && Number.isFinite(seq)) {
        texts.push(seq);
      }
    }
    after = page.nextCursor;
  } while (after);
  return texts;
}

// One MO phase: the SMS center sends, then every text is matched to the frame that brought it to
// an agent. Returns the figures.
async function moPhase(smsc, server, token, label, { count, seqStart, handsetBase, handsets, rate }) {
  const parleyCpu = cpuSeconds(server.pid);
  const smscCpu = cpuSeconds(smsc.pid);
  const nodeCpu = process.cpuUsage();
  const busy = machineBusySeconds();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  smsc.send({ cmd: 'mo', count, seqStart, handsetBase, handsets, rate, window: MO_WINDOW });
  const { result } = await nextMessage(smsc, 'mo');
  const wall = (epochNow() - result.start) / 1000;
  const cpu = {
    parley: (cpuSeconds(server.pid) - parleyCpu) / wall,
    smsc: (cpuSeconds(smsc.pid) - smscCpu) / wall,
    node: ((usage) => (usage.user + usage.system) / 1e6 / wall)(process.cpuUsage(nodeCpu)),
  };
  cpu.others = Math.max(0, (machineBusySeconds() - busy) / wall - cpu.parley - cpu.smsc - cpu.node);
  noteOthers(cpu.others);
  if (result.error) {
    problem(`${label}: ${result.error}`);
  }
  const notOk = result.status.filter((status) => status !== 0).length;
  if (notOk) {
    problem(`${label}: ${notOk} deliver_sm not answered ESME_ROK (statuses ${[...new Set(result.status)].join(', ')})`);
  }
  // Wait for the frames: every text either has its message.created or may be in a conversation
  // announced since; stop once nothing new came for 0.5 s (at most 15 s).
  const seqs = Array.from({ length: count }, (_, index) => seqStart + index);
  let seen = -1;
  let quietSince = performance.now();
  const deadline = performance.now() + 15000;
  while (performance.now() < deadline) {
    const now = created.size + assignedAt.size;
    if (now !== seen) {
      seen = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 500) {
      break;
    }
    await sleep(50);
  }
  loopDelay.disable();

  // Which conversation holds each text: the conversations announced during the phase, read back.
  const conversations = [...assignedAt].filter(([, event]) => event.t >= result.start).map(([id]) => id);
  const holder = new Map(); // seq → conversationId
  let storedTwice = 0;
  await pool(conversations, 4, async (id) => {
    for (const seq of await storedTexts(server, token, id)) {
      if (seq < seqStart || seq >= seqStart + count) {
        continue;
      }
      if (holder.has(seq)) {
        storedTwice += 1;
      }
      holder.set(seq, id);
    }
  });
  const distinctHandsets = Math.min(handsets, count);
  if (conversations.length !== distinctHandsets) {
    problem(`${label}: ${conversations.length} conversations announced for ${distinctHandsets} handsets (expected one each)`);
  }
  if (storedTwice) {
    problem(`${label}: ${storedTwice} texts stored more than once`);
  }
  const fromScheduled = { all: [], opened: [], added: [] };
  const fromSent = [];
  const durable = [];
  const series = [];
  let notStored = 0;
  let noEvent = 0;
  for (const [index, seq] of seqs.entries()) {
    if (result.status[index] !== 0) {
      continue;
    }
    durable.push(result.answered[index] - result.sent[index]);
    const conversation = holder.get(seq) ?? created.get(seq)?.conversation;
    if (!conversation) {
      notStored += 1;
      continue;
    }
    // The frame that brings the text to the agent: its message.created (sent when the text is added
    // to a conversation the agent already holds), else the conversation's assignment (the text was
    // stored before the conversation was assigned, so the assignment came after it was sent).
    const assignment = assignedAt.get(conversation);
    const addedEvent = created.get(seq);
    let event;
    let kind;
    if (addedEvent) {
      event = addedEvent.t;
      kind = 'added';
    } else if (assignment && assignment.t >= result.sent[index]) {
      event = assignment.t;
      kind = 'opened';
    }
    if (event === undefined) {
      noEvent += 1;
      continue;
    }
    fromScheduled.all.push(event - result.scheduled[index]);
    fromScheduled[kind].push(event - result.scheduled[index]);
    fromSent.push(event - result.sent[index]);
    series.push([result.scheduled[index] - result.start, result.sent[index] - result.scheduled[index],
      result.answered[index] - result.sent[index], event - result.scheduled[index], kind]);
  }
  if (MO_CSV && rate > 0) {
    const lines = ['scheduled_ms,waited_for_window_ms,deliver_to_resp_ms,schedule_to_frame_ms,frame'];
    for (const row of series) {
      lines.push(row.map((value) => (typeof value === 'number' ? value.toFixed(3) : value)).join(','));
    }
    writeFileSync(MO_CSV, `${lines.join('\n')}\n`);
    console.log(`MO series written to ${MO_CSV}`);
  }
  if (notStored) {
    problem(`${label}: ${notStored} answered texts not found in any conversation announced during the phase`);
  }
  if (noEvent) {
    problem(`${label}: ${noEvent} texts got no frame (no message.created, and their conversation was assigned before they were sent)`);
  }
  if (duplicateCreated) {
    problem(`${label}: ${duplicateCreated} texts announced twice by message.created`);
  }
  // How long a new conversation waited for its assignment: from its first text's deliver_sm to the
  // conversation.assigned frame (texts stored meanwhile are announced by that frame, not their own).
  const firstOf = new Map(); // conversationId → earliest send of its texts
  for (const [seq, conversation] of holder) {
    const sentAt = result.sent[seq - seqStart];
    if (!firstOf.has(conversation) || sentAt < firstOf.get(conversation)) {
      firstOf.set(conversation, sentAt);
    }
  }
  const toAssignment = [...firstOf].map(([conversation, sentAt]) => assignedAt.get(conversation).t - sentAt);
  const sorted = (values) => Float64Array.from(values).sort();
  const firstSent = Math.min(...result.sent.slice(0, 1));
  const lastAnswer = result.answered.reduce((max, value) => Math.max(max, value), 0);
  return {
    count,
    rate: count / ((lastAnswer - firstSent) / 1000),
    seconds: (lastAnswer - firstSent) / 1000,
    conversations: conversations.length,
    latency: { all: sorted(fromScheduled.all), opened: sorted(fromScheduled.opened), added: sorted(fromScheduled.added) },
    fromSent: sorted(fromSent),
    toAssignment: sorted(toAssignment),
    durable: sorted(durable),
    scheduled: rate > 0,
    maxBacklog: result.maxBacklog,
    smscLoopP99: result.loopDelayP99,
    nodeLoopP99: loopDelay.percentile(99) / 1e6,
    cpu,
  };
}

function latencyLine(name, sorted) {
  return `  ${name.padEnd(46)} n ${int(sorted.length).padStart(6)}  p50 ${fmt(quantile(sorted, 0.5), 2).padStart(7)} ms  ` +
    `p99 ${fmt(quantile(sorted, 0.99), 2).padStart(7)} ms  max ${fmt(sorted[sorted.length - 1], 2).padStart(7)} ms`;
}

function printMo(label, figures) {
  const backlog = figures.scheduled ? `; most texts due but held back by the window at once: ${int(figures.maxBacklog)}` : '';
  console.log(`${label}: ${int(figures.count)} texts from ${int(figures.conversations)} handsets in ${fmt(figures.seconds, 2)} s = ` +
    `${fmt(figures.rate, 0)} texts/s${backlog}`);
  console.log(latencyLine('deliver_sm → agent frame (from the schedule)', figures.latency.all));
  console.log(latencyLine('  into a new conversation → conversation.assigned', figures.latency.opened));
  console.log(latencyLine('  into an assigned one → message.created', figures.latency.added));
  console.log(latencyLine('deliver_sm → agent frame (from the actual send)', figures.fromSent));
  console.log(latencyLine('first text of a conversation → its assignment', figures.toAssignment));
  console.log(latencyLine('deliver_sm → deliver_sm_resp (stored)', figures.durable));
  console.log(`  CPU: Parley ${fmt(figures.cpu.parley * 100, 0)} %, SMS center ${fmt(figures.cpu.smsc * 100, 0)} %, ` +
    `this process (sockets) ${fmt(figures.cpu.node * 100, 0)} %, other work ${fmt(figures.cpu.others * 100, 0)} % of 200 %; ` +
    `event-loop delay p99: SMS center ` +
    `${fmt(figures.smscLoopP99, 2)} ms, this process ${fmt(figures.nodeLoopP99, 2)} ms`);
}

async function moPart(smsc, port, tmp) {
  const dataDir = join(tmp, 'parley');
  mkdirSync(dataDir);
  const { token } = seedTenant(dataDir, 'Bench SMS');
  const server = await startParley(dataDir);
  try {
    console.log(`\n== 2. MO → agent event: Parley ${server.url} (pid ${server.pid}) bound to the SMS center as an SMS channel ==`);
    const setupStart = performance.now();
    const emails = Array.from({ length: AGENTS }, (_, index) => `agent${index}@bench.parley.test`);
    await pool(emails, 2, async (email, index) => {
      const user = await apiOk(server.url, 'POST', '/api/v1/users', 201, {
        token,
        body: { email, password: PASSWORD, role: 'agent', displayName: `Agent ${index}` },
      });
      await apiOk(server.url, 'PATCH', `/api/v1/agents/${user.user.id}`, 200, { token, body: { capacity: CAPACITY } });
      const agent = { id: user.user.id, email, session: await signIn(server.url, email) };
      await apiOk(server.url, 'PATCH', '/api/v1/me/agent', 200, { session: agent.session, body: { presence: 'available' } });
      agent.ws = await openSocket(server, agent);
      agents.push(agent);
    });
    const channel = (await apiOk(server.url, 'POST', '/api/v1/channels', 201, {
      token,
      body: {
        type: 'smpp',
        name: 'SMS',
        enabled: true,
        settings: { host: '127.0.0.1', port, systemId: SYSTEM_ID, sourceAddress: `+${SHORT_CODE}`, binds: 1, window: 10 },
        password: SMPP_PASSWORD,
      },
    })).channel;
    let state;
    const bound = await waitFor(async () => {
      const listed = await apiOk(server.url, 'GET', '/api/v1/channels', 200, { token });
      state = listed.items.find((item) => item.id === channel.id)?.status;
      return state?.state === 'bound';
    }, 20000, 100);
    if (!bound) {
      throw new Error(`the SMS channel did not bind within 20 s: ${JSON.stringify(state)}`);
    }
    const stats = await smscStats(smsc);
    console.log(`setup: ${AGENTS} agents (capacity ${CAPACITY}, no skills needed), signed in, available, one live socket each; ` +
      `SMS channel ${channel.id} bound (${stats.open} open bind at the SMS center) in ${fmt((performance.now() - setupStart) / 1000)} s`);
    console.log(`The npm smpp server has no window of its own (it sends whatever it is given); this SMS center keeps at most ` +
      `${MO_WINDOW} deliver_sm unanswered (MO_WINDOW). Parley answers each one once the text is stored.`);

    let seq = 1;
    if (MO_WARMUP > 0) {
      const warm = await moPhase(smsc, server, token, 'MO warm-up', {
        count: MO_WARMUP, seqStart: seq, handsetBase: 15553000000, handsets: Math.min(200, MO_WARMUP), rate: 0,
      });
      seq += MO_WARMUP;
      console.log(`warm-up: ${int(warm.count)} texts at ${fmt(warm.rate, 0)}/s, not measured`);
    }
    const ceiling = await moPhase(smsc, server, token, 'MO ceiling', {
      count: MO_COUNT, seqStart: seq, handsetBase: 15551000000, handsets: HANDSETS, rate: 0,
    });
    seq += MO_COUNT;
    printMo(`\nMO ceiling (as fast as a window of ${MO_WINDOW} allows)`, ceiling);
    const rate = MO_RATE > 0 ? MO_RATE : Math.max(1, Math.floor(ceiling.rate / 2));
    const latency = await moPhase(smsc, server, token, 'MO latency', {
      count: Math.max(1, Math.round(rate * MO_DURATION)), seqStart: seq, handsetBase: 15552000000, handsets: HANDSETS, rate,
    });
    printMo(`\nMO at ${int(rate)}/s (${MO_RATE > 0 ? 'MO_RATE' : 'half the ceiling'}) for ${MO_DURATION} s, on a schedule`, latency);
    const frames = [...otherFrames].map(([type, count]) => `${type} ${count}`).join(', ');
    console.log(`other frames on the agents' sockets: ${frames || 'none'}`);
    return { ceiling, latency, rate };
  } finally {
    closing = true;
    for (const agent of agents) {
      agent.ws?.close();
    }
    const exit = await server.stop();
    if (exit.code !== 0) {
      console.log(`WARNING: parley exited ${exit.code ?? exit.signal} after SIGTERM`);
    }
  }
}

async function main() {
  const tmp = makeTemp('smpp');
  const smsc = forkSelf('smsc');
  try {
    const { port } = await nextMessage(smsc, 'ready');
    const submit = PARTS.includes('submit') ? await submitPart(smsc, port) : [];
    const mo = PARTS.includes('mo') ? await moPart(smsc, port, tmp) : null;

    console.log(`\nSummary: SMS over SMPP against the npm smpp SMS center (own process), ${int(COUNT)} submit_sm per run, ` +
      `best of ${ROUNDS} round${ROUNDS > 1 ? 's' : ''} per client`);
    for (const { window, npm, runs } of submit) {
      const parts = runs.map((run) => `Parley ${run.mode} ${fmt(run.rate, 0)}/s (${fmt(run.rate / npm.rate, 3)})`);
      console.log(`  window ${window}: npm client ${fmt(npm.rate, 0)}/s; ${parts.join(', ')}`);
    }
    const p99 = mo ? quantile(mo.latency.latency.all, 0.99) : NaN;
    if (mo) {
      console.log(`  MO: ceiling ${fmt(mo.ceiling.rate, 0)} texts/s with a window of ${MO_WINDOW}; at ${int(mo.rate)}/s ` +
        `deliver_sm → agent frame p50 ${fmt(quantile(mo.latency.latency.all, 0.5), 2)} ms, p99 ${fmt(p99, 2)} ms`);
    }
    if (othersMax > 0.25) {
      console.log(`  NOTE: other work on the machine took up to ${fmt(othersMax * 100, 0)} % of a core during a measurement ` +
        `(the "other work" figures above): the affected figures are low; run again on a quiet machine`);
    }
    console.log('targets');
    const row = (name, value, ok) => console.log(`  ${name.padEnd(44)} ${value.padStart(10)}   ${ok}`);
    for (const { window, npm, runs } of submit) {
      for (const run of runs) {
        const ratio = run.rate / npm.rate;
        row(`Parley/npm submit rate >= 0.9, window ${window} ${run.mode}`, fmt(ratio, 3), verdict(ratio >= SUBMIT_TARGET));
      }
    }
    if (mo) {
      row(`p99 deliver_sm → agent frame < ${TARGET_P99_MS} ms`, `${fmt(p99, 2)} ms`, verdict(p99 < TARGET_P99_MS));
    }
  } finally {
    closing = true;
    if (smsc.connected) {
      smsc.send({ cmd: 'exit' });
    }
    await new Promise((resolveExit) => (smsc.exitCode !== null ? resolveExit() : smsc.once('exit', resolveExit)));
    removeDir(tmp);
  }
  if (problemCount()) {
    console.log(`benchmark FAILED: ${problemCount()} problem(s)`);
    process.exit(1);
  }
  console.log('benchmark ok');
  process.exit(0);
}

const mode = process.argv[2];
if (mode === 'smsc') {
  smscMain();
} else if (mode === 'client') {
  clientMain();
} else {
  main().catch((error) => {
    console.error(`smpp: ${error.stack ?? error}`);
    process.exit(1);
  });
}

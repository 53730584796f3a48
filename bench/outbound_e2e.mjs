// The whole outbound path on a Telegram channel: an agent's reply stored (POST
// /api/v1/conversations/{id}/messages answers 201 once it is durable) → the outbox sends it to the
// Bot API (nginx at BOT_API_URL answering sendMessage as Telegram does, started by outbound_e2e.sh)
// → its status "sent" and the provider's id stored → message.status on the agent's live socket.
// Replies/s from the first reply to the last "sent", against raw SQLite writing the same rows
// (sqlite_baseline reply) in the same run.
//
// Environment: BOT_API_URL (required), DURATION (default 10s; 2s with BENCH_SMOKE=1), IN_FLIGHT
// replies posted at once (default 64), CONVERSATIONS (default 64), PARLEY_BIN, SQLITE_BASELINE_BIN.
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
  quantile,
  removeDir,
  repoRoot,
  seedTenant,
  signIn,
  smoke,
  startParley,
  waitFor,
} from './bench_common.mjs';

const BOT_API_URL = process.env.BOT_API_URL;
const DURATION = envSeconds('DURATION', smoke ? '2s' : '10s');
const IN_FLIGHT = envNumber('IN_FLIGHT', 64);
const CONVERSATIONS = envNumber('CONVERSATIONS', 64);
const baselineBin = process.env.SQLITE_BASELINE_BIN || join(repoRoot, 'build', 'release', 'bench', 'sqlite_baseline');
const TOKEN = '123456789:AAE-bench_outbound_token';
const REPLY_TEXT = 'Thanks, we are looking into your order now.';

const sentAt = new Map(); // message id → when its "sent" status arrived
const postedAt = new Map(); // message id → when its POST was answered

// POST with a keep-alive agent: the driver must not be what limits the rate.
const agentPool = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
function post(url, path, session, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolvePost, rejectPost) => {
    const request = http.request(
      `${url}${path}`,
      {
        method: 'POST',
        agent: agentPool,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          origin: url,
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolvePost({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', rejectPost);
    request.end(payload);
  });
}

function openSocket(server, session) {
  return new Promise((resolveOpen, rejectOpen) => {
    const ws = new WebSocket(`${server.wsUrl}/api/v1/live`, {
      headers: { cookie: session.cookie, origin: server.url },
      perMessageDeflate: false,
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8'));
      if (frame.type === 'hello') {
        resolveOpen(ws);
      } else if (frame.type === 'message.status' && frame.message.status === 'sent' && !sentAt.has(frame.message.id)) {
        sentAt.set(frame.message.id, performance.now());
      }
    });
    ws.on('error', rejectOpen);
    ws.on('unexpected-response', (request, response) => rejectOpen(new Error(`live socket refused: ${response.statusCode}`)));
  });
}

async function main() {
  if (!BOT_API_URL) {
    throw new Error('BOT_API_URL is not set (run bench/outbound_e2e.sh)');
  }
  const tmp = makeTemp('outbound');
  const dataDir = join(tmp, 'parley');
  let server;
  try {
    mkdirSync(dataDir);
    const { token } = seedTenant(dataDir, 'Bench outbound');
    server = await startParley(dataDir, ['--webhook-allow-private', '--public-url', 'https://parley.bench.test']);
    console.log(`Parley ${server.url} (pid ${server.pid}), Bot API ${BOT_API_URL}`);

    // One agent holds every conversation and sends every reply.
    const email = 'outbound-agent@bench.parley.test';
    const created = await apiOk(server.url, 'POST', '/api/v1/users', 201, {
      token,
      body: { email, password: PASSWORD, role: 'agent', displayName: 'Outbound agent' },
    });
    const skill = (await apiOk(server.url, 'POST', '/api/v1/skills', 201, { token, body: { name: 'support' } })).skill.id;
    await apiOk(server.url, 'POST', '/api/v1/categories', 201, {
      token,
      body: { name: 'General', position: 1, skills: [skill] },
    });
    await apiOk(server.url, 'PATCH', `/api/v1/agents/${created.user.id}`, 200, {
      token,
      body: { capacity: CONVERSATIONS, skills: [{ skillId: skill, active: true }] },
    });
    const session = await signIn(server.url, email);
    await apiOk(server.url, 'PATCH', '/api/v1/me/agent', 200, { session, body: { presence: 'available' } });
    const ws = await openSocket(server, session);

    const channel = (
      await apiOk(server.url, 'POST', '/api/v1/channels', 201, {
        token,
        body: { type: 'telegram', name: 'Bench bot', botToken: TOKEN, settings: { mode: 'webhook', apiBaseUrl: BOT_API_URL } },
      })
    ).channel;
    // One Telegram user per conversation writes first, through the channel's webhook.
    const secret = createHmac('sha256', TOKEN).update(channel.id).digest('hex');
    for (let chat = 1; chat <= CONVERSATIONS; ++chat) {
      const update = {
        update_id: chat,
        message: { message_id: 1, date: 1700000000, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: `User ${chat}` }, text: 'Where is my order?' },
      };
      const answer = await fetch(`${server.url}/api/v1/channels/${channel.id}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
      if (answer.status !== 200) {
        throw new Error(`the webhook answered ${answer.status}: ${await answer.text()}`);
      }
    }
    let conversations = [];
    await waitFor(async () => {
      const listed = await apiOk(server.url, 'GET', '/api/v1/conversations?limit=200', 200, { token });
      conversations = listed.items.filter((item) => item.channel === channel.id && item.agentId === created.user.id);
      return conversations.length === CONVERSATIONS;
    }, 10000);
    if (conversations.length !== CONVERSATIONS) {
      throw new Error(`only ${conversations.length} of ${CONVERSATIONS} conversations reached the agent`);
    }

    // Sanity: one reply goes all the way.
    const sample = await post(server.url, `/api/v1/conversations/${conversations[0].id}/messages`, session, { text: REPLY_TEXT });
    if (sample.status !== 201) {
      throw new Error(`the sample reply answered ${sample.status}: ${sample.text}`);
    }
    const sampleId = JSON.parse(sample.text).message.id;
    if (!(await waitFor(() => sentAt.has(sampleId), 10000))) {
      throw new Error('the sample reply was not sent within 10 s (is the Bot API answering?)');
    }

    console.log(`\n== ${IN_FLIGHT} replies in flight for ${DURATION} s over ${CONVERSATIONS} conversations ==`);
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const stopAt = started + DURATION * 1000;
    let failed = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, worker) => {
        for (let turn = 0; performance.now() < stopAt; ++turn) {
          const conversation = conversations[(worker + turn * IN_FLIGHT) % CONVERSATIONS];
          const answer = await post(server.url, `/api/v1/conversations/${conversation.id}/messages`, session, { text: REPLY_TEXT });
          if (answer.status === 201) {
            postedAt.set(JSON.parse(answer.text).message.id, performance.now());
          } else {
            failed += 1;
          }
        }
      }),
    );
    const postingEnded = performance.now();
    const drained = await waitFor(() => [...postedAt.keys()].every((id) => sentAt.has(id)), 60000);
    const cpuParley = cpuSeconds(server.pid) - cpuBefore;
    const lastSent = [...postedAt.keys()].reduce((last, id) => Math.max(last, sentAt.get(id) ?? 0), started);
    const sentCount = [...postedAt.keys()].filter((id) => sentAt.has(id)).length;
    const spanS = (lastSent - started) / 1000;
    const rate = sentCount / spanS;
    const storeToSent = [...postedAt].filter(([id]) => sentAt.has(id)).map(([id, at]) => sentAt.get(id) - at).sort((a, b) => a - b);
    console.log(`stored (201): ${int(postedAt.size)} replies, ${fmt(postedAt.size / ((postingEnded - started) / 1000))}/s; refused: ${failed}`);
    console.log(`sent (message.status "sent" on the agent's socket): ${int(sentCount)}${drained ? '' : ' (NOT ALL within 60 s)'}, ` +
      `the last ${int(lastSent - postingEnded)} ms after posting stopped`);
    console.log(`201 → "sent": p50 ${fmt(quantile(storeToSent, 0.5), 2)} ms, p99 ${fmt(quantile(storeToSent, 0.99), 2)} ms`);
    console.log(`Parley CPU: ${fmt((cpuParley / spanS) * 100, 0)} % of 200 %`);
    ws.close();

    console.log(`\n== raw SQLite: the rows of one reply, stored then sent, ${IN_FLIGHT} replies per transaction ==`);
    const baseline = spawnSync(baselineBin, [join(tmp, 'baseline.db'), String(DURATION), String(IN_FLIGHT), 'reply', `content=${JSON.stringify({ text: REPLY_TEXT }).length}`], { encoding: 'utf8' });
    if (baseline.status !== 0) {
      throw new Error(`sqlite_baseline failed: ${baseline.stderr}`);
    }
    console.log(baseline.stdout.trim());
    const baselineRate = Number(/replies_per_s=([0-9.]+)/.exec(baseline.stdout)[1]);

    console.log(`\nSummary: Telegram replies, stored → sent to the Bot API → status stored, ${IN_FLIGHT} in flight`);
    console.log(`Parley replies/s (first reply to last "sent")  ${fmt(rate)}`);
    console.log(`raw SQLite replies/s (same rows)              ${fmt(baselineRate)}`);
    console.log(`ratio Parley/raw SQLite                       ${fmt(rate / baselineRate, 3)}`);
    if (!drained || failed > 0) {
      process.exitCode = 1;
    }
  } finally {
    agentPool.destroy();
    if (server) {
      await server.stop();
    }
    removeDir(tmp);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

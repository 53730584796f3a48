// Attaching a file from the agent's computer. No DOM here (like the other component tests): the composer is
// rendered to HTML on the server side of React to see what a draft shows, and choosing a file and sending run
// through what the composer calls (uploadForReply, withAttachment, replyContent) and the real API calls, against
// a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendMessage, uploadAttachment, type Channel, type Conversation } from '../../api/routing';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../test/fakeFetch';
import { Composer } from './Composer';
import { MAX_ATTACHMENT_BYTES, uploadForReply } from './state/attachment';
import { replyContent, withAttachment } from './state/composer';
import type { Draft } from './WorkspaceProvider';

const drafts = vi.hoisted(() => new Map<string, unknown>());
vi.mock('./WorkspaceProvider', () => ({
  useWorkspace: () => ({
    draft: (conversationId: string) => drafts.get(conversationId),
    setDraft: () => undefined,
    sendTyping: () => undefined,
  }),
  describeError: String,
}));
// Its useSyncExternalStore has no server snapshot, which rendering on the server side of React needs.
vi.mock('./useNow', () => ({ useNow: () => Date.now() }));

const empty: Draft = { text: '', mediaUrl: '', attachment: null, note: '', pending: null };

const conversation = (id: string): Conversation => ({
  id,
  contactId: 'ctc_1',
  channel: 'chn_tg',
  categoryId: null,
  state: 'assigned',
  agentId: 'usr_1',
  manual: false,
  enqueuedAt: '2026-11-23T10:00:00.000Z',
  assignedAt: '2026-11-23T10:00:05.000Z',
  offerDeadline: null,
  firstResponseAt: null,
  closedAt: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  lastMessageAt: '2026-11-23T10:00:00.000Z',
});

const channel = (media: boolean): Channel => ({
  id: 'chn_tg',
  type: 'telegram',
  name: 'Support bot',
  enabled: true,
  inboundPath: '',
  webhookUrl: '',
  webhookSecretSet: false,
  capabilities: { text: true, media, choices: false, maxChoices: 0, location: false, typing: false, readReceipts: false },
  replyWindowSeconds: null,
});

/** The composer of conversation `id` as it opens with the workspace's draft for it. */
function render(id: string, draft: Draft, media = true): string {
  drafts.set(id, draft);
  return renderToStaticMarkup(
    <Composer
      conversation={conversation(id)}
      channel={channel(media)}
      channelsKnown
      messages={[]}
      cannedResponses={null}
      canWrite
    />,
  );
}

const sendButton = (html: string) => /<button[^>]* type="submit"[^>]*>Send<\/button>/.exec(html)?.[0] ?? '';

const receiptAnswer = {
  attachment: { id: 'med_1', url: '/api/v1/media/med_1', mimeType: 'image/png', name: 'receipt #1.png', size: 12345 },
};

/** The server: every request is recorded and answered by `answer`. */
const fakeServer = (answer: (call: FetchCall) => FakeAnswer) => fakeFetch({ csrf: 'tok1', answer }).calls;
const json = (status: number, body: unknown): FakeAnswer => ({ status, body });

function messageAnswer(call: FetchCall) {
  const body = call.body as { content: unknown };
  return json(201, {
    message: {
      id: 'msg_1',
      conversationId: 'cnv_1',
      direction: 'outbound',
      content: body.content,
      status: 'queued',
      statusReason: null,
      providerMessageId: null,
      authorId: 'usr_1',
      authorKind: 'user',
      createdAt: '2026-11-23T10:01:00.000Z',
    },
  });
}

/** What the composer does once a file is chosen: upload it, and attach it to the draft if that worked. */
async function chooseFile(draft: Draft, file: File) {
  const result = await uploadForReply(file, (chosen) => uploadAttachment('cnv_1', chosen));
  return { result, draft: result.ok ? withAttachment(draft, result.attachment) : draft };
}

/** What the composer does on Send: post the reply the draft makes. */
async function send(draft: Draft) {
  const content = replyContent(draft, true);
  expect(content).not.toBeNull();
  await sendMessage('cnv_1', content!, 'key-1');
}

afterEach(() => {
  drafts.clear();
});

describe('attaching a file from the computer', () => {
  it('offers "Attach a file" (a button opening a hidden file input) only where the channel carries media', () => {
    const html = render('cnv_1', empty);
    expect(html).toMatch(/<button class="button button-small" type="button">Attach a file<\/button>/);
    expect(html).toMatch(/<input type="file" hidden="" aria-label="File to attach"\/>/);
    expect(html).toContain('>Attach a link</button>');

    const textOnly = render('cnv_1', empty, false);
    expect(textOnly).not.toContain('Attach a file');
    expect(textOnly).not.toContain('type="file"');
  });

  it('uploads the file at once, shows it as a chip, and sends it by id with the text as its caption', async () => {
    const calls = fakeServer((call) => (call.url.endsWith('/messages') ? messageAnswer(call) : json(201, receiptAnswer)));
    const file = new File([new Uint8Array(12345)], 'receipt #1.png', { type: 'image/png' });

    const chosen = await chooseFile({ ...empty, text: 'Here is your receipt' }, file);

    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].url).toBe('/api/v1/conversations/cnv_1/attachments?name=receipt%20%231.png');
    expect(calls[0].body).toBe(file);
    expect(calls[0].headers['Content-Type']).toBe('image/png');
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok1');
    expect(chosen.result.ok).toBe(true);

    const html = render('cnv_1', chosen.draft);
    expect(html).toContain('<span class="ws-attachment">receipt #1.png · 12 KB<button');
    expect(html).toContain('aria-label="Remove attachment"');
    expect(sendButton(html)).not.toContain('disabled');

    await send(chosen.draft);

    expect(calls).toHaveLength(2);
    expect(calls[1].url).toBe('/api/v1/conversations/cnv_1/messages');
    expect(calls[1].body).toEqual({
      content: { media: { id: 'med_1', caption: 'Here is your receipt' } },
    });
  });

  it('sends a file whose type the browser does not know as application/octet-stream', async () => {
    const calls = fakeServer(() => json(201, receiptAnswer));

    await chooseFile(empty, new File(['data'], 'notes.xyz'));

    expect(calls[0].headers['Content-Type']).toBe('application/octet-stream');
  });

  it('keeps the uploaded file in its own conversation\'s draft, so it is there again after a switch', () => {
    const attached = withAttachment(empty, receiptAnswer.attachment);
    drafts.set('cnv_2', empty);

    expect(render('cnv_1', attached)).toContain('receipt #1.png · 12 KB');
    expect(render('cnv_2', empty)).not.toContain('ws-attachment');
    expect(render('cnv_1', attached)).toContain('receipt #1.png · 12 KB');
  });

  it('refuses a file over 20 MiB in the browser, without sending it', async () => {
    const calls = fakeServer(() => json(201, receiptAnswer));
    const limit = new Uint8Array(MAX_ATTACHMENT_BYTES);

    const tooLarge = await chooseFile(empty, new File([limit, new Uint8Array(1)], 'video.mov', { type: 'video/quicktime' }));

    expect(tooLarge.result).toEqual({ ok: false, message: 'video.mov is too large (20.0 MB): a file can be at most 20 MB.' });
    expect(tooLarge.draft.attachment).toBeNull();
    expect(calls).toHaveLength(0);

    // Exactly 20 MiB is allowed.
    await chooseFile(empty, new File([limit], 'video.mov', { type: 'video/quicktime' }));
    expect(calls).toHaveLength(1);
  });

  it("gives the server's reason when it refuses the file, and attaches nothing", async () => {
    fakeServer(() => json(422, { error: { code: 'validation_failed', message: 'the file is empty' } }));
    const before = { ...empty, text: 'See attached' };

    const refused = await chooseFile(before, new File([], 'empty.txt', { type: 'text/plain' }));

    expect(refused.result).toEqual({ ok: false, message: 'the file is empty' });
    expect(refused.draft).toBe(before);
    expect(render('cnv_1', refused.draft)).not.toContain('ws-attachment');
  });

  it('keeps the file attached before when another one is refused', async () => {
    fakeServer(() => json(413, { error: { code: 'payload_too_large', message: 'the file is larger than 20 MiB' } }));
    const attached = withAttachment(empty, receiptAnswer.attachment);

    const refused = await chooseFile(attached, new File(['x'], 'other.png', { type: 'image/png' }));

    expect(refused.result).toEqual({ ok: false, message: 'the file is larger than 20 MiB' });
    expect(refused.draft.attachment).toEqual(receiptAnswer.attachment);
  });

  it('sends the text alone again once the chip is removed', async () => {
    const calls = fakeServer(messageAnswer);
    const attached = withAttachment({ ...empty, text: 'Here is your receipt' }, receiptAnswer.attachment);

    const removed = withAttachment(attached, null);

    const html = render('cnv_1', removed);
    expect(html).not.toContain('ws-attachment');
    expect(html).not.toContain('Remove attachment');
    await send(removed);
    expect(calls[0].body).toEqual({ content: { text: 'Here is your receipt' } });
  });

  it('disables Send while there is nothing to send, and enables it for a file alone', () => {
    expect(sendButton(render('cnv_1', empty))).toContain('disabled');
    expect(sendButton(render('cnv_1', withAttachment(empty, receiptAnswer.attachment)))).not.toContain('disabled');
  });
});

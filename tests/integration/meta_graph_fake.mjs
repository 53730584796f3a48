// A fake of Meta's Graph API for the tests: the WhatsApp Business Cloud API, the Messenger Send API
// and Instagram messaging (Messenger API for Instagram), written from /work/shared/channels.md §1–§3
// and cross-checked against three third-party npm packages (meta_graph_fake.test.mjs):
// whatsapp-api-js 6.3.0 (its client's sends, media upload/download and mark-read are accepted here;
// its signature check and webhook parser accept the fake's WhatsApp webhooks; its verification
// handler accepts the fake's handshake), messaging-api-messenger 1.1.0 (its Send API client,
// including appsecret_proof, is accepted here) and x-hub-signature 2.1.3 (it accepts the fake's
// Messenger and Instagram webhook signatures). Meta offers no sandbox that can be driven from a test
// (the WhatsApp test number needs a real phone, Messenger needs a real user), so this is what the
// integration tests talk to. Loopback only (127.0.0.1, port 0); nothing here sleeps to synchronise:
// waits are on requests and webhook answers, with a deadline that only guards against a hang.
//
// Parley side (the business): every Graph call needs the access token, as `Authorization: Bearer`
// or `?access_token=` (wrong or missing → HTTP 401, code 190). An `appsecret_proof` query parameter,
// when present, must be lowercase hex HMAC-SHA256(key = app secret, message = the token used), else
// HTTP 400 code 100 "Invalid appsecret_proof provided in the API argument" (choice: Meta only
// *requires* it when the app enables "Require App Secret"; the message is Meta's, the type
// OAuthException is unconfirmed — Meta may answer GraphMethodException). The path version must be
// the fake's `version` (choice: a mismatch is 400 code 100, so a misconfigured version shows).
//   POST /{v}/{phone-number-id}/messages      §1.2 sends and the mark-read form
//   POST /{v}/{phone-number-id}/media         multipart upload → {"id"}
//   GET  /{v}/{media-id}                      §1.1 media URL; GET <url> with Bearer → the bytes
//   DELETE /{v}/{media-id}                    → {"success":true} (choice, from Meta's docs)
//   GET  /{v}/{phone-number-id}?fields=…      (from Meta's docs, not in channels.md)
//   GET  /{v}/{waba-id}/message_templates     (from Meta's docs, not in channels.md)
//   POST /{v}/me/messages, /{v}/{page-id}/messages, /{v}/{ig-id}/messages   §2.2 / §3 sends
//   GET  /{v}/me, /{v}/{page-id}              → {"name","id"} (from Meta's docs, not in channels.md)
// Errors are Graph's error body {"error":{"message","type","code","error_subcode"?,"error_data"?,
// "fbtrace_id"}} with HTTP 400 (401 for code 190); on WhatsApp paths error_data is
// {"messaging_product":"whatsapp","details"} (§1.2); Messenger errors carry no error_data (choice).
// Unknown ids answer Meta's "(#100) Unsupported get|post request. Object with ID '…' does not
// exist…" with error_subcode 33 (from Meta's answers, not in channels.md).
//
// Meta side (the tests play Meta and the users): subscribe() runs the §1.1 GET handshake; the
// whatsapp.* and messenger.* helpers build webhook payloads and post() signs them with
// `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>` over JSON in which
// every non-ASCII character is escaped as \uXXXX with lowercase hex (§1.1: the bytes on the wire
// are already in the escaped form), so a receiver that re-serialises parsed JSON breaks, as with
// Meta. Every webhook POST is recorded in `fake.deliveries`.
//
// Recorded for the tests: `sent` holds *every* request to /{v}/{pnid}/messages, accepted or not —
// {phoneNumberId, body, raw, headers, query, at, status, response, ok, kind ('message' | 'read'),
// wamid?, windowClosed?} — so a waitForSent predicate that wants accepted sends checks `ok`;
// `messengerSent` likewise {pageId, path, platform ('messenger' | 'instagram'), body, raw, headers,
// query, at, status, response, ok, messageId?}; `calls` every Graph request. Extensions beyond the
// brief: subscribe(url, token, {object}) keeps a URL per webhook object (`webhookUrls`), a page may
// have its own token (addPage({accessToken})), failNext({channel}) targets one API,
// setLastInbound / messenger.setLastInbound set a window by hand, the `now` option replaces the
// clock, waitForDelivery(predicate) waits for a webhook answer.
//
// State kept like Meta keeps it:
// - WhatsApp customer-service window (§1.3): per (phone-number id, wa_id) the timestamp of the last
//   inbound message posted (its `timestamp` field, seconds — so a test back-dates it). A free-form
//   (non-template) send more than 24 h after it, or with no inbound at all, is *accepted* (200 with
//   a wamid) and then a `failed` status with error 131047 is POSTed to the webhook, signed, after
//   the answer has been written — as Meta does (the 131047 arrives as a status, not as a 4xx).
// - Templates (setTemplates per WABA): a template send must name an APPROVED template in that
//   language for the number's WABA, else 400 code 132001 (choice: also for a template that exists
//   but is not APPROVED — Meta has further codes for paused/disabled ones, not in channels.md); the
//   number of parameters of the BODY (and a text HEADER) component must equal the number of
//   distinct {{n}} / {{name}} placeholders, else 400 code 132000.
// - Messenger/Instagram window (§2.3, §3): per (page, user) the timestamp of the user's last
//   message, postback or referral (ms). Outside 24 h without the HUMAN_AGENT tag, or outside 7 days
//   with it → 400 code 10, error_subcode 2018278, "(#10) This message is sent outside of allowed
//   window." (unconfirmed: channels.md §2.2/§8; the wording is the one third-party bug reports
//   quote). A user the page never heard from → 400 code 100, subcode 2018001 "No matching user
//   found" (choice, Meta's wording for unknown PSIDs; not in channels.md).
//
// Where channels.md is silent or marks a fact unconfirmed, the choice made is marked "(choice)" or
// "(unconfirmed)" below; facts from Meta's docs that channels.md does not carry are marked
// "(from Meta's docs, not in channels.md)". Where in doubt the fake is the stricter reading.
// Facts from Meta's docs, not in channels.md:
// - GET /{v}/{waba-id}/message_templates → {"data":[{"name","language","status","category",
//   "parameter_format","components":[{"type":"BODY","text":"…{{1}}…"}],"id"}],"paging":{"cursors":
//   {"before","after"}}} (filters name / language / status, `limit` default 25 (choice), `after`).
// - GET /{v}/{phone-number-id}?fields=display_phone_number,verified_name →
//   {"display_phone_number","verified_name","id"}; unknown field → 100 "Tried accessing
//   nonexisting field (…) on node type (WhatsAppBusinessPhoneNumber)". The webhook's
//   metadata.display_phone_number is the same number as digits only (choice; §1.1's example).
// - GET /{v}/me with a page token → {"name","id"}.
// - Instagram story reply: message.reply_to.story {url,id}; story mention:
//   message.attachments[{type:"story_mention",payload:{url}}] (Meta's story-mention page).
// - WhatsApp reaction {"type":"reaction","reaction":{"message_id","emoji"}}, location
//   {"type":"location","location":{latitude,longitude,name,address}}, contacts
//   {"type":"contacts","contacts":[{name:{formatted_name}, phones…}]}; interactive list:
//   interactive.type "list", action.button + sections[].rows[{id,title,description}].
// Other choices, in brief: lengths are counted in UTF-16 code units (the stricter of code units and
// code points; §1.3 just says "chars") except Instagram text, which is < 1000 UTF-8 *bytes* (§3);
// `to` must be digits only, E.164 ([1-9] then 6–14 digits); `type` defaults to text (Meta's docs);
// a media id in a send must be one the fake knows (uploaded or addMedia); file_size is a JSON number
// and sha256 is lowercase hex (unconfirmed: §1.1 shows placeholders only); mark-read needs a wamid
// the fake posted to that number; the only Messenger/Instagram tag accepted is HUMAN_AGENT
// (CONFIRMED_EVENT_UPDATE, ACCOUNT_UPDATE, POST_PURCHASE_UPDATE are rejected with 100, §2.3 since
// 27 Apr 2026; any other tag 100); sender_action requests skip the window check.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';

export const DEFAULT_VERSION = 'v24.0';
export const DEFAULT_ACCESS_TOKEN = 'EAAtestGraphFakeAccessToken0123456789ABCDEFabcdef';
export const DEFAULT_APP_SECRET = 'appsecret0123456789abcdef0123456';
const DEFAULT_WAIT_MS = 20_000;
const DAY_MS = 24 * 3600 * 1000;
const MAX_BODY_BYTES = 110 * 1000 * 1000; // a 100 MB document plus multipart overhead (choice)

export const WA_MESSAGE_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'interactive', 'template', 'location', 'contacts', 'reaction'];
const WA_MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'];
// Interactive types beyond button/list are accepted with an `action` object only (choice: the
// names are whatsapp-api-js 6.3.0's; channels.md §1.2 shows only `button`).
const WA_INTERACTIVE_TYPES = ['button', 'list', 'cta_url', 'flow', 'product', 'product_list', 'catalog_message', 'location_request_message', 'call_permission_request', 'request_contact_info'];
// §1.3 limits.
const WA_LIMITS = { text: 4096, interactiveBody: 1024, headerFooter: 60, buttons: 3, buttonTitle: 20, buttonId: 256, listSections: 10, listRows: 10, rowTitle: 24, rowDescription: 72, rowId: 200, listButton: 20, caption: 1024, opaque: 512 };
// Upload types and sizes (§1.3 "Media"; MB = 10^6 bytes, choice; the MIME list is Meta's
// supported-media table as whatsapp-api-js carries it). WebP is a sticker, 500 KB (the animated
// limit; a static one cannot be told apart here).
export const WA_UPLOAD_TYPES = {
  'audio/aac': 16e6,
  'audio/amr': 16e6,
  'audio/mpeg': 16e6,
  'audio/mp4': 16e6,
  'audio/ogg': 16e6,
  'text/plain': 100e6,
  'application/pdf': 100e6,
  'application/vnd.ms-powerpoint': 100e6,
  'application/msword': 100e6,
  'application/vnd.ms-excel': 100e6,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100e6,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100e6,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100e6,
  'image/jpeg': 5e6,
  'image/png': 5e6,
  'image/webp': 5e5,
  'video/mp4': 16e6,
  'video/3gpp': 16e6,
  'video/3gp': 16e6,
};
const MS_MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY']; // §2.2
const MS_REMOVED_TAGS = ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE']; // §2.3
const MS_SENDER_ACTIONS = ['mark_seen', 'typing_on', 'typing_off'];
const MS_ATTACHMENT_TYPES = ['image', 'audio', 'video', 'file', 'template'];
const MS_QUICK_REPLY_TYPES = ['text', 'user_phone_number', 'user_email'];
const MS_LIMITS = { text: 2000, igTextBytes: 1000, quickReplies: 13, quickReplyTitle: 20, quickReplyPayload: 1000, metadata: 1000 };
const HUMAN_AGENT_MS = 7 * DAY_MS;

const REENGAGEMENT_DETAILS = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isString = (value) => typeof value === 'string';
const nonEmpty = (value) => typeof value === 'string' && value.length > 0;

// JSON as Meta writes webhooks: every non-ASCII (and DEL) character as \uXXXX, lowercase hex —
// the same escaping whatsapp-api-js applies before checking a signature.
export function metaJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sign(raw, appSecret) {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export function appsecretProof(token, appSecret) {
  return crypto.createHmac('sha256', appSecret).update(token, 'utf8').digest('hex');
}

const randomWamid = () => `wamid.HBgM${crypto.randomBytes(34).toString('base64')}`; // base64 with + / = (choice)
const randomMid = () => `m_${crypto.randomBytes(45).toString('base64url')}`;
const randomIgMid = () => `aWdfZAG1faXRlbTox${crypto.randomBytes(36).toString('base64url')}`; // IG mids are bare base64 (choice)
const randomNumericId = () => `1${crypto.randomInt(1e14, 2.8e14)}`; // 16 digits, like Graph object ids
const fbtraceId = () => crypto.randomBytes(8).toString('base64url');
const sha256Hex = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// Seconds since the epoch as the string WhatsApp webhooks carry (§1.1): from a Date, a number of
// seconds or a digit string; default now.
function waTimestamp(value, now) {
  if (value === undefined || value === null) {
    return String(Math.floor(now() / 1000));
  }
  if (value instanceof Date) {
    return String(Math.floor(value.getTime() / 1000));
  }
  return String(Math.floor(Number(value)));
}

// Milliseconds for Messenger events (§2.1): a Date or a number of ms; default now.
function msTimestamp(value, now) {
  if (value === undefined || value === null) {
    return now();
  }
  return value instanceof Date ? value.getTime() : Number(value);
}

async function readBody(stream, limit = Infinity) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) {
      throw Object.assign(new Error(`body over ${limit} bytes`), { tooLarge: true });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// multipart/form-data → [{name, filename, contentType, data}] (enough for what clients send).
export function parseMultipart(raw, contentType) {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!match) {
    throw new Error('no multipart boundary');
  }
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const delimiter = Buffer.concat([Buffer.from('\r\n'), boundary]);
  const parts = [];
  let position = raw.indexOf(boundary);
  if (position === -1) {
    throw new Error('multipart boundary not found');
  }
  for (;;) {
    let start = position + boundary.length;
    if (raw.subarray(start, start + 2).toString('latin1') === '--') {
      return parts;
    }
    if (raw.subarray(start, start + 2).toString('latin1') !== '\r\n') {
      throw new Error('malformed multipart delimiter');
    }
    start += 2;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) {
      throw new Error('unterminated multipart body');
    }
    const part = raw.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) {
      throw new Error('multipart part without headers');
    }
    const headers = {};
    for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: headers['content-type'],
      data: part.subarray(headerEnd + 4),
    });
    position = next + 2;
  }
}

// `interactive['action']['buttons'][0]` — the way Meta names a parameter in error details.
const param = (...keys) => keys.map((key, index) => (index === 0 ? key : `[${typeof key === 'number' ? key : `'${key}'`}]`)).join('');

// Checks a WhatsApp send body (§1.2, §1.3). Returns null or the `details` string for code 100.
// `mediaKnown(id)` tells whether a media id exists.
export function validateWhatsAppMessage(body, { mediaKnown = () => true } = {}) {
  if (!isObject(body)) {
    return 'The request body must be a JSON object';
  }
  if (body.messaging_product === undefined) {
    return 'The parameter messaging_product is required.';
  }
  if (body.messaging_product !== 'whatsapp') {
    return "Param messaging_product must be 'whatsapp'";
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    return "Param recipient_type must be 'individual'"; // (choice) groups are not modelled
  }
  if (body.to === undefined) {
    return 'The parameter to is required.';
  }
  if (!isString(body.to) || !/^[1-9]\d{6,14}$/.test(body.to)) {
    return 'Param to must be a phone number of 7 to 15 digits (no +, spaces or dashes)';
  }
  const type = body.type ?? 'text';
  if (!WA_MESSAGE_TYPES.includes(type)) {
    return `Param type must be one of {${WA_MESSAGE_TYPES.join(', ')}}`;
  }
  if (body.context !== undefined && (!isObject(body.context) || !nonEmpty(body.context.message_id))) {
    return "Param context['message_id'] must be a non-empty string";
  }
  if (body.biz_opaque_callback_data !== undefined && (!isString(body.biz_opaque_callback_data) || body.biz_opaque_callback_data.length > WA_LIMITS.opaque)) {
    return `Param biz_opaque_callback_data must be a string of at most ${WA_LIMITS.opaque} characters`; // (unconfirmed length)
  }
  const content = body[type];
  if (content === undefined) {
    return `The parameter ${type} is required.`;
  }
  if (type === 'contacts') {
    return validateWaContacts(content);
  }
  if (!isObject(content)) {
    return `Param ${type} must be a JSON object`;
  }
  switch (type) {
    case 'text':
      if (!nonEmpty(content.body)) {
        return `${param('text', 'body')} is required`;
      }
      if (content.body.length > WA_LIMITS.text) {
        return `Param ${param('text', 'body')} must be at most ${WA_LIMITS.text} characters long.`;
      }
      if (content.preview_url !== undefined && typeof content.preview_url !== 'boolean') {
        return `Param ${param('text', 'preview_url')} must be a boolean`;
      }
      return null;
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      return validateWaMedia(type, content, mediaKnown);
    case 'interactive':
      return validateWaInteractive(content);
    case 'template':
      if (!nonEmpty(content.name)) {
        return `${param('template', 'name')} is required`;
      }
      if (!isObject(content.language) || !nonEmpty(content.language.code)) {
        return `${param('template', 'language', 'code')} is required`;
      }
      if (content.components !== undefined) {
        if (!Array.isArray(content.components)) {
          return `Param ${param('template', 'components')} must be an array`;
        }
        for (const [index, component] of content.components.entries()) {
          if (!isObject(component) || !nonEmpty(component.type)) {
            return `${param('template', 'components', index, 'type')} is required`;
          }
          if (component.parameters !== undefined && !Array.isArray(component.parameters)) {
            return `Param ${param('template', 'components', index, 'parameters')} must be an array`;
          }
        }
      }
      return null;
    case 'location':
      for (const [key, limit] of [['latitude', 90], ['longitude', 180]]) {
        if (typeof content[key] !== 'number' || !Number.isFinite(content[key]) || Math.abs(content[key]) > limit) {
          return `Param ${param('location', key)} must be a number between -${limit} and ${limit}`;
        }
      }
      for (const key of ['name', 'address']) {
        if (content[key] !== undefined && !isString(content[key])) {
          return `Param ${param('location', key)} must be a string`;
        }
      }
      return null;
    case 'reaction':
      if (!nonEmpty(content.message_id)) {
        return `${param('reaction', 'message_id')} is required`;
      }
      if (!isString(content.emoji)) {
        return `${param('reaction', 'emoji')} is required (an empty string removes the reaction)`;
      }
      return null;
    default:
      return null;
  }
}

function validateWaMedia(type, content, mediaKnown) {
  const hasId = content.id !== undefined;
  const hasLink = content.link !== undefined;
  if (hasId === hasLink) {
    return `Param ${type} must contain exactly one of ${param(type, 'id')} or ${param(type, 'link')}`;
  }
  if (hasId && (!nonEmpty(content.id) || !mediaKnown(content.id))) {
    return `Param ${param(type, 'id')} is not a valid media id`; // (choice) checked at send time
  }
  if (hasLink) {
    let url;
    try {
      url = new URL(content.link);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      return `Param ${param(type, 'link')} must be an http(s) URL`;
    }
  }
  if (content.caption !== undefined) {
    if (!['image', 'video', 'document'].includes(type)) {
      return `Param ${param(type, 'caption')} is not allowed for ${type}`;
    }
    if (!isString(content.caption) || content.caption.length > WA_LIMITS.caption) {
      return `Param ${param(type, 'caption')} must be a string of at most ${WA_LIMITS.caption} characters`; // (from Meta's docs)
    }
  }
  if (content.filename !== undefined && (type !== 'document' || !isString(content.filename))) {
    return `Param ${param(type, 'filename')} is only allowed, as a string, for document`;
  }
  return null;
}

function validateWaInteractive(content) {
  if (!WA_INTERACTIVE_TYPES.includes(content.type)) {
    return `Param ${param('interactive', 'type')} must be one of {${WA_INTERACTIVE_TYPES.join(', ')}}`;
  }
  const needsBody = ['button', 'list', 'cta_url', 'flow', 'product_list', 'catalog_message', 'location_request_message', 'call_permission_request'].includes(content.type);
  if (content.body !== undefined || needsBody) {
    if (!isObject(content.body) || !nonEmpty(content.body.text)) {
      return `${param('interactive', 'body', 'text')} is required`;
    }
    if (content.body.text.length > WA_LIMITS.interactiveBody) {
      return `Param ${param('interactive', 'body', 'text')} must be at most ${WA_LIMITS.interactiveBody} characters long.`;
    }
  }
  if (content.footer !== undefined && (!isObject(content.footer) || !nonEmpty(content.footer.text) || content.footer.text.length > WA_LIMITS.headerFooter)) {
    return `Param ${param('interactive', 'footer', 'text')} must be a string of 1 to ${WA_LIMITS.headerFooter} characters`;
  }
  if (content.header !== undefined) {
    const header = content.header;
    if (!isObject(header) || !['text', 'image', 'video', 'document'].includes(header.type)) {
      return `Param ${param('interactive', 'header', 'type')} must be one of {text, image, video, document}`;
    }
    if (header.type === 'text' && (!nonEmpty(header.text) || header.text.length > WA_LIMITS.headerFooter)) {
      return `Param ${param('interactive', 'header', 'text')} must be a string of 1 to ${WA_LIMITS.headerFooter} characters`;
    }
    if (header.type !== 'text' && content.type === 'list') {
      return `Param ${param('interactive', 'header', 'type')} must be text for a list`;
    }
  }
  const action = content.action;
  if (!isObject(action)) {
    return `${param('interactive', 'action')} is required`;
  }
  if (content.type === 'button') {
    const buttons = action.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > WA_LIMITS.buttons) {
      return `Param ${param('interactive', 'action', 'buttons')} must have between 1 and ${WA_LIMITS.buttons} elements`;
    }
    const ids = new Set();
    const titles = new Set();
    for (const [index, button] of buttons.entries()) {
      const at = (...keys) => param('interactive', 'action', 'buttons', index, ...keys);
      if (!isObject(button) || button.type !== 'reply' || !isObject(button.reply)) {
        return `Param ${at('type')} must be 'reply' with a ${at('reply')} object`;
      }
      const { id, title } = button.reply;
      if (!nonEmpty(id) || id.length > WA_LIMITS.buttonId) {
        return `Param ${at('reply', 'id')} must be a string of 1 to ${WA_LIMITS.buttonId} characters`; // (unconfirmed, §8)
      }
      if (!nonEmpty(title) || title.length > WA_LIMITS.buttonTitle) {
        return `Param ${at('reply', 'title')} must be a string of 1 to ${WA_LIMITS.buttonTitle} characters`;
      }
      if (ids.has(id) || titles.has(title)) {
        return `Param ${at('reply')} duplicates the id or title of another button`; // (choice)
      }
      ids.add(id);
      titles.add(title);
    }
    return null;
  }
  if (content.type === 'list') {
    if (!nonEmpty(action.button) || action.button.length > WA_LIMITS.listButton) {
      return `Param ${param('interactive', 'action', 'button')} must be a string of 1 to ${WA_LIMITS.listButton} characters`;
    }
    const sections = action.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > WA_LIMITS.listSections) {
      return `Param ${param('interactive', 'action', 'sections')} must have between 1 and ${WA_LIMITS.listSections} elements`;
    }
    let rows = 0;
    const ids = new Set();
    for (const [index, section] of sections.entries()) {
      const at = (...keys) => param('interactive', 'action', 'sections', index, ...keys);
      if (!isObject(section) || !Array.isArray(section.rows) || section.rows.length === 0) {
        return `Param ${at('rows')} must be a non-empty array`;
      }
      if (section.title !== undefined && (!isString(section.title) || section.title.length > WA_LIMITS.rowTitle)) {
        return `Param ${at('title')} must be a string of at most ${WA_LIMITS.rowTitle} characters`;
      }
      if (sections.length > 1 && !nonEmpty(section.title)) {
        return `${at('title')} is required when there is more than one section`;
      }
      for (const [rowIndex, row] of section.rows.entries()) {
        const rowAt = (key) => at('rows', rowIndex, key);
        if (!isObject(row) || !nonEmpty(row.id) || row.id.length > WA_LIMITS.rowId) {
          return `Param ${rowAt('id')} must be a string of 1 to ${WA_LIMITS.rowId} characters`;
        }
        if (!nonEmpty(row.title) || row.title.length > WA_LIMITS.rowTitle) {
          return `Param ${rowAt('title')} must be a string of 1 to ${WA_LIMITS.rowTitle} characters`;
        }
        if (row.description !== undefined && (!isString(row.description) || row.description.length > WA_LIMITS.rowDescription)) {
          return `Param ${rowAt('description')} must be a string of at most ${WA_LIMITS.rowDescription} characters`;
        }
        if (ids.has(row.id)) {
          return `Param ${rowAt('id')} duplicates another row id`; // (choice)
        }
        ids.add(row.id);
      }
      rows += section.rows.length;
    }
    if (rows > WA_LIMITS.listRows) {
      return `Param ${param('interactive', 'action', 'sections')} must have at most ${WA_LIMITS.listRows} rows in total`;
    }
  }
  return null;
}

function validateWaContacts(contacts) {
  if (!Array.isArray(contacts) || contacts.length === 0) {
    return 'Param contacts must be a non-empty array';
  }
  for (const [index, contact] of contacts.entries()) {
    if (!isObject(contact) || !isObject(contact.name) || !nonEmpty(contact.name.formatted_name)) {
      return `${param('contacts', index, 'name', 'formatted_name')} is required`;
    }
    for (const key of ['phones', 'emails', 'addresses', 'urls']) {
      if (contact[key] !== undefined && !Array.isArray(contact[key])) {
        return `Param ${param('contacts', index, key)} must be an array`;
      }
    }
  }
  return null;
}

// Placeholders of a template text: positional {{1}} or named {{name}} (distinct).
export function templatePlaceholders(text) {
  return [...new Set([...(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1]))];
}

// Checks a Messenger/Instagram send body (§2.2, §3). Returns null or {details, subcode?}.
export function validateMessengerMessage(body, { instagram = false } = {}) {
  const bad = (details) => ({ details });
  if (!isObject(body)) {
    return bad('The request body must be a JSON object');
  }
  if (!isObject(body.recipient) || !nonEmpty(body.recipient.id)) {
    return bad('param recipient[id] must be a non-empty string'); // (choice) user_ref etc. not modelled
  }
  if (body.sender_action !== undefined) {
    if (!MS_SENDER_ACTIONS.includes(body.sender_action)) {
      return bad(`param sender_action must be one of {${MS_SENDER_ACTIONS.join(', ')}}`);
    }
    if (body.message !== undefined) {
      return bad('sender_action must be sent in its own request, without message'); // §2.2
    }
    return null;
  }
  if (!MS_MESSAGING_TYPES.includes(body.messaging_type)) {
    return bad(`param messaging_type must be one of {${MS_MESSAGING_TYPES.join(', ')}}`); // (choice) required, as the Send API reference says
  }
  if (body.messaging_type === 'MESSAGE_TAG' || body.tag !== undefined) {
    if (body.messaging_type !== 'MESSAGE_TAG') {
      return bad('param tag needs messaging_type MESSAGE_TAG'); // (choice)
    }
    if (!nonEmpty(body.tag)) {
      return bad('param tag is required with messaging_type MESSAGE_TAG');
    }
    if (MS_REMOVED_TAGS.includes(body.tag)) {
      return bad(`Tag ${body.tag} is no longer supported`); // §2.3, from 27 Apr 2026 (wording: choice)
    }
    if (body.tag !== 'HUMAN_AGENT') {
      return bad(instagram ? 'Only the HUMAN_AGENT tag is available for Instagram Messaging API' : `param tag ${body.tag} is not supported`);
    }
  }
  const message = body.message;
  if (!isObject(message)) {
    return bad('param message must be a JSON object');
  }
  const hasText = message.text !== undefined;
  const hasAttachment = message.attachment !== undefined;
  if (hasText === hasAttachment) {
    return bad('param message must contain exactly one of text or attachment');
  }
  if (hasText) {
    if (!nonEmpty(message.text)) {
      return bad('param message[text] must be a non-empty string');
    }
    if (instagram && Buffer.byteLength(message.text, 'utf8') >= MS_LIMITS.igTextBytes) {
      return bad(`param message[text] must be less than ${MS_LIMITS.igTextBytes} bytes (UTF-8) on Instagram`);
    }
    if (!instagram && message.text.length > MS_LIMITS.text) {
      return bad(`param message[text] must be at most ${MS_LIMITS.text} characters`);
    }
  } else {
    const attachment = message.attachment;
    if (!isObject(attachment) || !MS_ATTACHMENT_TYPES.includes(attachment.type)) {
      return bad(`param message[attachment][type] must be one of {${MS_ATTACHMENT_TYPES.join(', ')}}`);
    }
    if (!isObject(attachment.payload)) {
      return bad('param message[attachment][payload] must be a JSON object');
    }
    if (attachment.type === 'template') {
      if (!nonEmpty(attachment.payload.template_type)) {
        return bad('param message[attachment][payload][template_type] is required');
      }
    } else {
      const { url, attachment_id: attachmentId } = attachment.payload;
      if ((url === undefined) === (attachmentId === undefined)) {
        return bad('param message[attachment][payload] must contain exactly one of url or attachment_id'); // (choice)
      }
      if (url !== undefined) {
        let parsed;
        try {
          parsed = new URL(url);
        } catch {
          parsed = null;
        }
        if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
          return bad('param message[attachment][payload][url] must be an http(s) URL');
        }
      }
    }
  }
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length === 0 || replies.length > MS_LIMITS.quickReplies) {
      return bad(`param message[quick_replies] must have between 1 and ${MS_LIMITS.quickReplies} elements`);
    }
    for (const [index, reply] of replies.entries()) {
      const at = `message[quick_replies][${index}]`;
      if (!isObject(reply) || !MS_QUICK_REPLY_TYPES.includes(reply.content_type)) {
        return bad(`param ${at}[content_type] must be one of {${MS_QUICK_REPLY_TYPES.join(', ')}}`);
      }
      if (reply.content_type === 'text') {
        if (!nonEmpty(reply.title) || reply.title.length > MS_LIMITS.quickReplyTitle) {
          return bad(`param ${at}[title] must be a string of 1 to ${MS_LIMITS.quickReplyTitle} characters`);
        }
        if (!nonEmpty(reply.payload) || reply.payload.length > MS_LIMITS.quickReplyPayload) {
          return bad(`param ${at}[payload] must be a string of 1 to ${MS_LIMITS.quickReplyPayload} characters`); // (unconfirmed cap, §8)
        }
      }
    }
  }
  if (message.metadata !== undefined && (!isString(message.metadata) || message.metadata.length > MS_LIMITS.metadata)) {
    return bad(`param message[metadata] must be a string of at most ${MS_LIMITS.metadata} characters`);
  }
  return null;
}

// Default wording of Graph errors by code (the (#code) prefix is Graph's; wording: choice unless
// quoted in channels.md or a bug report).
const ERROR_MESSAGES = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  4: 'Application request limit reached',
  10: 'This message is sent outside of allowed window.',
  100: 'Invalid parameter',
  130429: 'Rate limit hit',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131057: 'Account in maintenance mode',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  190: 'Invalid OAuth access token - Cannot parse access token',
  200: 'Permissions error',
  368: 'Temporarily blocked for policies violations',
  551: 'This person isn\'t available right now.',
  613: 'Calls to this api have exceeded the rate limit.',
};

export function graphError(code, { message, subcode, details, whatsapp = false, type = 'OAuthException' } = {}) {
  const text = message ?? `(#${code}) ${ERROR_MESSAGES[code] ?? 'Error'}`;
  const error = { message: text, type, code };
  if (subcode !== undefined) {
    error.error_subcode = subcode;
  }
  if (whatsapp) {
    error.error_data = { messaging_product: 'whatsapp', details: details ?? text };
  }
  error.fbtrace_id = fbtraceId();
  return { error };
}

class MetaGraphFake extends EventEmitter {
  constructor({ version = DEFAULT_VERSION, accessToken = DEFAULT_ACCESS_TOKEN, appSecret = DEFAULT_APP_SECRET, autoStatuses = false, now = Date.now, webhookTimeoutMs = 10_000 } = {}) {
    super();
    this.setMaxListeners(0); // one 'change' listener per pending wait
    this.version = version;
    this.accessToken = accessToken;
    this.appSecret = appSecret;
    this.autoStatuses = autoStatuses; // (choice) post sent + delivered after each accepted send
    this.now = now; // the clock for the windows (ms); tests may replace it
    this.webhookTimeoutMs = webhookTimeoutMs;
    this.webhookUrl = null; // where every webhook goes, unless webhookUrls[object] is set
    this.webhookUrls = {}; // per webhook `object`: whatsapp_business_account, page, instagram
    this.phoneNumbers = new Map(); // phoneNumberId → {phoneNumberId, businessAccountId, displayPhoneNumber, verifiedName}
    this.templates = new Map(); // businessAccountId → [template]
    this.pages = new Map(); // pageId → {pageId, name, instagram, igId, accessToken}
    this.media = new Map(); // media id → {id, mimeType, bytes, sha256, phoneNumberId, filename}
    this.cdn = new Map(); // path → {mimeType, bytes}: Messenger/Instagram attachment URLs (no auth)
    this.uploads = []; // media Parley uploaded
    this.sent = []; // every request to /{v}/{pnid}/messages (accepted or not)
    this.messengerSent = []; // every request to /{v}/me|{page-id}|{ig-id}/messages
    this.calls = []; // every Graph request: {method, path, status, body (answer)}
    this.deliveries = []; // every webhook POST: {object, url, raw, signature, status, body, error}
    this.failures = []; // queued failNext answers
    this.waWindows = new Map(); // `${pnid}|${waId}` → last inbound timestamp (s)
    this.waInbound = new Set(); // `${pnid}|${wamid}` posted inbound
    this.waOutbound = new Map(); // wamid → {phoneNumberId, to, bizOpaque}
    this.msWindows = new Map(); // `${pageId}|${userId}` → {at (ms), platform}
    this.pending = new Set(); // in-flight webhook requests (aborted on close)
    this.background = new Set(); // in-flight async status posts
    this.closed = false;
    this.whatsapp = new WhatsAppSide(this);
    this.messenger = new MessengerSide(this);
    this.server = http.createServer((request, response) =>
      this.handle(request, response).catch((error) => {
        this.emit('error-internal', error);
        if (!response.headersSent) {
          this.answer(response, 500, graphError(1));
        }
      }),
    );
  }

  async listen() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async close() {
    this.closed = true;
    for (const request of this.pending) {
      request.destroy(new Error('fake closed'));
    }
    await Promise.allSettled([...this.background]);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  // ---------------------------------------------------------------------------------------------
  // Test controls

  addPhoneNumber({ phoneNumberId, businessAccountId, displayPhoneNumber = '15550001111', verifiedName = 'Parley Test' }) {
    if (!phoneNumberId || !businessAccountId) {
      throw new Error('addPhoneNumber needs phoneNumberId and businessAccountId');
    }
    const phone = { phoneNumberId: String(phoneNumberId), businessAccountId: String(businessAccountId), displayPhoneNumber, verifiedName };
    this.phoneNumbers.set(phone.phoneNumberId, phone);
    if (!this.templates.has(phone.businessAccountId)) {
      this.templates.set(phone.businessAccountId, []);
    }
    return phone;
  }

  // Templates of a WABA: [{name, language, status = 'APPROVED', category = 'UTILITY',
  // parameter_format = 'POSITIONAL', components, id}] (replaces the previous list).
  setTemplates(businessAccountId, templates) {
    this.templates.set(
      String(businessAccountId),
      templates.map((template) => ({
        name: template.name,
        language: template.language ?? 'en_US',
        status: template.status ?? 'APPROVED',
        category: template.category ?? 'UTILITY',
        parameter_format: template.parameter_format ?? 'POSITIONAL',
        components: template.components ?? [],
        id: template.id ?? randomNumericId(),
      })),
    );
  }

  // A Facebook page (Messenger), optionally Instagram-enabled: `igId` is the Instagram
  // professional account's id (entry.id of `instagram` webhooks; default the page id). A page may
  // have its own token (default: the fake's); /me resolves to the page of the token used, or to
  // the first page added for the fake's own token (choice).
  addPage({ pageId, name = 'Parley Test Page', instagram = false, igId, accessToken }) {
    if (!pageId) {
      throw new Error('addPage needs pageId');
    }
    const page = { pageId: String(pageId), name, instagram, igId: instagram ? String(igId ?? pageId) : undefined, accessToken: accessToken ?? this.accessToken };
    this.pages.set(page.pageId, page);
    return page;
  }

  // Media Parley can download (GET /{v}/{id}, then the URL): returns the id.
  addMedia({ bytes, mimeType = 'application/octet-stream', phoneNumberId, filename }) {
    const id = randomNumericId();
    const data = Buffer.from(bytes);
    this.media.set(id, { id, mimeType, bytes: data, sha256: sha256Hex(data), phoneNumberId, filename });
    return id;
  }

  // The next `times` message sends (WhatsApp /messages or Messenger /messages; not mark-read or
  // sender_action) that pass auth and validation answer this Graph error instead. `channel`
  // ('whatsapp' | 'messenger') restricts it to one API (an extension, choice).
  failNext({ code, subcode, http: status = 400, message, details, times = 1, channel } = {}) {
    if (code === undefined) {
      throw new Error('failNext needs a code');
    }
    for (let i = 0; i < times; i += 1) {
      this.failures.push({ code, subcode, status, message, details, channel });
    }
  }

  // The WhatsApp window by hand (seconds), as if a message had been posted at that time.
  setLastInbound(phoneNumberId, waId, timestampSeconds) {
    this.waWindows.set(`${phoneNumberId}|${waId}`, Number(timestampSeconds));
  }

  // The §1.1 handshake against `webhookUrl`: GET ?hub.mode=subscribe&hub.challenge=<int>&
  // hub.verify_token=<token>. Resolves {status, body, ok, challenge, error}; ok = 200 and body is
  // exactly the challenge. Only when ok is the URL remembered: as `webhookUrl`, or for one webhook
  // `object` when that option is given.
  async subscribe(webhookUrl, verifyToken, { object, timeoutMs = this.webhookTimeoutMs } = {}) {
    const challenge = String(crypto.randomInt(100_000_000, 2_147_483_647)); // Meta's is a random int
    const url = new URL(webhookUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.verify_token', verifyToken);
    const result = await this.request(url, { method: 'GET', headers: {}, timeoutMs });
    const ok = result.status === 200 && result.body === challenge;
    if (ok) {
      if (object) {
        this.webhookUrls[object] = webhookUrl;
      } else {
        this.webhookUrl = webhookUrl;
      }
    }
    this.emit('change');
    return { status: result.status, body: result.body, ok, challenge, error: result.error };
  }

  // ---------------------------------------------------------------------------------------------
  // Waiting

  // Resolves once `check()` returns something truthy (checked now and after every request and
  // webhook); rejects after `ms` naming `label` — a guard against a hang, not a timing check.
  until(check, { label = 'condition', ms = DEFAULT_WAIT_MS } = {}) {
    return new Promise((resolve, reject) => {
      const poll = () => {
        let held;
        try {
          held = check();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (held) {
          done();
          resolve(held);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Meta Graph fake: no ${label} within ${ms} ms; ${this.summary()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.off('change', poll);
      };
      this.on('change', poll);
      poll();
    });
  }

  waitForSent(predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
    return this.until(() => this.sent.find(predicate), { ms: timeoutMs, label: 'matching WhatsApp send' });
  }

  waitForMessengerSent(predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
    return this.until(() => this.messengerSent.find(predicate), { ms: timeoutMs, label: 'matching Messenger send' });
  }

  waitForDelivery(predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
    return this.until(() => this.deliveries.find((delivery) => delivery.status !== undefined && predicate(delivery)), { ms: timeoutMs, label: 'matching webhook delivery' });
  }

  summary() {
    const calls = this.calls.slice(-8).map((call) => `${call.method} ${call.path}:${call.status}${call.body?.error ? `(${call.body.error.code})` : ''}`);
    return `${this.calls.length} calls ${JSON.stringify(calls)}, ${this.deliveries.length} webhooks, webhook ${this.webhookUrl ?? 'none'}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Webhooks (Meta → Parley)

  webhookFor(object) {
    return this.webhookUrls[object] ?? this.webhookUrl;
  }

  // POSTs `raw` signed (or with `signature`; null/undefined → no header) to `url`. Resolves the
  // recorded delivery {object, url, raw, signature, status, body, error}; status 0 when no answer.
  deliver({ object, url, raw, signature, headers = {}, timeoutMs = this.webhookTimeoutMs }) {
    const delivery = { object, url, raw, signature };
    this.deliveries.push(delivery);
    if (!url) {
      Object.assign(delivery, { status: 0, body: null, error: 'no webhook URL (subscribe first or set fake.webhookUrl)' });
      this.emit('change');
      return Promise.resolve(delivery);
    }
    const allHeaders = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua', ...headers };
    if (signature !== undefined && signature !== null) {
      allHeaders['x-hub-signature-256'] = signature;
    }
    return this.request(new URL(url), { method: 'POST', headers: allHeaders, raw, timeoutMs }).then((result) => {
      Object.assign(delivery, result);
      this.emit('delivery', delivery);
      this.emit('change');
      return delivery;
    });
  }

  // One HTTP request with Node's client (loopback): {status, body (utf8), headers, error}.
  request(url, { method, headers, raw, timeoutMs }) {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ status: 0, body: null, error: 'fake closed' });
        return;
      }
      let settled = false;
      const settle = (result) => {
        if (!settled) {
          settled = true;
          this.pending.delete(request);
          resolve(result);
        }
      };
      const body = raw === undefined ? undefined : Buffer.from(raw);
      const request = http.request(
        url,
        {
          method,
          agent: false,
          signal: AbortSignal.timeout(timeoutMs),
          headers: body ? { ...headers, 'content-length': body.length } : headers,
        },
        (response) => {
          readBody(response).then(
            (data) => settle({ status: response.statusCode, body: data.toString('utf8'), headers: response.headers, error: null }),
            (error) => settle({ status: response.statusCode, body: null, headers: response.headers, error: error.name }),
          );
        },
      );
      this.pending.add(request);
      request.on('error', (error) => settle({ status: 0, body: null, error: error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : error.code ?? error.message }));
      request.end(body);
    });
  }

  // Signs and POSTs a payload object; resolves {status, body, raw, signature, url, error}.
  postPayload(payload, { url, signature } = {}) {
    const raw = metaJson(payload);
    return this.deliver({
      object: payload.object,
      url: url ?? this.webhookFor(payload.object),
      raw,
      signature: signature === undefined ? sign(raw, this.appSecret) : signature,
    });
  }

  // The same bytes and signature again (Meta retries, §1.1); resolves {status, body, …}.
  resend(posted) {
    return this.deliver({ object: posted.object, url: posted.url ?? this.webhookFor(posted.object), raw: posted.raw, signature: posted.signature });
  }

  // Arbitrary bytes to the webhook (bad-signature tests): `signature` undefined → no header.
  postRaw(raw, { signature, headers = {}, url, object } = {}) {
    return this.deliver({ object, url: url ?? this.webhookFor(object), raw, signature, headers });
  }

  // A status webhook (async, after a send): never throws; the delivery is recorded.
  postStatusesLater(phoneNumberId, statuses) {
    const task = (async () => {
      for (const status of statuses) {
        if (this.closed) {
          return;
        }
        await this.whatsapp.post({ phoneNumberId, statuses: [status] });
      }
    })().catch((error) => this.emit('error-internal', error));
    this.background.add(task);
    task.finally(() => this.background.delete(task));
  }

  // ---------------------------------------------------------------------------------------------
  // The Graph API (Parley → Meta)

  answer(response, status, body, headers = {}) {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
    response.end(text);
    return text;
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const call = { method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, status: null, body: null, at: this.now() };
    this.calls.push(call);
    const reply = (status, body, headers) => {
      call.status = status;
      call.body = body;
      this.answer(response, status, body, headers);
      this.emit('change');
      return { status, body };
    };
    let raw;
    try {
      raw = await readBody(request, MAX_BODY_BYTES);
    } catch (error) {
      request.resume();
      return reply(error.tooLarge ? 413 : 400, graphError(100, { details: 'request body too large or unreadable' }), { connection: 'close' });
    }
    call.raw = raw;

    // Media downloads (§1.1 step two) and the Messenger CDN have no version in the path.
    if (segments[0] === 'media-download' && segments.length === 2 && request.method === 'GET') {
      return this.download(request, response, segments[1], call);
    }
    if (segments[0] === 'cdn' && request.method === 'GET') {
      const file = this.cdn.get(url.pathname);
      call.status = file ? 200 : 404;
      response.writeHead(call.status, { 'content-type': file?.mimeType ?? 'text/plain', 'content-length': file ? file.bytes.length : 9 });
      response.end(file?.bytes ?? 'not found');
      this.emit('change');
      return undefined;
    }

    // Auth first (choice: Graph checks the token before the path), then the version.
    const token = this.tokenOf(request, url);
    if (!token) {
      return reply(401, graphError(190, { message: 'An access token is required to request this resource.' }), { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_request" "An access token is required to request this resource."' });
    }
    const tokenPage = [...this.pages.values()].find((page) => page.accessToken === token);
    if (token !== this.accessToken && !tokenPage) {
      return reply(401, graphError(190), { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"' });
    }
    const proof = url.searchParams.get('appsecret_proof');
    if (proof !== null) {
      const expected = appsecretProof(token, this.appSecret);
      const given = Buffer.from(proof);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, Buffer.from(expected))) {
        return reply(400, graphError(100, { message: 'Invalid appsecret_proof provided in the API argument' }));
      }
    }
    call.appsecretProof = proof !== null;
    if (segments[0] !== this.version) {
      return reply(400, graphError(100, { message: `(#100) Unsupported API version in path: ${segments[0] ?? '(none)'} (the fake serves ${this.version})` }));
    }
    const rest = segments.slice(1);
    const unsupported = (id) =>
      reply(400, graphError(100, {
        subcode: 33,
        message: `Unsupported ${request.method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      }));
    const ctx = { request, response, url, raw, call, reply, token, tokenPage, unsupported };
    const [id, edge] = rest;
    const page = this.pageFor(id, token, tokenPage);
    const phone = this.phoneNumbers.get(id);
    // Page tokens only reach their own page (choice).
    if (token !== this.accessToken && !(page && page.accessToken === token)) {
      return reply(401, graphError(190, { message: 'Invalid OAuth access token for this object' }));
    }
    if (rest.length === 1 && request.method === 'GET') {
      if (phone) {
        return this.phoneInfo(phone, ctx);
      }
      if (page) {
        return this.pageInfo(page, id, ctx);
      }
      if (this.media.has(id)) {
        return this.mediaInfo(this.media.get(id), ctx);
      }
      return unsupported(id);
    }
    if (rest.length === 1 && request.method === 'DELETE' && this.media.has(id)) {
      this.media.delete(id);
      return reply(200, { success: true });
    }
    if (rest.length === 2 && request.method === 'GET' && edge === 'message_templates' && this.templates.has(id)) {
      return this.listTemplates(id, ctx);
    }
    if (rest.length === 2 && request.method === 'POST' && edge === 'messages') {
      if (phone) {
        return this.whatsappSend(phone, ctx);
      }
      if (page) {
        return this.messengerSend(page, id, ctx);
      }
    }
    if (rest.length === 2 && request.method === 'POST' && edge === 'media' && phone) {
      return this.upload(phone, ctx);
    }
    return unsupported(rest.join('/') || '(none)');
  }

  tokenOf(request, url) {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header.trim()); // (choice) also "OAuth <token>"
      return match?.[1] ?? /^OAuth\s+(.+)$/i.exec(header.trim())?.[1] ?? '';
    }
    return url.searchParams.get('access_token') ?? '';
  }

  pageFor(id, token, tokenPage) {
    if (id === 'me') {
      return tokenPage ?? (token === this.accessToken ? this.pages.values().next().value : undefined);
    }
    if (id === undefined) {
      return undefined;
    }
    return this.pages.get(id) ?? [...this.pages.values()].find((page) => page.igId === id);
  }

  phoneInfo(phone, { url, reply }) {
    const all = {
      verified_name: phone.verifiedName,
      code_verification_status: 'VERIFIED',
      display_phone_number: phone.displayPhoneNumber,
      quality_rating: 'GREEN',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      name_status: 'APPROVED',
    };
    const requested = url.searchParams.get('fields');
    // (choice) Without `fields`, the default set of Meta's docs sample (all but name_status).
    const fields = requested ? requested.split(',').map((field) => field.trim()).filter(Boolean) : Object.keys(all).filter((field) => field !== 'name_status');
    const body = {};
    for (const field of fields) {
      if (field === 'id') {
        continue;
      }
      if (!(field in all)) {
        return reply(400, graphError(100, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (WhatsAppBusinessPhoneNumber)`, whatsapp: true }));
      }
      body[field] = all[field];
    }
    body.id = phone.phoneNumberId;
    return reply(200, body);
  }

  pageInfo(page, id, { url, reply }) {
    const requested = url.searchParams.get('fields');
    const fields = requested ? requested.split(',').map((field) => field.trim()).filter(Boolean) : ['name'];
    const body = {};
    for (const field of fields) {
      if (field === 'id') {
        continue;
      }
      if (field === 'name') {
        body.name = page.name;
      } else if (field === 'instagram_business_account' && page.instagram) {
        body.instagram_business_account = { id: page.igId };
      } else {
        return reply(400, graphError(100, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (Page)` }));
      }
    }
    body.id = id === page.igId && id !== page.pageId ? page.igId : page.pageId;
    return reply(200, body);
  }

  mediaInfo(media, { reply }) {
    return reply(200, {
      messaging_product: 'whatsapp',
      url: `${this.url}/media-download/${media.id}`,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.bytes.length,
      id: media.id,
    });
  }

  // §1.1 step two: the same Bearer token (choice: header only, as Meta's docs show; no query).
  download(request, response, id, call) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const media = this.media.get(id);
    if (!match || match[1] !== this.accessToken) {
      call.status = 401;
      call.body = graphError(190);
      this.answer(response, 401, call.body);
    } else if (!media) {
      call.status = 404;
      call.body = graphError(100, { message: 'media not found' });
      this.answer(response, 404, call.body);
    } else {
      call.status = 200;
      response.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
      response.end(media.bytes);
    }
    this.emit('change');
  }

  listTemplates(wabaId, { url, reply }) {
    const { name, language, status } = Object.fromEntries(url.searchParams);
    const list = this.templates.get(wabaId).filter((template) => (name === undefined || template.name === name) && (language === undefined || template.language === language) && (status === undefined || template.status === status));
    const limit = Math.max(1, Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 100));
    const cursor = (index) => Buffer.from(String(index)).toString('base64url');
    const after = url.searchParams.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) + 1 : 0;
    const data = list.slice(start, start + limit);
    if (data.length === 0) {
      return reply(200, { data: [] });
    }
    const paging = { cursors: { before: cursor(start), after: cursor(start + data.length - 1) } };
    if (start + data.length < list.length) {
      const next = new URL(`${this.url}${url.pathname}`);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('after', paging.cursors.after);
      paging.next = next.toString();
    }
    return reply(200, { data: data.map((template) => structuredClone(template)), paging });
  }

  takeFailure(channel) {
    const index = this.failures.findIndex((failure) => !failure.channel || failure.channel === channel);
    return index === -1 ? null : this.failures.splice(index, 1)[0];
  }

  whatsappSend(phone, { raw, call, reply, request, response }) {
    const entry = { phoneNumberId: phone.phoneNumberId, body: null, raw: raw.toString('utf8'), headers: request.headers, query: call.query, at: this.now(), status: null, response: null, ok: false, kind: 'message' };
    this.sent.push(entry);
    const finish = (status, body) => {
      entry.status = status;
      entry.response = body;
      entry.ok = status === 200;
      return reply(status, body);
    };
    const invalid = (details) => finish(400, graphError(100, { details, whatsapp: true }));
    try {
      entry.body = JSON.parse(entry.raw);
    } catch {
      return invalid('The request body is not valid JSON');
    }
    const body = entry.body;
    if (isObject(body) && body.status !== undefined) {
      entry.kind = 'read';
      if (body.messaging_product !== 'whatsapp') {
        return invalid("Param messaging_product must be 'whatsapp'");
      }
      if (body.status !== 'read') {
        return invalid("Param status must be 'read'");
      }
      if (!nonEmpty(body.message_id) || !this.waInbound.has(`${phone.phoneNumberId}|${body.message_id}`)) {
        return invalid('Param message_id must be the id of a message this number received'); // (choice)
      }
      if (body.typing_indicator !== undefined && (!isObject(body.typing_indicator) || body.typing_indicator.type !== 'text')) {
        return invalid("Param typing_indicator['type'] must be 'text'");
      }
      return finish(200, { success: true });
    }
    const problem = validateWhatsAppMessage(body, { mediaKnown: (id) => this.media.has(id) });
    if (problem) {
      return invalid(problem);
    }
    const failure = this.takeFailure('whatsapp');
    if (failure) {
      return finish(failure.status, graphError(failure.code, { subcode: failure.subcode, message: failure.message, details: failure.details, whatsapp: true }));
    }
    const type = body.type ?? 'text';
    if (type === 'template') {
      const problem132 = this.checkTemplate(phone, body.template);
      if (problem132) {
        return finish(400, graphError(problem132.code, { details: problem132.details, whatsapp: true }));
      }
    }
    const wamid = randomWamid();
    entry.wamid = wamid;
    this.waOutbound.set(wamid, { phoneNumberId: phone.phoneNumberId, to: body.to, bizOpaque: body.biz_opaque_callback_data });
    const last = this.waWindows.get(`${phone.phoneNumberId}|${body.to}`);
    const closed = type !== 'template' && (last === undefined || this.now() - last * 1000 > DAY_MS);
    entry.windowClosed = closed;
    const result = finish(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
    const statuses = closed
      ? [
          this.whatsapp.status({
            id: wamid,
            status: 'failed',
            errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: REENGAGEMENT_DETAILS } }],
          }),
        ]
      : this.autoStatuses
        ? [this.whatsapp.status({ id: wamid, status: 'sent' }), this.whatsapp.status({ id: wamid, status: 'delivered' })]
        : [];
    if (statuses.length > 0) {
      // After the answer is written: Meta's status follows the 200.
      response.once('finish', () => this.postStatusesLater(phone.phoneNumberId, statuses));
    }
    return result;
  }

  checkTemplate(phone, sent) {
    const templates = this.templates.get(phone.businessAccountId) ?? [];
    const template = templates.find((candidate) => candidate.name === sent.name && candidate.language === sent.language.code && candidate.status === 'APPROVED');
    if (!template) {
      const known = templates.find((candidate) => candidate.name === sent.name && candidate.language === sent.language.code);
      return {
        code: 132001,
        details: known ? `template name (${sent.name}) in ${sent.language.code} is ${known.status}, not APPROVED` : `template name (${sent.name}) does not exist in ${sent.language.code}`,
      };
    }
    for (const kind of ['BODY', 'HEADER']) {
      const defined = template.components.find((component) => String(component.type).toUpperCase() === kind);
      if (kind === 'HEADER' && defined && (defined.format ?? 'TEXT') !== 'TEXT') {
        continue; // (choice) media headers are not counted
      }
      const expected = defined ? templatePlaceholders(defined.text) : [];
      const given = (sent.components ?? []).filter((component) => String(component.type).toUpperCase() === kind).flatMap((component) => component.parameters ?? []);
      if (given.length !== expected.length) {
        return { code: 132000, details: `${kind.toLowerCase()}: number of localizable_params (${given.length}) does not match the expected number of params (${expected.length})` };
      }
      if (template.parameter_format === 'NAMED') {
        const names = given.map((parameter) => parameter.parameter_name).sort();
        if (JSON.stringify(names) !== JSON.stringify([...expected].sort())) {
          return { code: 132000, details: `${kind.toLowerCase()}: parameter names (${names.join(', ')}) do not match (${expected.join(', ')})` };
        }
      }
    }
    return null;
  }

  // Multipart upload (§1.2): messaging_product=whatsapp (form field or query, as whatsapp-api-js
  // sends it), file (with its Content-Type), type (optional, choice; when given, the file's MIME
  // type).
  upload(phone, { raw, request, url, reply }) {
    const invalid = (details) => reply(400, graphError(100, { details, whatsapp: true }));
    let parts;
    try {
      parts = parseMultipart(raw, request.headers['content-type']);
    } catch (error) {
      return invalid(`The request must be multipart/form-data: ${error.message}`);
    }
    const field = (name) => parts.find((part) => part.name === name && part.filename === undefined)?.data.toString('utf8');
    const product = field('messaging_product') ?? url.searchParams.get('messaging_product');
    if (product !== 'whatsapp') {
      return invalid("Param messaging_product must be 'whatsapp'");
    }
    const file = parts.find((part) => part.name === 'file');
    if (!file) {
      return invalid('The parameter file is required.');
    }
    const mimeType = (file.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!(mimeType in WA_UPLOAD_TYPES)) {
      return invalid(`Param file must be a file with one of the following types: ${Object.keys(WA_UPLOAD_TYPES).join(', ')}. Received file of type '${mimeType}'.`);
    }
    const type = field('type');
    if (type !== undefined && type !== mimeType) {
      return invalid(`Param type (${type}) must be the file's MIME type (${mimeType})`);
    }
    if (file.data.length > WA_UPLOAD_TYPES[mimeType]) {
      return invalid(`Param file is ${file.data.length} bytes, over the ${WA_UPLOAD_TYPES[mimeType]} byte limit for ${mimeType}`);
    }
    const id = this.addMedia({ bytes: file.data, mimeType, phoneNumberId: phone.phoneNumberId, filename: file.filename });
    this.uploads.push({ id, mimeType, bytes: Buffer.from(file.data), phoneNumberId: phone.phoneNumberId, filename: file.filename });
    return reply(200, { id });
  }

  messengerSend(page, id, { raw, call, reply, request }) {
    const entry = { pageId: page.pageId, path: call.path, platform: null, body: null, raw: raw.toString('utf8'), headers: request.headers, query: call.query, at: this.now(), status: null, response: null, ok: false };
    this.messengerSent.push(entry);
    const finish = (status, body) => {
      entry.status = status;
      entry.response = body;
      entry.ok = status === 200;
      return reply(status, body);
    };
    try {
      entry.body = JSON.parse(entry.raw);
    } catch {
      return finish(400, graphError(100, { message: '(#100) The request body is not valid JSON' }));
    }
    const body = entry.body;
    const recipientId = isObject(body) && isObject(body.recipient) ? body.recipient.id : undefined;
    const record = recipientId === undefined ? undefined : this.msWindows.get(`${page.pageId}|${recipientId}`);
    // Instagram when addressed through the IG id, or when the user wrote through Instagram.
    const instagram = (page.instagram && id === page.igId && id !== page.pageId) || record?.platform === 'instagram';
    entry.platform = instagram ? 'instagram' : 'messenger';
    const problem = validateMessengerMessage(body, { instagram });
    if (problem) {
      return finish(400, graphError(100, { message: `(#100) ${problem.details}` }));
    }
    if (body.sender_action !== undefined) {
      return finish(200, { recipient_id: recipientId });
    }
    const failure = this.takeFailure('messenger');
    if (failure) {
      return finish(failure.status, graphError(failure.code, { subcode: failure.subcode, message: failure.message }));
    }
    if (!record) {
      return finish(400, graphError(100, { subcode: 2018001, message: '(#100) No matching user found' }));
    }
    const age = this.now() - record.at;
    const allowed = body.tag === 'HUMAN_AGENT' ? HUMAN_AGENT_MS : DAY_MS;
    if (age > allowed) {
      return finish(400, graphError(10, { subcode: 2018278 }));
    }
    const mid = randomMid();
    entry.messageId = mid;
    return finish(200, { recipient_id: recipientId, message_id: mid });
  }
}

// WhatsApp: inbound message objects and the whatsapp_business_account webhook.
class WhatsAppSide {
  constructor(fake) {
    this.fake = fake;
  }

  // One inbound message object (§1.1): {from, id, timestamp, ...fields}. `fields.timestamp` or
  // `options.timestamp` (seconds, a digit string or a Date) overrides now; `fields.id` the wamid.
  message(from, fields = {}, { timestamp } = {}) {
    const { timestamp: fieldTimestamp, id, ...rest } = fields;
    return { from: String(from), id: id ?? randomWamid(), timestamp: waTimestamp(timestamp ?? fieldTimestamp, this.fake.now), ...rest };
  }

  // `context` as {id, from} of the message replied to (§1.1), or a wamid string (from = the
  // business number is not known here, so `from` is left out — choice).
  text(from, body, { timestamp, context, id } = {}) {
    const fields = {};
    if (context !== undefined) {
      fields.context = typeof context === 'string' ? { id: context } : { from: context.from, id: context.id };
    }
    return this.message(from, { id, ...fields, type: 'text', text: { body } }, { timestamp });
  }

  // Stores the bytes as media (GET /{v}/{id} then the URL) and returns the message object.
  media(type, from, { bytes, mimeType, caption, filename, timestamp, id } = {}) {
    const mediaId = this.fake.addMedia({ bytes, mimeType, filename });
    const media = this.fake.media.get(mediaId);
    const content = { id: mediaId, mime_type: media.mimeType, sha256: media.sha256 };
    if (caption !== undefined) {
      content.caption = caption;
    }
    if (filename !== undefined && type === 'document') {
      content.filename = filename;
    }
    return this.message(from, { id, type, [type]: content }, { timestamp });
  }

  image(from, { bytes, mimeType = 'image/jpeg', caption, timestamp, id } = {}) {
    return this.media('image', from, { bytes, mimeType, caption, timestamp, id });
  }

  document(from, { bytes, mimeType = 'application/pdf', caption, filename, timestamp, id } = {}) {
    return this.media('document', from, { bytes, mimeType, caption, filename, timestamp, id });
  }

  buttonReply(from, { id, title, timestamp, context } = {}) {
    const fields = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } };
    if (context !== undefined) {
      fields.context = typeof context === 'string' ? { id: context } : context;
    }
    return this.message(from, fields, { timestamp });
  }

  listReply(from, { id, title, description, timestamp, context } = {}) {
    const reply = { id, title };
    if (description !== undefined) {
      reply.description = description;
    }
    const fields = { type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } };
    if (context !== undefined) {
      fields.context = typeof context === 'string' ? { id: context } : context;
    }
    return this.message(from, fields, { timestamp });
  }

  // A template quick-reply button (§1.1): type "button".
  templateButton(from, { payload, text, timestamp } = {}) {
    return this.message(from, { type: 'button', button: { payload, text } }, { timestamp });
  }

  reaction(from, { messageId, emoji, timestamp } = {}) {
    return this.message(from, { type: 'reaction', reaction: { message_id: messageId, emoji } }, { timestamp });
  }

  location(from, { latitude, longitude, name, address, timestamp } = {}) {
    const location = { latitude, longitude };
    if (name !== undefined) {
      location.name = name;
    }
    if (address !== undefined) {
      location.address = address;
    }
    return this.message(from, { type: 'location', location }, { timestamp });
  }

  contacts(from, contacts, { timestamp } = {}) {
    return this.message(from, { type: 'contacts', contacts }, { timestamp });
  }

  // A status object (§1.1) for post({statuses}); recipientId defaults to the send's `to`.
  status({ id, status, recipientId, errors, timestamp, bizOpaqueCallbackData, conversation, pricing } = {}) {
    const outbound = this.fake.waOutbound.get(id);
    const object = { id, status, timestamp: waTimestamp(timestamp, this.fake.now), recipient_id: recipientId ?? outbound?.to };
    const opaque = bizOpaqueCallbackData ?? outbound?.bizOpaque;
    if (opaque !== undefined) {
      object.biz_opaque_callback_data = opaque; // §1.2: the tracking tag comes back in statuses
    }
    if (conversation !== undefined) {
      object.conversation = conversation;
    }
    if (pricing !== undefined) {
      object.pricing = pricing;
    }
    if (errors !== undefined) {
      object.errors = errors;
    }
    return object;
  }

  phone(phoneNumberId) {
    const phone = phoneNumberId === undefined ? this.fake.phoneNumbers.values().next().value : this.fake.phoneNumbers.get(String(phoneNumberId));
    if (!phone) {
      throw new Error(`Meta Graph fake: unknown phone number id ${phoneNumberId} (addPhoneNumber first)`);
    }
    return phone;
  }

  // One change value; records the window and the inbound ids.
  value(phone, { messages = [], statuses = [], contacts, names = {} }) {
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: String(phone.displayPhoneNumber).replace(/\D/g, ''), phone_number_id: phone.phoneNumberId },
    };
    if (messages.length > 0) {
      value.contacts =
        contacts ??
        [...new Set(messages.map((message) => message.from))].map((waId) => ({ profile: { name: names[waId] ?? 'Test User' }, wa_id: waId }));
      value.messages = messages;
      for (const message of messages) {
        const key = `${phone.phoneNumberId}|${message.from}`;
        this.fake.waWindows.set(key, Math.max(this.fake.waWindows.get(key) ?? 0, Number(message.timestamp)));
        this.fake.waInbound.add(`${phone.phoneNumberId}|${message.id}`);
      }
    } else if (contacts !== undefined) {
      value.contacts = contacts;
    }
    if (statuses.length > 0) {
      value.statuses = statuses;
    }
    return value;
  }

  // Builds the envelope (one entry per item of `entries`, else one), signs it and POSTs it to
  // the webhook. Options: url, signature (exact header; null → none). Resolves {status, body,
  // raw, signature, url, error}.
  post({ phoneNumberId, messages = [], statuses = [], contacts, names, entries, url, signature } = {}) {
    const items = entries ?? [{ phoneNumberId, messages, statuses, contacts, names }];
    const payload = {
      object: 'whatsapp_business_account',
      entry: items.map((item) => {
        const phone = this.phone(item.phoneNumberId);
        return { id: phone.businessAccountId, changes: [{ value: this.value(phone, { ...item, names: item.names ?? names }), field: 'messages' }] };
      }),
    };
    return this.fake.postPayload(payload, { url, signature });
  }
}

// Messenger and Instagram: messaging events and the page / instagram webhooks.
class MessengerSide {
  constructor(fake) {
    this.fake = fake;
  }

  page(id) {
    const page = this.fake.pages.get(String(id)) ?? [...this.fake.pages.values()].find((candidate) => candidate.igId === String(id));
    if (!page) {
      throw new Error(`Meta Graph fake: unknown page ${id} (addPage first)`);
    }
    return page;
  }

  event(sender, recipient, timestamp, fields) {
    return { sender: { id: String(sender) }, recipient: { id: String(recipient) }, timestamp: msTimestamp(timestamp, this.fake.now), ...fields };
  }

  mid(pageId) {
    const page = this.fake.pages.get(String(pageId));
    return page ? randomMid() : randomIgMid(); // addressed to an IG id → an Instagram-style mid
  }

  // A user's text (§2.1); `replyTo` = the mid replied to.
  text(psid, pageId, text, { timestamp, quickReplyPayload, replyTo, mid } = {}) {
    const message = { mid: mid ?? this.mid(pageId), text };
    if (quickReplyPayload !== undefined) {
      message.quick_reply = { payload: quickReplyPayload };
    }
    if (replyTo !== undefined) {
      message.reply_to = { mid: replyTo };
    }
    return this.event(psid, pageId, timestamp, { message });
  }

  postback(psid, pageId, { title, payload, timestamp, mid } = {}) {
    return this.event(psid, pageId, timestamp, { postback: { title, payload, mid: mid ?? this.mid(pageId) } });
  }

  // A user's attachment (§2.1). With `bytes`, the fake serves them (no auth, like a CDN) at the
  // payload url.
  attachment(psid, pageId, { type = 'image', url, bytes, mimeType = 'image/jpeg', timestamp, mid } = {}) {
    let link = url;
    if (bytes !== undefined) {
      const path = `/cdn/${crypto.randomUUID()}`;
      this.fake.cdn.set(path, { mimeType, bytes: Buffer.from(bytes) });
      link = `${this.fake.url}${path}`;
    }
    return this.event(psid, pageId, timestamp, { message: { mid: mid ?? this.mid(pageId), attachments: [{ type, payload: { url: link } }] } });
  }

  // The page's own message, echoed (§2.1): sender = page, recipient = user.
  echo(pageId, psid, text, { appId = '1234567890123456', metadata, timestamp, mid } = {}) {
    const message = { mid: mid ?? this.mid(pageId), is_echo: true, app_id: Number(appId) || appId, text };
    if (metadata !== undefined) {
      message.metadata = metadata;
    }
    return this.event(pageId, psid, timestamp, { message });
  }

  delivery(psid, pageId, { mids, watermark, timestamp } = {}) {
    const delivery = {};
    if (mids !== undefined) {
      delivery.mids = mids;
    }
    delivery.watermark = watermark ?? this.fake.now();
    return this.event(psid, pageId, timestamp, { delivery });
  }

  read(psid, pageId, { watermark, timestamp } = {}) {
    return this.event(psid, pageId, timestamp, { read: { watermark: watermark ?? this.fake.now() } });
  }

  // Instagram: a reply to the account's story; a mention of the account in the user's story.
  storyReply(igsid, igId, text, { storyId = randomNumericId(), storyUrl = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', timestamp, mid } = {}) {
    return this.event(igsid, igId, timestamp, { message: { mid: mid ?? randomIgMid(), text, reply_to: { story: { url: storyUrl, id: String(storyId) } } } });
  }

  storyMention(igsid, igId, { url = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2', timestamp, mid } = {}) {
    return this.event(igsid, igId, timestamp, { message: { mid: mid ?? randomIgMid(), attachments: [{ type: 'story_mention', payload: { url } }] } });
  }

  // The window by hand: the user's last message at `atMs` (ms).
  setLastInbound(pageId, userId, atMs, platform = 'messenger') {
    this.fake.msWindows.set(`${this.page(pageId).pageId}|${userId}`, { at: Number(atMs), platform });
  }

  // Builds {object, entry:[{id, time, messaging}]}, records the window for each user event
  // (message that is not an echo, postback, referral) and POSTs it signed. entry.id is the page id
  // for `page`, the IG id for `instagram`. Options: url, signature, time.
  post({ pageId, messaging = [], object = 'page', url, signature, time } = {}) {
    const page = this.page(pageId);
    const platform = object === 'instagram' ? 'instagram' : 'messenger';
    for (const event of messaging) {
      const isUserEvent = (event.message && !event.message.is_echo) || event.postback || event.referral;
      if (isUserEvent) {
        const key = `${page.pageId}|${event.sender.id}`;
        const at = Math.max(this.fake.msWindows.get(key)?.at ?? 0, Number(event.timestamp));
        this.fake.msWindows.set(key, { at, platform });
      }
    }
    const payload = { object, entry: [{ id: object === 'instagram' ? page.igId ?? page.pageId : page.pageId, time: msTimestamp(time, this.fake.now), messaging }] };
    return this.fake.postPayload(payload, { url, signature });
  }
}

export async function startMetaGraphFake(options = {}) {
  const fake = new MetaGraphFake(options);
  return fake.listen();
}

export { MetaGraphFake };

// One row of a contact's timeline: a conversation boundary, a message (with delivery ticks on replies) or an
// internal note (visibly not a message: it is never sent).
import type { Channel, Message, MessageStatus } from '../../api/routing';
import type { User } from '../../api/types';
import { channelLabel, formatDateTime, formatMessageTime, formatSize } from '../../format';
import { messageAuthor, userName } from './names';
import type { TimelineItem } from './state/timeline';

export function estimateRowHeight(item: TimelineItem): number {
  if (item.kind === 'boundary') {
    return 44;
  }
  const text = item.kind === 'note' ? item.note.text : messageSummary(item.message);
  // A template has its label above the text.
  const content: unknown = item.kind === 'message' ? item.message.content : null;
  const label = typeof content === 'object' && content !== null && 'template' in content ? 20 : 0;
  return 64 + label + Math.floor(text.length / 60) * 20;
}

/**
 * What the customer read of a template reply: the server's `text`, else (an older or partial message) its name and
 * parameters.
 */
export function templateText(template: { name?: unknown; parameters?: unknown; text?: unknown }): string {
  if (typeof template.text === 'string') {
    return template.text;
  }
  const parameters = Array.isArray(template.parameters) ? template.parameters.filter((each) => typeof each === 'string') : [];
  return `${String(template.name ?? 'template')}${parameters.length > 0 ? ` (${parameters.join(', ')})` : ''}`;
}

/** Content the server sent but this page does not know (a newer kind, or not an object): shown as such. */
const isKnownContent = (content: unknown): content is Message['content'] =>
  typeof content === 'object' &&
  content !== null &&
  (('text' in content && typeof content.text === 'string') ||
    ('media' in content && typeof content.media === 'object' && content.media !== null) ||
    ('choices' in content &&
      typeof content.choices === 'object' &&
      content.choices !== null &&
      'options' in content.choices &&
      Array.isArray(content.choices.options)) ||
    ('location' in content && typeof content.location === 'object' && content.location !== null) ||
    ('template' in content && typeof content.template === 'object' && content.template !== null));

/** Plain-text summary of a message's content. */
export function messageSummary(message: Message): string {
  const content: unknown = message.content;
  if (!isKnownContent(content)) {
    return 'Unsupported content';
  }
  if ('template' in content) {
    return templateText(content.template);
  }
  if ('text' in content) {
    return content.choice ? `${content.text} → ${content.choice}` : content.text;
  }
  if ('media' in content) {
    return content.media.caption ? `Attachment: ${content.media.caption}` : 'Attachment';
  }
  if ('choices' in content) {
    return `${content.choices.text} (${content.choices.options.join(' / ')})`;
  }
  if ('location' in content) {
    return `Location: ${content.location.name ?? `${content.location.latitude}, ${content.location.longitude}`}`;
  }
  return 'Unsupported content';
}

interface RowProps {
  item: TimelineItem;
  userId: string;
  users: readonly User[];
  contactName: string;
  /** The row belongs to the conversation on screen (others are the contact's history). */
  current: boolean;
  showChannel: boolean;
  /** To name a conversation's channel account ("chn_…") after its type. */
  channels: readonly Channel[] | null;
}

export function TimelineRow({ item, userId, users, contactName, current, showChannel, channels }: RowProps) {
  if (item.kind === 'boundary') {
    const { conversation } = item;
    return (
      <div className="tl-boundary">
        <span className="tl-boundary-text">
          {channelLabel(conversation.channel, channels)} · conversation started {formatDateTime(conversation.createdAt)}
          {conversation.state === 'closed' && conversation.closedAt && ` · closed ${formatDateTime(conversation.closedAt)}`}
          {!current && conversation.state !== 'closed' && ' · another open conversation'}
        </span>
      </div>
    );
  }
  if (item.kind === 'note') {
    const { note } = item;
    return (
      <div className="tl-note">
        <p className="tl-note-head">
          <span className="tl-note-tag">Internal note</span> {userName(users, note.authorId, userId)} ·{' '}
          <time dateTime={note.createdAt}>{formatMessageTime(note.createdAt)}</time>
        </p>
        <p className="tl-text">{note.text}</p>
      </div>
    );
  }
  const { message } = item;
  const outbound = message.direction === 'outbound';
  const author = messageAuthor(message, users, userId);
  return (
    <div className={`tl-message ${outbound ? 'tl-out' : 'tl-in'}${message.status === 'failed' ? ' tl-failed' : ''}`}>
      <div className="tl-bubble">
        <p className="visually-hidden">{outbound ? authorIntro(author) : `${contactName} wrote:`}</p>
        <MessageBody message={message} />
        <p className="tl-meta">
          {showChannel && <span className="tl-channel">{channelLabel(item.conversation.channel, channels)}</span>}
          {outbound && message.authorId !== userId && <MessageAuthor author={author} />}
          <time dateTime={message.createdAt}>{formatMessageTime(message.createdAt)}</time>
          {outbound && <DeliveryTicks status={message.status} reason={message.statusReason} />}
        </p>
        {message.status === 'failed' && (
          <p className="tl-failure">Not delivered{message.statusReason ? `: ${message.statusReason}` : ''}</p>
        )}
      </div>
    </div>
  );
}

/** What a screen reader hears before a reply: "Ada wrote:", "An integration wrote:". */
export const authorIntro = (author: { name: string; bot: boolean }): string =>
  author.bot ? 'An integration wrote:' : `${author.name} wrote:`;

/** A reply's author under it; an integration's with a "Bot" badge, so nobody takes it for a colleague. */
export function MessageAuthor({ author }: { author: { name: string; bot: boolean } }) {
  if (!author.bot) {
    return <span>{author.name}</span>;
  }
  return (
    <span className="tl-author-bot">
      {author.name} <span className="badge tl-bot-badge">Bot</span>
    </span>
  );
}

export function MessageBody({ message }: { message: Message }) {
  const content: unknown = message.content;
  if (!isKnownContent(content)) {
    return <p className="tl-text muted">Unsupported content</p>;
  }
  if ('template' in content) {
    // The text the customer read, marked as a template so that agents see it was one.
    return (
      <div className="tl-text">
        <p className="tl-template-tag">{`Template: ${String(content.template.name ?? '')}`}</p>
        <p>{templateText(content.template)}</p>
      </div>
    );
  }
  if ('text' in content) {
    return (
      <p className="tl-text">
        {content.text}
        {content.choice && <span className="tl-choice"> → chose “{content.choice}”</span>}
      </p>
    );
  }
  if ('media' in content) {
    // Images web chat visitors sent before the media store were stored inline (data:image/…), shown as they are.
    if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(content.media.url)) {
      return (
        <div className="tl-text">
          <img className="tl-image" src={content.media.url} alt={content.media.caption ?? 'Image from the customer'} />
          {content.media.caption && <p>{content.media.caption}</p>}
        </div>
      );
    }
    // A file Parley stored (a Telegram photo, an agent's attachment): served to signed-in people with the type its
    // bytes told.
    if (content.media.id && content.media.url === `/api/v1/media/${content.media.id}`) {
      const image = /^image\/(png|jpeg|gif|webp)$/.test(content.media.mimeType ?? '');
      return (
        <div className="tl-text">
          {image ? (
            <a href={content.media.url} target="_blank" rel="noopener noreferrer">
              <img className="tl-image" src={content.media.url} alt={content.media.caption ?? content.media.name ?? 'Image'} />
            </a>
          ) : (
            <a href={content.media.url} download={content.media.name}>
              {content.media.name ?? 'File'}
              {content.media.size !== undefined && ` (${formatSize(content.media.size)})`}
            </a>
          )}
          {content.media.caption && <p>{content.media.caption}</p>}
        </div>
      );
    }
    const safe = /^https?:\/\//i.test(content.media.url);
    return (
      <div className="tl-text">
        {safe ? (
          <a href={content.media.url} target="_blank" rel="noopener noreferrer">
            {content.media.mimeType ? `Attachment (${content.media.mimeType})` : 'Attachment'}
          </a>
        ) : (
          <span>Attachment</span>
        )}
        {content.media.caption && <p>{content.media.caption}</p>}
      </div>
    );
  }
  if ('choices' in content) {
    return (
      <div className="tl-text">
        <p>{content.choices.text}</p>
        <ul className="tl-choices">
          {content.choices.options.map((option, index) => (
            <li key={index}>{option}</li>
          ))}
        </ul>
      </div>
    );
  }
  if ('location' in content) {
    const { latitude, longitude, name } = content.location;
    const degrees = (value: unknown) => (typeof value === 'number' ? value.toFixed(5) : '?');
    return (
      <p className="tl-text">
        Location: {name ? `${name} ` : ''}
        <span className="ws-num">
          ({degrees(latitude)}, {degrees(longitude)})
        </span>
      </p>
    );
  }
  return <p className="tl-text muted">Unsupported content</p>;
}

const TICKS: Record<MessageStatus, { symbol: string; label: string }> = {
  received: { symbol: '', label: 'Received' },
  queued: { symbol: '🕓', label: 'Queued' },
  sent: { symbol: '✓', label: 'Sent' },
  delivered: { symbol: '✓✓', label: 'Delivered' },
  read: { symbol: '✓✓', label: 'Read' },
  failed: { symbol: '!', label: 'Failed' },
};

export function DeliveryTicks({ status, reason }: { status: MessageStatus; reason: string | null }) {
  const tick = TICKS[status];
  const title = status === 'failed' && reason ? `Failed: ${reason}` : tick.label;
  return (
    <span className={`tl-ticks tl-ticks-${status}`} role="img" aria-label={title} title={title}>
      {tick.symbol}
    </span>
  );
}

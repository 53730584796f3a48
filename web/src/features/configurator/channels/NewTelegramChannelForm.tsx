import { useEffect, useId, useRef } from 'react';
import { createChannel } from '../../../api/routing';
import type { NewChannelFormProps } from './channelForms';
import { TelegramChannelEditor } from './TelegramChannelEditor';
import { newTelegramForm } from './telegramSettings';

/** Adding a Telegram bot: its token from BotFather and how its messages arrive. */
export function NewTelegramChannelForm({ onCreated, onCancel }: NewChannelFormProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="config-card cfg-new-channel" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        New Telegram bot
      </h3>
      <p className="field-hint">
        Customers write to your bot in Telegram; their messages reach your agents here, and the answers go back
        through the bot.
      </p>
      <TelegramChannelEditor
        mode="create"
        initial={newTelegramForm()}
        tokenSet={false}
        submitLabel="Add channel"
        progress="Adding channel…"
        success={(channel) => `${channel.name} added.`}
        write={({ name, enabled, settings, botToken }) =>
          createChannel({ type: 'telegram', name, enabled, settings, botToken: botToken ?? '' })
        }
        onSaved={onCreated}
        onCancel={onCancel}
      />
    </section>
  );
}

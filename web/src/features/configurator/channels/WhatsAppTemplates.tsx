import { useId } from 'react';
import { listTemplates, syncTemplates, type Channel, type MessageTemplate } from '../../../api/routing';
import { ActionError, ActionLive, LoadError, Loading } from '../common/ActionStatus';
import { useAction, type ActionState } from '../common/useAction';
import type { Resource } from '../common/useResource';
import { useResource } from '../common/useResource';

const STATUS_NAMES: Readonly<Record<string, string>> = {
  APPROVED: 'Approved',
  PENDING: 'In review',
  REJECTED: 'Rejected',
  PAUSED: 'Paused',
  DISABLED: 'Disabled',
  IN_APPEAL: 'In appeal',
};

/** Meta's status in words: "Approved", "In review"…; one this page does not know, as Meta spells it. */
export const templateStatusText = (status: string): string => STATUS_NAMES[status] ?? status;

/** "Synced 3 templates from Meta: 2 approved." */
export function syncedText(items: readonly MessageTemplate[]): string {
  if (items.length === 0) {
    return 'Synced: the business account has no message templates yet.';
  }
  const approved = items.filter((item) => item.status === 'APPROVED').length;
  return `Synced ${items.length} ${items.length === 1 ? 'template' : 'templates'} from Meta: ${approved} approved.`;
}

/**
 * A WhatsApp number's message templates, as Parley last synced them from the business account (when the number
 * starts or is saved, and with "Sync now"). Agents can send the approved ones, also once a reply window closed.
 */
export function WhatsAppTemplates({ channel }: { channel: Channel }) {
  const channelId = channel.id;
  const { resource, reload, setData } = useResource(() => listTemplates(channelId));
  const sync = useAction();

  async function syncNow() {
    const items = await sync.run('Asking Meta for the templates…', () => syncTemplates(channelId), syncedText);
    if (items) {
      if (resource.status === 'ready') {
        setData(() => items);
      } else {
        void reload();
      }
    }
  }

  const settings = channel.settings;
  const businessAccountId =
    settings && 'businessAccountId' in settings && typeof settings.businessAccountId === 'string'
      ? settings.businessAccountId
      : '';
  return (
    <TemplatesSection
      resource={resource}
      sync={sync}
      businessAccountMissing={businessAccountId === ''}
      onSync={() => void syncNow()}
      onRetry={() => void reload()}
    />
  );
}

interface TemplatesSectionProps {
  resource: Resource<MessageTemplate[]>;
  sync: ActionState;
  /** The channel has no WhatsApp Business Account ID: Meta cannot be asked for its templates. */
  businessAccountMissing: boolean;
  onSync: () => void;
  onRetry: () => void;
}

export function TemplatesSection({ resource, sync, businessAccountMissing, onSync, onRetry }: TemplatesSectionProps) {
  const base = useId();
  return (
    <section className="cfg-channel-test cfg-templates" aria-labelledby={`${base}-title`}>
      <h4 id={`${base}-title`}>Message templates</h4>
      <p className="field-hint">
        Meta reviews templates in WhatsApp Manager. Agents can send the approved ones, also once the 24-hour reply window
        has closed. Parley fetches them when the number starts or is saved, and when you sync.
        {businessAccountMissing && ' Fetching them needs the WhatsApp Business Account ID above.'}
      </p>
      <div className="form-actions">
        <button className="button" type="button" onClick={onSync} disabled={sync.pending !== null}>
          Sync now
        </button>
        <ActionLive action={sync} />
      </div>
      <ActionError action={sync} />
      {resource.status === 'loading' && <Loading what="templates" />}
      {resource.status === 'failed' && <LoadError what="Templates" message={resource.message} onRetry={onRetry} />}
      {resource.status === 'ready' &&
        (resource.data.length === 0 ? (
          <p className="muted">No templates yet: create them in WhatsApp Manager, then sync.</p>
        ) : (
          <div className="cfg-table-scroll">
            <table className="table cfg-templates-table">
              <caption className="visually-hidden">Message templates</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Language</th>
                  <th scope="col">Category</th>
                  <th scope="col">Status</th>
                  <th scope="col">Body</th>
                </tr>
              </thead>
              <tbody>
                {resource.data.map((template) => (
                  <tr key={`${template.name}\u0000${template.language}`}>
                    <th scope="row" className="cfg-template-name">
                      {template.name}
                    </th>
                    <td>{template.language}</td>
                    <td>{template.category}</td>
                    <td>
                      <span
                        className={`cfg-template-status cfg-template-${template.status === 'APPROVED' ? 'approved' : template.status === 'REJECTED' ? 'rejected' : 'other'}`}
                      >
                        {templateStatusText(template.status)}
                      </span>
                    </td>
                    <td className="cfg-template-body">{template.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

import { CHANNEL_TYPES, NEW_CHANNEL_FORMS } from './channelForms';

/** The channel types there are, with an "Add" button for those an admin can add. */
export function AddChannel({ onAdd }: { onAdd: (type: string) => void }) {
  const addable = (type: string, available: boolean) => available && NEW_CHANNEL_FORMS[type] !== undefined;
  return (
    <section className="config-card cfg-add-channel" aria-labelledby="add-channel-title">
      <h3 id="add-channel-title">Add a channel</h3>
      <ul className="cfg-channel-types">
        {CHANNEL_TYPES.map((info) => (
          <li key={info.type}>
            <span>
              <strong>{info.label}</strong>: {info.note}
            </span>
            {addable(info.type, info.available) && (
              <button
                className="button button-small"
                type="button"
                data-add-channel={info.type}
                onClick={() => onAdd(info.type)}
              >
                {info.addLabel ?? `Add ${info.label} channel`}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

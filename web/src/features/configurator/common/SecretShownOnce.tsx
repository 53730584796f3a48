import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CopyField } from './CopyField';

interface SecretShownOnceProps {
  /** The panel's heading, e.g. "Token “Order bot” created". */
  title: string;
  /** The heading's level where the panel stands: 3 for a tab's card, 5 inside a channel card's section. */
  headingLevel?: 3 | 4 | 5;
  /** The warning's first sentence, in bold: that the secret is not shown again. */
  once: string;
  /** What follows the warning: what the secret is for, what to do if it is lost. */
  explanation?: string;
  /** The copy field's label and button text, and the hint under it. */
  label: string;
  copyLabel: string;
  hint?: string;
  secret: string;
  /** More about what was made, under the secret (a token's role and permissions). */
  children?: ReactNode;
  /** Done: the caller drops the secret (and puts focus back where it belongs). */
  onDone: () => void;
  /** A card of its own (a tab's view) rather than a panel inside a card. */
  card?: boolean;
}

/**
 * A secret Parley shows this once (an API token's, the API channel's webhook signing secret): a warning, the secret
 * in a read-only field with a copy button, and Done. Focus moves to its heading when it appears, so screen readers
 * read the warning next; give it a `key` of the secret so a new one takes focus again. The page keeps the secret only
 * while the panel is open.
 */
export function SecretShownOnce({
  title,
  headingLevel = 3,
  once,
  explanation,
  label,
  copyLabel,
  hint,
  secret,
  children,
  onDone,
  card = false,
}: SecretShownOnceProps) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const Heading = `h${headingLevel}` as const;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section
      className={card ? 'config-card cfg-secret-created' : 'cfg-secret-created cfg-secret-panel'}
      aria-labelledby={`${base}-title`}
    >
      <Heading id={`${base}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </Heading>
      <p className="cfg-secret-once">
        <strong>{once}</strong>
        {explanation ? ` ${explanation}` : ''}
      </p>
      <CopyField label={label} value={secret} copyLabel={copyLabel} hint={hint} />
      {children}
      <div className="form-actions">
        <button className="button button-primary" type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

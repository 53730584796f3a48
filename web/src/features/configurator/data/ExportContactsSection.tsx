import { useId } from 'react';
import { CONTACTS_EXPORT_URL } from '../../../api/endpoints';

/** Every contact as one CSV file, downloaded with a plain link (the session cookie goes along), as the privacy exports are. */
export function ExportContactsSection() {
  const base = useId();
  return (
    <section className="config-card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Export contacts</h3>
      <p id={`${base}-what`}>
        Every contact as a CSV file: id, name, email, phone, when it was created, then its addresses on each channel (
        <code>identity.&lt;channel&gt;</code>, one per line of the cell) and its attributes (
        <code>attributes.&lt;key&gt;</code>). Erased contacts, and contacts merged into another, are left out. The file
        imports again as it is: change cells and import it to update those contacts.
      </p>
      <div className="form-actions">
        <a className="button" href={CONTACTS_EXPORT_URL} download aria-describedby={`${base}-what`}>
          Download contacts (CSV)
        </a>
      </div>
    </section>
  );
}

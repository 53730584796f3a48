/** The columns the import reads, and how rows find their contact. */
export function ImportHelp() {
  return (
    <div className="cfg-import-help">
      <p>The first line names the columns (letter case does not matter):</p>
      <ul>
        <li>
          <code>name</code>, <code>email</code>, <code>phone</code>: the contact’s own fields.
        </li>
        <li>
          <code>attributes.&lt;key&gt;</code>, e.g. <code>attributes.plan</code>: one attribute. Any other column is an
          attribute named after its header.
        </li>
        <li>
          <code>identity.&lt;channel&gt;</code>, e.g. <code>identity.webchat</code>: the contact’s address on a channel,
          named by its id or its exact name; several addresses go on separate lines of the cell.
        </li>
        <li>
          <code>id</code>: a Parley contact id, as an export has it.
        </li>
      </ul>
      <p>
        An empty cell changes nothing. A row changes the contact with its id, else the one with its email, else its
        phone, else one of its addresses; a row that matches none creates a contact. Nothing is written before you
        have seen what the file would do.
      </p>
    </div>
  );
}

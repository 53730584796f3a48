import { useId, useRef, useState } from 'react';
import { createToken, listTokens, revokeToken, type ApiToken, type CreatedApiToken, type NewApiToken } from '../../../api/tokens';
import { formatDate, formatDateTime, roleLabel } from '../../../format';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { RowButton } from '../common/RowButton';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { CreateTokenForm } from './CreateTokenForm';
import { NewTokenSecret } from './NewTokenSecret';
import { RevokeTokenDialog } from './RevokeTokenDialog';
import { isExpired, newestFirst, scopeLabels } from './tokenForm';
import './tokens.css';

type View = { kind: 'list' } | { kind: 'create' } | { kind: 'created'; created: CreatedApiToken };

/** API tokens (admins): the list, creating one (its secret shown once) and revoking. Fetched when the tab opens. */
export default function ApiTokensTab() {
  const { resource, reload, setData } = useResource(listTokens);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const create = useAction();
  const revoke = useAction();
  const createRef = useRef<HTMLButtonElement>(null);
  const rowId = `${useId()}-token-`;

  function backToList() {
    setView({ kind: 'list' });
    create.reset();
    requestAnimationFrame(() => createRef.current?.focus());
  }

  async function submit(input: NewApiToken) {
    const answer = await create.run('Creating token…', () => createToken(input), (result) => `Token “${result.token.name}” created.`);
    if (answer) {
      setData((tokens) => [...tokens.filter((item) => item.id !== answer.token.id), answer.token]);
      setView({ kind: 'created', created: answer });
    }
  }

  async function confirmRevoke() {
    if (!revoking) {
      return;
    }
    const target = revoking;
    const done = await revoke.run(
      'Revoking token…',
      () => revokeToken(target.id).then(() => true),
      `Token “${target.name}” revoked.`,
    );
    if (done) {
      setRevoking(null);
      setData((tokens) => tokens.filter((item) => item.id !== target.id));
    }
  }

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title" tabIndex={-1}>
        API tokens
      </h2>
      <p className="page-lead">
        Integrations (a bot, a CRM, your own scripts) call Parley’s API with a token instead of signing in. A token
        acts within its role and its permissions; its replies show in conversations as an API integration’s.
      </p>
      <p className="config-live">
        <ActionLive action={revoke} />
      </p>
      {view.kind === 'create' && <CreateTokenForm action={create} onCreate={(input) => void submit(input)} onCancel={backToList} />}
      {view.kind === 'created' && <NewTokenSecret created={view.created} onDone={backToList} />}
      {view.kind === 'list' && (
        <>
          <div className="cfg-token-toolbar">
            <button
              className="button button-primary"
              type="button"
              ref={createRef}
              onClick={() => {
                revoke.reset();
                setView({ kind: 'create' });
              }}
            >
              Create token
            </button>
          </div>
          {resource.status === 'loading' && <Loading what="API tokens" />}
          {resource.status === 'failed' && (
            <LoadError what="API tokens" message={resource.message} onRetry={() => void reload()} />
          )}
          {resource.status === 'ready' &&
            (resource.data.length === 0 ? (
              <p className="muted">No API tokens yet.</p>
            ) : (
              <TokenTable
                tokens={newestFirst(resource.data)}
                rowId={rowId}
                onRevoke={(token) => {
                  revoke.reset();
                  setRevoking(token);
                }}
              />
            ))}
        </>
      )}
      {revoking && (
        <RevokeTokenDialog
          token={revoking}
          state={revoke}
          onConfirm={() => void confirmRevoke()}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
        />
      )}
    </section>
  );
}

interface TokenTableProps {
  tokens: readonly ApiToken[];
  rowId: string;
  onRevoke: (token: ApiToken) => void;
}

export function TokenTable({ tokens, rowId, onRevoke }: TokenTableProps) {
  const now = new Date();
  return (
    <div className="cfg-table-scroll">
      <table className="table cfg-token-table">
        <caption className="visually-hidden">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Permissions</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col" className="table-action">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row">
                <span className="cfg-cell-title" id={rowId + token.id}>
                  {token.name}
                </span>
              </th>
              <td>{roleLabel(token.role)}</td>
              <td>
                <ul className="cfg-token-chips">
                  {scopeLabels(token.scopes).map((label) => (
                    <li key={label} className="cfg-token-chip">
                      {label}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="cfg-token-date">{formatDate(token.createdAt)}</td>
              <td className="cfg-token-date">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
              <td className="cfg-token-date">
                {token.expiresAt === null ? (
                  <span className="muted">Never</span>
                ) : isExpired(token, now) ? (
                  <>
                    <span className="badge cfg-token-expired">Expired</span> {formatDate(token.expiresAt)}
                  </>
                ) : (
                  formatDate(token.expiresAt)
                )}
              </td>
              <td className="table-action">
                <RowButton rowTitleId={rowId + token.id} onClick={() => onRevoke(token)}>
                  Revoke
                </RowButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

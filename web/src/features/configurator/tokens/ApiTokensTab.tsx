import { useId, useRef, useState } from 'react';
import { listUsers } from '../../../api/routing';
import { createToken, listTokens, revokeToken, type ApiToken, type CreatedApiToken, type NewApiToken } from '../../../api/tokens';
import type { User } from '../../../api/types';
import { formatDate, formatDateTime, roleLabel } from '../../../format';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { RowButton } from '../common/RowButton';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { CreateTokenForm } from './CreateTokenForm';
import { NewTokenSecret } from './NewTokenSecret';
import { RevokeTokenDialog } from './RevokeTokenDialog';
import { isExpired, newestFirst, scopeLabels, tokenCreator } from './tokenForm';
import './tokens.css';

interface TokensData {
  tokens: ApiToken[];
  /** The tenant's users, to name whom each token acts for; null if they could not be loaded (the ids show then). */
  users: User[] | null;
}

const loadAll = async (): Promise<TokensData> => {
  const [tokens, users] = await Promise.all([listTokens(), listUsers().catch(() => null)]);
  return { tokens, users };
};

/** The hint between the Create button and the list: what ends a token besides its expiry and a revocation. */
export const CREATOR_HINT = 'A token stops working when the user who created it is deactivated or deleted.';

type View = { kind: 'list' } | { kind: 'create' } | { kind: 'created'; created: CreatedApiToken };

/** API tokens (admins): the list, creating one (its secret shown once) and revoking. Fetched when the tab opens. */
export default function ApiTokensTab() {
  const { resource, reload, setData } = useResource(loadAll);
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
      setData((data) => ({
        ...data,
        tokens: [...data.tokens.filter((item) => item.id !== answer.token.id), answer.token],
      }));
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
      setData((data) => ({ ...data, tokens: data.tokens.filter((item) => item.id !== target.id) }));
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
          <p className="field-hint cfg-token-hint">{CREATOR_HINT}</p>
          {resource.status === 'loading' && <Loading what="API tokens" />}
          {resource.status === 'failed' && (
            <LoadError what="API tokens" message={resource.message} onRetry={() => void reload()} />
          )}
          {resource.status === 'ready' &&
            (resource.data.tokens.length === 0 ? (
              <p className="muted">No API tokens yet.</p>
            ) : (
              <TokenTable
                tokens={newestFirst(resource.data.tokens)}
                users={resource.data.users}
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
  /** The tenant's users, for the "Created by" column; null: not loaded, the ids show. */
  users: readonly User[] | null;
  rowId: string;
  onRevoke: (token: ApiToken) => void;
}

export function TokenTable({ tokens, users, rowId, onRevoke }: TokenTableProps) {
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
            <th scope="col">Created by</th>
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
              <td>
                <CreatorName creatorId={token.createdBy} users={users} />
              </td>
              <td className="cfg-token-date">{formatDate(token.createdAt)}</td>
              {/* Date and time may wrap: the table fits a laptop screen with the revoke button in view. */}
              <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="muted">Never</span>}</td>
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

/** Whom a token acts for: the user's name, "(deactivated)" after it; muted for the command line or an unknown id. */
function CreatorName({ creatorId, users }: { creatorId: string | null; users: readonly User[] | null }) {
  const creator = tokenCreator(creatorId, users);
  if (creator.quiet) {
    return <span className="muted">{creator.label}</span>;
  }
  return (
    <>
      {creator.label}
      {creator.note && <span className="muted"> {creator.note}</span>}
    </>
  );
}

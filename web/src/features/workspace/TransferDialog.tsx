// Transfer a conversation: back into a category's queue (everyone), or straight to an agent (supervisors and
// admins, who may list agents).
import { useEffect, useId, useState } from 'react';
import { listAgents, type Agent, type Conversation } from '../../api/routing';
import { Dialog } from './Dialog';
import { describeError, useWorkspace, useWorkspaceState } from './WorkspaceProvider';

interface TransferDialogProps {
  open: boolean;
  conversation: Conversation;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onTransfer: (to: { agentId: string } | { categoryId: string }, label: string) => void;
}

export function TransferDialog(props: TransferDialogProps) {
  return (
    <Dialog open={props.open} title="Transfer conversation" onClose={props.onClose}>
      <TransferForm {...props} />
    </Dialog>
  );
}

function TransferForm({ conversation, busy, error, onClose, onTransfer }: TransferDialogProps) {
  const workspace = useWorkspace();
  const { lookups } = useWorkspaceState();
  const [mode, setMode] = useState<'category' | 'agent'>('category');
  const [categoryId, setCategoryId] = useState(
    lookups.categories.find((category) => category.id !== conversation.categoryId)?.id ?? lookups.categories[0]?.id ?? '',
  );
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [agentsError, setAgentsError] = useState<string | null>(null);
  const [agentId, setAgentId] = useState('');
  const ids = { category: useId(), agent: useId(), mode: useId() };

  useEffect(() => {
    if (!workspace.manager) {
      return;
    }
    listAgents()
      .then((items) => {
        const others = items.filter((agent) => agent.userId !== conversation.agentId);
        setAgents(others);
        setAgentId((current) => current || others[0]?.userId || '');
      })
      .catch((failure: unknown) => setAgentsError(describeError(failure)));
  }, [conversation.agentId, workspace.manager]);

  const agentLabel = (agent: Agent) => {
    const user = lookups.users.find((each) => each.id === agent.userId);
    return user ? user.displayName || user.email : agent.userId;
  };

  const submit = () => {
    if (mode === 'agent') {
      const agent = agents?.find((each) => each.userId === agentId);
      if (agent) {
        onTransfer({ agentId }, agentLabel(agent));
      }
    } else {
      const category = lookups.categories.find((each) => each.id === categoryId);
      if (category) {
        onTransfer({ categoryId }, category.name);
      }
    }
  };

  const ready = mode === 'agent' ? agentId !== '' : categoryId !== '';
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {workspace.manager && (
        <fieldset className="ws-fieldset">
          <legend>Transfer to</legend>
          <label className="ws-radio">
            <input type="radio" name={ids.mode} checked={mode === 'category'} onChange={() => setMode('category')} /> A
            category’s queue
          </label>
          <label className="ws-radio">
            <input type="radio" name={ids.mode} checked={mode === 'agent'} onChange={() => setMode('agent')} /> An
            agent
          </label>
        </fieldset>
      )}
      {mode === 'category' && (
        <div className="field">
          <label htmlFor={ids.category}>Category</label>
          {lookups.categories.length === 0 ? (
            <p className="field-hint">There are no categories yet.</p>
          ) : (
            <select
              id={ids.category}
              className="ws-select"
              value={categoryId}
              onChange={(event) => setCategoryId(event.target.value)}
            >
              {lookups.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {category.name}
                  {category.id === conversation.categoryId ? ' (current)' : ''}
                </option>
              ))}
            </select>
          )}
          <p className="field-hint">It goes back into the queue and is allocated by that category’s skills.</p>
        </div>
      )}
      {mode === 'agent' && (
        <div className="field">
          <label htmlFor={ids.agent}>Agent</label>
          {agentsError && <p className="form-error">{agentsError}</p>}
          {agents === null && !agentsError && <p className="field-hint">Loading agents…</p>}
          {agents !== null && (
            <select id={ids.agent} className="ws-select" value={agentId} onChange={(event) => setAgentId(event.target.value)}>
              {agents.map((agent) => (
                <option key={agent.userId} value={agent.userId}>
                  {agentLabel(agent)} — {agent.presence}, {agent.load}/{agent.capacity}
                </option>
              ))}
            </select>
          )}
          <p className="field-hint">Assigned at once, even above the agent’s capacity.</p>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="ws-dialog-actions">
        <button className="button button-primary" type="submit" disabled={busy || !ready}>
          {busy ? 'Moving…' : 'Move conversation'}
        </button>
        <button className="button" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

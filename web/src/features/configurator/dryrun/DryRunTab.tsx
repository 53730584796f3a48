import { useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  dryRun,
  getQueue,
  listCategories,
  listSkills,
  listUsers,
  type Category,
  type Explanation,
  type QueuedConversation,
} from '../../../api/routing';
import type { User } from '../../../api/types';
import { formatDateTime } from '../../../format';
import { ActionError, ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { inPositionOrder } from '../categories/categoryForm';
import { explain, type ExplainContext, type Worded } from './explain';

const UNCATEGORISED = 'uncategorised';

const loadAll = () =>
  Promise.all([listCategories(), listSkills(), listUsers(), getQueue().then((queue) => queue.items)]);

interface Result {
  target: string;
  worded: Worded;
}

export function DryRunTab() {
  const base = useId();
  const { resource, reload } = useResource(loadAll);
  const [choice, setChoice] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const run = useAction();

  if (resource.status === 'loading') {
    return <Frame>{<Loading what="categories and the queue" />}</Frame>;
  }
  if (resource.status === 'failed') {
    return (
      <Frame>
        <LoadError what="Categories and the queue" message={resource.message} onRetry={() => void reload()} />
      </Frame>
    );
  }
  const [categoryList, skills, users, queue] = resource.data;
  const categories = inPositionOrder(categoryList);
  const context: Omit<ExplainContext, 'requirement'> = {
    agentName: (id) => nameOf(users, id),
    skillName: (id) => skills.find((skill) => skill.id === id)?.name ?? `unknown skill (${id})`,
  };
  const categoryName = (id: string | null) =>
    id === null ? 'no category' : (categories.find((category) => category.id === id)?.name ?? 'a deleted category');
  const values = [
    ...categories.map((category) => `category:${category.id}`),
    UNCATEGORISED,
    ...queue.map((item) => `conversation:${item.conversationId}`),
  ];
  // A conversation picked before a refresh may have left the queue meanwhile.
  const selected = values.includes(choice) ? choice : values[0];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = describeTarget(selected, categories, queue, categoryName);
    const explanation = await run.run<Explanation>(
      'Running…',
      () => dryRun(targetOf(selected)),
      (answer) => `Dry run done. ${explain(answer, context).headline}`,
    );
    if (explanation) {
      const requirement = requirementOf(selected, categories, queue);
      setResult({ target, worded: explain(explanation, { ...context, requirement }) });
    }
  }

  return (
    <Frame>
      <form className="form" onSubmit={submit}>
        <div className="config-inline-form">
          <div className="field">
            <label htmlFor={`${base}-target`}>Conversation or category</label>
            <select
              id={`${base}-target`}
              value={selected}
              onChange={(event) => {
                setChoice(event.target.value);
                run.reset();
              }}
            >
              <optgroup label="A new conversation in">
                {categories.map((category) => (
                  <option key={category.id} value={`category:${category.id}`}>
                    {category.name}
                  </option>
                ))}
                <option value={UNCATEGORISED}>No category</option>
              </optgroup>
              <optgroup label={queue.length === 0 ? 'Waiting conversations (none)' : 'Waiting conversations'}>
                {queue.map((item, index) => (
                  <option key={item.conversationId} value={`conversation:${item.conversationId}`}>
                    {`#${index + 1} in the queue, ${categoryName(item.categoryId)}, waiting since ${formatDateTime(item.enqueuedAt)}`}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <button className="button button-primary" type="submit" disabled={run.pending !== null}>
            Run
          </button>
          <button className="button" type="button" onClick={() => void reload()}>
            Refresh queue
          </button>
        </div>
        <ActionError action={run} />
        <p className="config-live">
          <ActionLive action={run} />
        </p>
      </form>
      {result && <DryRunResult result={result} />}
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="dry-run-title">
      <h2 id="dry-run-title" tabIndex={-1}>
        Dry run
      </h2>
      <p className="page-lead">
        Who would get a conversation right now, and why. Nothing is assigned or changed.
      </p>
      {children}
    </section>
  );
}

function DryRunResult({ result }: { result: Result }) {
  const { worded } = result;
  return (
    <section className="config-card cfg-dry-run-result" aria-labelledby="dry-run-result-title">
      <h3 id="dry-run-result-title">Result for {result.target}</h3>
      <p className="cfg-dry-run-headline">{worded.headline}</p>
      <ul>
        {worded.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <h4>Skipped agents</h4>
      {worded.skipped.length === 0 ? (
        <p className="muted">No agent was passed over.</p>
      ) : (
        <ul className="cfg-skip-list">
          {worded.skipped.map((skip, index) => (
            <li key={`${skip.agent}-${index}`}>
              <strong>{skip.agent}</strong>: {skip.reason}
            </li>
          ))}
        </ul>
      )}
      <h4>Agents not ready</h4>
      <p>{worded.notReady}</p>
    </section>
  );
}

function nameOf(users: readonly User[], id: string): string {
  const user = users.find((item) => item.id === id);
  return user ? user.displayName || user.email : `an unknown user (${id})`;
}

function targetOf(value: string): { categoryId?: string; conversationId?: string } {
  if (value.startsWith('category:')) {
    return { categoryId: value.slice('category:'.length) };
  }
  if (value.startsWith('conversation:')) {
    return { conversationId: value.slice('conversation:'.length) };
  }
  return {};
}

function requirementOf(
  value: string,
  categories: readonly Category[],
  queue: readonly QueuedConversation[],
): string[][] | undefined {
  const target = targetOf(value);
  if (target.conversationId) {
    return queue.find((item) => item.conversationId === target.conversationId)?.requires;
  }
  if (target.categoryId) {
    const category = categories.find((item) => item.id === target.categoryId);
    return category ? [category.skills] : undefined;
  }
  return [[]];
}

function describeTarget(
  value: string,
  categories: readonly Category[],
  queue: readonly QueuedConversation[],
  categoryName: (id: string | null) => string,
): string {
  const target = targetOf(value);
  if (target.conversationId) {
    const index = queue.findIndex((item) => item.conversationId === target.conversationId);
    return `the conversation #${index + 1} in the queue (${categoryName(queue[index]?.categoryId ?? null)})`;
  }
  if (target.categoryId) {
    return `a new conversation in “${categories.find((item) => item.id === target.categoryId)?.name ?? 'a category'}”`;
  }
  return 'a new conversation without a category';
}

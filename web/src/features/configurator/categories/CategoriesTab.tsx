import { useId, useRef, useState } from 'react';
import {
  createCategory,
  deleteCategory,
  listCategories,
  listSkills,
  updateCategory,
  type Category,
  type CategoryInput,
  type Skill,
} from '../../../api/routing';
import { ActionLive, Loading, LoadError } from '../common/ActionStatus';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { categoryToForm, describeRelaxation, describeWindowBoost, inPositionOrder, nextPosition } from './categoryForm';
import { CategoryFormView } from './CategoryFormView';
import { RowButton } from '../common/RowButton';

type Editing = { mode: 'new' } | { mode: 'edit'; category: Category } | null;

const loadAll = () => Promise.all([listCategories(), listSkills()]);

export function CategoriesTab() {
  const { resource, reload, setData } = useResource(loadAll);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Category | null>(null);
  const save = useAction();
  const remove = useAction();
  const addRef = useRef<HTMLButtonElement>(null);
  const rowId = `${useId()}-category-`;

  const skills: Skill[] = resource.status === 'ready' ? [...resource.data[1]].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const categories = resource.status === 'ready' ? inPositionOrder(resource.data[0]) : [];
  const skillName = (id: string) => skills.find((skill) => skill.id === id)?.name ?? `unknown skill (${id})`;

  function close(focusCategoryId: string | null) {
    setEditing(null);
    requestAnimationFrame(() => {
      const target = focusCategoryId
        ? document.querySelector<HTMLElement>(`[data-category-edit="${CSS.escape(focusCategoryId)}"]`)
        : addRef.current;
      target?.focus();
    });
  }

  async function submit(input: CategoryInput) {
    if (!editing) {
      return;
    }
    const existing = editing.mode === 'edit' ? editing.category : null;
    const saved = await save.run(
      'Saving category…',
      () => (existing ? updateCategory(existing.id, input) : createCategory(input)),
      (category) => `Category “${category.name}” ${existing ? 'saved' : 'added'}.`,
    );
    if (saved) {
      setData(([items, skillList]) => [[...items.filter((item) => item.id !== saved.id), saved], skillList]);
      close(saved.id);
    }
  }

  async function confirmDelete() {
    if (!deleting) {
      return;
    }
    const target = deleting;
    const done = await remove.run(
      'Deleting category…',
      () => deleteCategory(target.id).then(() => true),
      `Category “${target.name}” deleted.`,
    );
    if (done) {
      setDeleting(null);
      if (editing?.mode === 'edit' && editing.category.id === target.id) {
        setEditing(null);
      }
      setData(([items, skillList]) => [items.filter((item) => item.id !== target.id), skillList]);
    }
  }

  return (
    <section aria-labelledby="categories-title">
      <h2 id="categories-title" tabIndex={-1}>
        Categories
      </h2>
      <p className="page-lead">
        A category groups conversations by channel, keyword or entry point, and sets the skills and priority they are
        routed with.
      </p>
      <p className="config-live">
        <ActionLive action={save} /> <ActionLive action={remove} />
      </p>
      {resource.status === 'loading' && <Loading what="categories" />}
      {resource.status === 'failed' && (
        <LoadError what="Categories" message={resource.message} onRetry={() => void reload()} />
      )}
      {resource.status === 'ready' && (
        <>
          {categories.length === 0 ? (
            <p className="muted">No categories yet: every conversation is routed to anyone who is available.</p>
          ) : (
            <div className="cfg-table-scroll">
              <table className="table">
                <caption className="visually-hidden">Categories, in the order their rules are tried</caption>
                <thead>
                  <tr>
                    <th scope="col">Position</th>
                    <th scope="col">Category</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Required skills</th>
                    <th scope="col">Offer timeout</th>
                    <th scope="col" className="table-action">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {categories.map((category) => (
                    <tr key={category.id}>
                      <td>{category.position}</td>
                      <th scope="row">
                        <span className="cfg-cell-title" id={rowId + category.id}>
                          {category.name}
                        </span>
                        <CategoryDetails category={category} skillName={skillName} />
                      </th>
                      <td>{category.priority}</td>
                      <td>{category.skills.length === 0 ? 'anyone' : category.skills.map(skillName).join(', ')}</td>
                      <td>{category.offerTimeoutSeconds === 0 ? 'none' : `${category.offerTimeoutSeconds} s`}</td>
                      <td className="table-action">
                        <button
                          className="button button-small"
                          type="button"
                          data-category-edit={category.id}
                          aria-describedby={rowId + category.id}
                          onClick={() => {
                            save.reset();
                            setEditing({ mode: 'edit', category });
                          }}
                        >
                          Edit
                        </button>{' '}
                        <RowButton rowTitleId={rowId + category.id} onClick={() => {
                          remove.reset();
                          setDeleting(category);
                        }}>
                          Delete
                        </RowButton>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {editing === null && (
            <button
              className="button button-primary"
              type="button"
              ref={addRef}
              onClick={() => {
                save.reset();
                setEditing({ mode: 'new' });
              }}
            >
              Add category
            </button>
          )}
          {editing !== null && (
            <CategoryFormView
              key={editing.mode === 'edit' ? editing.category.id : 'new'}
              title={editing.mode === 'edit' ? `Edit category “${editing.category.name}”` : 'New category'}
              initial={
                editing.mode === 'edit'
                  ? categoryToForm(editing.category)
                  : categoryToForm(null, nextPosition(resource.data[0]))
              }
              skills={skills}
              action={save}
              onSave={(input) => void submit(input)}
              onCancel={() => close(editing.mode === 'edit' ? editing.category.id : null)}
            />
          )}
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete category"
          question={`Delete the category “${deleting.name}”? Its waiting conversations are routed without a category.`}
          confirmLabel="Delete category"
          action={remove}
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            remove.reset();
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}

export function CategoryDetails({ category, skillName }: { category: Category; skillName: (id: string) => string }) {
  const { channels, keywords, entryPoints } = category.rules;
  const rules = [
    channels.length > 0 ? `channel ${channels.join(' or ')}` : null,
    keywords.length > 0 ? `keyword ${keywords.join(', ')}` : null,
    entryPoints.length > 0 ? `entry point ${entryPoints.join(', ')}` : null,
  ].filter(Boolean);
  const steps = describeRelaxation(category, skillName);
  const boost = describeWindowBoost(category.windowBoost);
  return (
    <span className="cfg-cell-details">
      <span>Rules: {rules.length === 0 ? 'matches everything' : rules.join('; ')}</span>
      {steps.length > 0 && <span>Then: {steps.join('; ')}</span>}
      {boost && <span>Reply window: {boost}</span>}
    </span>
  );
}

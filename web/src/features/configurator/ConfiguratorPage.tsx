import { lazy, Suspense, type ReactNode } from 'react';
import type { User } from '../../api/types';
import { Link } from '../../Link';
import { useDocumentTitle } from '../../useDocumentTitle';
import { LoadFailure } from '../shell/LoadFailure';
import { PageHeading } from '../shell/PageHeading';
import { CannedResponsesTab } from './canned/CannedResponsesTab';
import { CategoriesTab } from './categories/CategoriesTab';
import { ChannelsTab } from './channels/ChannelsTab';
import { DataTab } from './data/DataTab';
import { DryRunTab } from './dryrun/DryRunTab';
import { SettingsTab } from './settings/SettingsTab';
import { SkillsTab } from './skills/SkillsTab';
import { chooseTab, PRIVACY_LINK, tabPath, tabsFor, type TabEntry, type TabId } from './tabs';
import { TenantTab } from './tenant/TenantTab';
import { UsersTab } from './users/UsersTab';
import './configurator.css';

// Opened once in a while, by admins: fetched on first use.
const SecurityTab = lazy(() => import('./security/SecurityTab'));
const ApiTokensTab = lazy(() => import('./tokens/ApiTokensTab'));
const BackupsTab = lazy(() => import('./backups/BackupsTab'));

interface ConfiguratorPageProps {
  user: User;
  /** The path part after /configurator/ ("" for the index). */
  tab: string;
  /** The session ended here (the workspace was deleted); `notice` says why, for the sign-in page. */
  onSignedOut: (notice: string) => void;
}

/** /configurator/<tab>. */
export function ConfiguratorPage({ user, tab, onSignedOut }: ConfiguratorPageProps) {
  const choice = chooseTab(user.role, tab);
  const current = choice.kind === 'tab' ? choice.tab.id : null;
  useDocumentTitle(choice.kind === 'tab' ? `${choice.tab.label} · Configurator` : 'Configurator');

  return (
    <section className="page configurator">
      <PageHeading title="Configurator" />
      <TabList role={user.role} current={current} />
      <div className="config-panel">
        {choice.kind === 'tab' && <TabPanel id={choice.tab.id} user={user} onSignedOut={onSignedOut} />}
        {choice.kind === 'forbidden' && <Unavailable tab={choice.tab} role={user.role} />}
        {choice.kind === 'unknown' && (
          <p>
            There is no such part of the Configurator. Choose one of the tabs above.
          </p>
        )}
        {choice.kind === 'none' && <p>Your role has nothing to configure here.</p>}
      </div>
    </section>
  );
}

function TabList({ role, current }: { role: User['role']; current: TabId | null }) {
  const tabs = tabsFor(role);
  const privacy = PRIVACY_LINK.roles.includes(role);
  return (
    <nav className="config-tabs" aria-label="Configurator">
      <ul>
        {tabs.map((entry) => (
          <li key={entry.id}>
            <Link
              to={tabPath(entry.id)}
              className="config-tab"
              aria-current={entry.id === current ? 'page' : undefined}
            >
              {entry.label}
            </Link>
          </li>
        ))}
        {privacy && (
          <li className="config-tab-aside">
            <Link to={PRIVACY_LINK.path} className="config-tab">
              {PRIVACY_LINK.label}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

function TabPanel({ id, user, onSignedOut }: { id: TabId; user: User; onSignedOut: (notice: string) => void }) {
  switch (id) {
    case 'channels':
      return <ChannelsTab />;
    case 'users':
      return <UsersTab currentUser={user} />;
    case 'skills':
      return <SkillsTab />;
    case 'categories':
      return <CategoriesTab />;
    case 'canned-responses':
      return <CannedResponsesTab />;
    case 'dry-run':
      return <DryRunTab />;
    case 'settings':
      return <SettingsTab />;
    case 'security':
      return (
        <LazyTab>
          <SecurityTab currentUser={user} />
        </LazyTab>
      );
    case 'api-tokens':
      return (
        <LazyTab>
          <ApiTokensTab />
        </LazyTab>
      );
    case 'data':
      return <DataTab />;
    case 'backups':
      return (
        <LazyTab>
          <BackupsTab />
        </LazyTab>
      );
    case 'workspace':
      return <TenantTab onSignedOut={onSignedOut} />;
  }
}

/** A tab fetched on first use: "Loading…" meanwhile, and a message if its code cannot be fetched. */
function LazyTab({ children }: { children: ReactNode }) {
  return (
    <LoadFailure message="This tab could not be loaded.">
      <Suspense fallback={<p className="muted">Loading…</p>}>{children}</Suspense>
    </LoadFailure>
  );
}

function Unavailable({ tab, role }: { tab: TabEntry; role: User['role'] }) {
  const first = tabsFor(role)[0];
  return (
    <p>
      {tab.label} can be changed by admins only.
      {first && (
        <>
          {' '}
          Go to <Link to={tabPath(first.id)}>{first.label}</Link>.
        </>
      )}
    </p>
  );
}

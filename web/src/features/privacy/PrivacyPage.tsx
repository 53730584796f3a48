import { Link } from '../../Link';
import { useDocumentTitle } from '../../useDocumentTitle';
import { PageHeading } from '../shell/PageHeading';
import { AuditTab } from './AuditTab';
import { PrivacySettingsTab } from './PrivacySettingsTab';
import { choosePrivacyTab, PRIVACY_TABS, type PrivacyTabId } from './privacyTabs';
import { SubjectsTab } from './SubjectsTab';
// The tab list, cards, dialogs and status lines look as in the Configurator, whose common parts this page uses.
import '../configurator/configurator.css';
import './privacy.css';

/** /privacy/<tab> for admins and DPOs: `tab` is the path part after /privacy/ ("" for finding a customer). */
export function PrivacyPage({ tab }: { tab: string }) {
  const current = choosePrivacyTab(tab);
  useDocumentTitle(current ? `${current.label} · Privacy` : 'Privacy');

  return (
    <section className="page privacy">
      <PageHeading title="Privacy" />
      <TabList current={current?.id ?? null} />
      <div className="config-panel">
        {current?.id === 'subjects' && <SubjectsTab />}
        {current?.id === 'audit' && <AuditTab />}
        {current?.id === 'settings' && <PrivacySettingsTab />}
        {current === null && <p>There is no such part of Privacy. Choose one of the tabs above.</p>}
      </div>
    </section>
  );
}

function TabList({ current }: { current: PrivacyTabId | null }) {
  return (
    <nav className="config-tabs" aria-label="Privacy">
      <ul>
        {PRIVACY_TABS.map((entry) => (
          <li key={entry.id}>
            <Link to={entry.path} className="config-tab" aria-current={entry.id === current ? 'page' : undefined}>
              {entry.label}
            </Link>
          </li>
        ))}
        <li className="config-tab-aside">
          <Link to="/cookies" className="config-tab">
            Cookies
          </Link>
        </li>
      </ul>
    </nav>
  );
}

import { ExportContactsSection } from './ExportContactsSection';
import { ImportContactsSection } from './ImportContactsSection';
import { UsageExportSection } from './UsageExportSection';

/** Contacts in and out as CSV files, and the usage records (admins). */
export function DataTab() {
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title" tabIndex={-1}>
        Import &amp; export
      </h2>
      <p className="page-lead">Bring contacts in from a spreadsheet, take them out again, and download usage records.</p>
      <ImportContactsSection />
      <ExportContactsSection />
      <UsageExportSection />
    </section>
  );
}

import { useId, useState } from 'react';
import { usageExportUrl } from '../../../api/endpoints';
import { Field, fieldAria } from '../common/Field';
import { checkUsageDays, defaultUsageDays, type UsageDays } from './usageRange';

/** Usage records (I4): one row per message in a range of days, for billing; never the messages' text. */
export function UsageExportSection() {
  const [days, setDays] = useState<UsageDays>(() => defaultUsageDays(new Date()));
  return (
    <UsageExportForm days={days} onEdit={(field, value) => setDays((current) => ({ ...current, [field]: value }))} />
  );
}

interface UsageExportFormProps {
  days: UsageDays;
  onEdit: (field: keyof UsageDays, value: string) => void;
}

/** The two days and the download, which is a plain link (GET, cookie) once the days make a range. */
export function UsageExportForm({ days, onEdit }: UsageExportFormProps) {
  const base = useId();
  const checked = checkUsageDays(days);
  const errors = checked.ok ? {} : checked.errors;
  return (
    <section className="config-card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Usage records</h3>
      <p id={`${base}-what`}>
        One row per message sent or received on the days chosen (counted in UTC): its ids, channel, direction, time,
        status, category, agent and contact. Never the text of the message.
      </p>
      <div className="cfg-form-row cfg-usage-days">
        <Field id={`${base}-from`} label="First day" error={errors.from}>
          <input
            id={`${base}-from`}
            type="date"
            value={days.from}
            required
            {...fieldAria(`${base}-from`, false, errors.from)}
            onChange={(event) => onEdit('from', event.target.value)}
          />
        </Field>
        <Field id={`${base}-until`} label="Last day" hint="Included." error={errors.until}>
          <input
            id={`${base}-until`}
            type="date"
            value={days.until}
            required
            {...fieldAria(`${base}-until`, true, errors.until)}
            onChange={(event) => onEdit('until', event.target.value)}
          />
        </Field>
      </div>
      <div className="form-actions">
        {checked.ok ? (
          <a className="button" href={usageExportUrl(checked.range, 'csv')} download aria-describedby={`${base}-what`}>
            Download CSV
          </a>
        ) : (
          <button className="button" type="button" disabled>
            Download CSV
          </button>
        )}
      </div>
    </section>
  );
}

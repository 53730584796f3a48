import { Link } from '../../Link';
import { PageHeading } from './PageHeading';
import { HOME_PATH } from './sections';

export function NotFound() {
  return (
    <section className="page">
      <PageHeading title="Page not found" />
      <p>
        There is no page at this address. Go to the <Link to={HOME_PATH}>Workspace</Link>.
      </p>
    </section>
  );
}

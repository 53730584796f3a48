// The contacts pages, fetched the first time someone opens them: the first page load stays as small as it was.
import { Component, lazy, Suspense, type ReactNode } from 'react';
import type { ContactsPageProps } from './ContactsPage';

const ContactsPage = lazy(() => import('./ContactsPage'));

export function LazyContactsPage(props: ContactsPageProps) {
  return (
    <LoadFailure>
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading contacts…
          </p>
        }
      >
        <ContactsPage {...props} />
      </Suspense>
    </LoadFailure>
  );
}

/** The page's code could not be fetched (the server went away, or was updated meanwhile): say so, offer a reload. */
class LoadFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) {
      return this.props.children;
    }
    return (
      <div className="form-error" role="alert">
        The contacts page could not be loaded.{' '}
        <button className="button button-small" type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

// Code fetched on first use (a page, the charts) could not be fetched: the server went away, or was updated
// meanwhile. Says so, in the words the caller gives, and offers a reload.
import { Component, type ReactNode } from 'react';

interface LoadFailureProps {
  message: string;
  children: ReactNode;
}

export class LoadFailure extends Component<LoadFailureProps, { failed: boolean }> {
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
        {this.props.message}{' '}
        <button className="button button-small" type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

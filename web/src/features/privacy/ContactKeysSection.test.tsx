// The Settings tab's "Contact keys" section, rendered to HTML on the server side of React (no DOM, no effects), as
// the Configurator's tests do. The section's own steps (ask, confirm, cancel) are followed with their state kept by
// hand and rendered after each; the call runs through the real API client against a fake fetch.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatCount } from '../../format';
import { fakeFetch, type FakeAnswer, type FetchCall } from '../../test/fakeFetch';
import { describeError } from '../configurator/common/errors';
import type { Action, ActionState } from '../configurator/common/useAction';
import { ROTATE_PROGRESS } from './contactKeyRotation';
import { contactKeysSteps, ContactKeysView, type ContactKeysViewProps } from './ContactKeysSection';
import { PrivacySettingsTab } from './PrivacySettingsTab';

const idle: ActionState = { pending: null, success: null, error: null };
const noop = () => {};
/** The text of the HTML, tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const view = (props: Partial<ContactKeysViewProps> = {}) =>
  renderToStaticMarkup(
    <ContactKeysView confirming={false} rotate={idle} onRotate={noop} onConfirm={noop} onCancel={noop} {...props} />,
  );

/** The section's own button (not the dialog's). */
const rotateButton = (html: string) =>
  /<button class="button" type="button"[^>]*>Rotate contact keys<\/button>/.exec(html)?.[0] ?? '';
/** The live region's text. */
const statusOf = (html: string) => /<span class="config-status[^"]*" role="status">([^<]*)<\/span>/.exec(html)?.[1];

/**
 * The section's steps as its buttons run them, with `useAction`'s contract kept by hand (no React to hold the
 * state): `html()` renders the view as the state now is.
 */
function follow() {
  const state: { confirming: boolean; rotate: ActionState } = { confirming: false, rotate: idle };
  const action: Action = {
    ...idle,
    async run(progress, write, success) {
      state.rotate = { pending: progress, success: null, error: null };
      try {
        const answer = await write();
        state.rotate = { pending: null, success: typeof success === 'string' ? success : success(answer), error: null };
        return answer;
      } catch (caught) {
        state.rotate = { pending: null, success: null, error: describeError(caught) };
        return undefined;
      }
    },
    reset: () => {
      state.rotate = state.rotate.pending ? state.rotate : idle;
    },
    fail: (message) => {
      state.rotate = { pending: null, success: null, error: message };
    },
  };
  const steps = contactKeysSteps(action, (open) => {
    state.confirming = open;
  });
  return {
    steps,
    get confirming() {
      return state.confirming;
    },
    html: () => view({ confirming: state.confirming, rotate: state.rotate }),
  };
}

let calls: FetchCall[] = [];
let answers: FakeAnswer[] = [];

beforeEach(() => {
  ({ calls, answers } = fakeFetch({ csrf: 'tok1' }));
});

describe('the contact keys section', () => {
  it('sits in the Settings tab below the settings, under its own heading', () => {
    const html = renderToStaticMarkup(<PrivacySettingsTab />);
    expect(html).toMatch(
      />Settings<\/h2>.*<section class="config-card privacy-keys"[^>]*><h3 id="[^"]+">Contact keys<\/h3>/,
    );
    expect(calls).toEqual([]);
  });

  it('explains the keys, offers the rotation described by it, and asks nothing yet', () => {
    const html = view();
    const titleId = /<h3 id="([^"]+)">Contact keys<\/h3>/.exec(html)?.[1];
    expect(html).toContain(`aria-labelledby="${titleId}"`);
    const text = textOf(html);
    expect(text).toContain('Each customer’s personal data is encrypted under a key of its own');
    expect(text).toContain('Rotate after a suspected leak');
    const describedBy = /aria-describedby="([^"]+)"/.exec(rotateButton(html))?.[1];
    expect(html).toContain(`<p id="${describedBy}">Each customer’s personal data`);
    expect(rotateButton(html)).not.toContain('disabled');
    expect(statusOf(html)).toBe('');
    expect(html).not.toContain('<dialog');
    expect(html).not.toContain('role="alert"');
  });

  it('asks first in a labelled, described alert dialog, Cancel before the confirmation, no word to type', () => {
    const html = view({ confirming: true });
    expect(html).toMatch(
      /<dialog class="cfg-modal" role="alertdialog" aria-modal="true" aria-labelledby="[^"]+" aria-describedby="[^"]+">/,
    );
    const [, titleId, questionId] = /aria-labelledby="([^"]+)" aria-describedby="([^"]+)">/.exec(html) ?? [];
    expect(html).toContain(`id="${titleId}">Rotate contact keys?</h2>`);
    expect(html).toMatch(new RegExp(`<p id="${questionId}">Every customer’s key is re-wrapped under a new key`));
    expect(html).not.toContain('<input');
    expect(html).toMatch(
      /<button class="button" type="button">Cancel<\/button><button class="button button-primary" type="button">Rotate contact keys<\/button>/,
    );
    expect(calls).toEqual([]);
  });

  it('POSTs {} once confirmed, busy while it runs, then says how many keys were re-wrapped', async () => {
    const section = follow();
    section.steps.ask();
    expect(section.confirming).toBe(true);
    expect(calls).toEqual([]);

    answers.push({ status: 200, body: { rewrappedKeys: 12345 } });
    const confirmed = section.steps.confirm();
    // While it runs: the dialog's button and the section's are disabled, the live region says so.
    const running = section.html();
    expect(running).toContain(
      `<button class="button button-primary" type="button" disabled="">${ROTATE_PROGRESS}</button>`,
    );
    expect(rotateButton(running)).toContain('disabled=""');
    expect(statusOf(running)).toBe(ROTATE_PROGRESS);
    await confirmed;

    expect(calls).toEqual([{ method: 'POST', url: '/api/v1/privacy/contact-keys/rotate', body: {}, csrf: 'tok1' }]);
    // Done: the dialog closes, the count in the live region.
    expect(section.confirming).toBe(false);
    const done = section.html();
    expect(done).not.toContain('<dialog');
    expect(statusOf(done)).toBe(`${formatCount(12345)} contact keys re-wrapped under a new key.`);
    expect(rotateButton(done)).not.toContain('disabled');
    expect(done).not.toContain('role="alert"');
  });

  it('sends nothing when cancelled', () => {
    const section = follow();
    section.steps.ask();
    expect(section.html()).toContain('>Cancel</button>');
    section.steps.cancel();
    expect(section.confirming).toBe(false);
    const cancelled = section.html();
    expect(cancelled).not.toContain('<dialog');
    expect(statusOf(cancelled)).toBe('');
    expect(calls).toEqual([]);
  });

  it('shows the server’s refusal in an alert in the dialog, once, to try again or cancel', async () => {
    const busy = 'the server is busy; try again shortly';
    answers.push({ status: 503, body: { error: { code: 'not_ready', message: busy } } });
    const section = follow();
    section.steps.ask();
    await section.steps.confirm();
    expect(calls).toHaveLength(1);
    expect(section.confirming).toBe(true);
    const html = section.html();
    expect(html.split(`<p class="form-error" role="alert">${busy}</p>`)).toHaveLength(2);
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('<button class="button button-primary" type="button">Rotate contact keys</button>');
    expect(statusOf(html)).toBe('');

    // Cancel forgets it.
    section.steps.cancel();
    expect(section.html()).not.toContain('role="alert"');
  });

  it('shows a failure in an alert in the section once the dialog is gone (cancelled while it ran)', () => {
    const html = view({ rotate: { ...idle, error: 'forbidden' } });
    expect(html).toContain('<p class="form-error" role="alert">forbidden</p>');
    expect(html).not.toContain('<dialog');
  });
});

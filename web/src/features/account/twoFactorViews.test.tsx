// The two-factor views rendered to HTML on the server side of React (no DOM, no effects), as other views' tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EnrolmentSteps } from './EnrolmentSteps';
import { RecoveryCodesView } from './RecoveryCodesView';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const noop = () => {};
const codes = Array.from({ length: 10 }, (_, index) => `code-${index}aaa-bbbb`);

describe('RecoveryCodesView', () => {
  it('lists every code once, says they are shown this once, and holds Continue until they are saved', () => {
    const html = renderToStaticMarkup(
      <RecoveryCodesView codes={codes} email="ada@example.test" level={3} onAcknowledged={noop} />,
    );
    for (const code of codes) {
      expect(html).toContain(`<li><code>${code}</code></li>`);
    }
    expect(textOf(html)).toContain('Store these now: this is the only time Parley shows them.');
    expect(html).toMatch(/<a class="button" href="blob:[^"]+" download="parley-recovery-codes.txt">Download as .txt<\/a>/);
    expect(html).toContain('<button class="button button-primary" type="button" disabled="">Continue</button>');
    expect(html).toContain('I have saved my recovery codes');
  });
});

describe('EnrolmentSteps', () => {
  it('gives the key as grouped text beside the QR code, and a labelled one-time-code field', () => {
    const html = renderToStaticMarkup(
      <EnrolmentSteps
        enrolment={{ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' }}
        level={2}
        onConfirmed={noop}
      />,
    );
    expect(html).toContain('JBSW Y3DP EHPK 3PXP</code>');
    expect(html).toMatch(/<label for="([^"]+)">Code from the app<\/label><input id="\1"/);
    expect(html).toContain('inputMode="numeric" autoComplete="one-time-code"');
    // No Cancel without a way back (the enrolment a tenant requires).
    expect(textOf(html)).not.toContain('Cancel');
  });
});

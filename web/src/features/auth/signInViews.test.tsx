// The sign-in page's views rendered to HTML on the server side of React (no DOM, no effects), as other views'
// tests do.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignInPage } from './SignInPage';
import { WorkspaceStep } from './WorkspaceStep';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const noop = () => {};
const tenants = [
  { id: 'ten_1', name: 'Acme' },
  { id: 'ten_2', name: 'Globex & Sons' },
];

describe('WorkspaceStep', () => {
  it('asks to choose a workspace under a heading that takes focus, with one button named as each', () => {
    const html = renderToStaticMarkup(
      <WorkspaceStep tenants={tenants} chosen={null} submitting={false} onChoose={noop} onBack={noop} />,
    );
    expect(html).toContain('<h2 class="tfa-heading" id="signin-workspace-title" tabindex="-1">Choose a workspace</h2>');
    expect(textOf(html)).toContain('Your email and password open more than one workspace.');
    expect(html).toContain('<ul class="auth-workspaces" aria-labelledby="signin-workspace-title">');
    const names = [...html.matchAll(/<li><button class="[^"]*" type="button">([^<]*)<\/button><\/li>/g)].map(
      (match) => match[1],
    );
    expect(names).toEqual(['Acme', 'Globex &amp; Sons']);
    expect(html).toContain('<button class="button" type="button">Back</button>');
    expect(textOf(html)).toContain(
      'Not listed? Use the sign-in link of that workspace, which its admins find under Configurator → Workspace.',
    );
    // The live region is there, empty, before anything is chosen.
    expect(html).toContain('<p class="visually-hidden" role="status"></p>');
  });

  it('says which workspace it is signing in to, and takes no second choice meanwhile', () => {
    const html = renderToStaticMarkup(
      <WorkspaceStep tenants={tenants} chosen={tenants[1]} submitting onChoose={noop} onBack={noop} />,
    );
    expect(html).toContain('<p class="auth-step-lead" role="status">Signing in to Globex &amp; Sons…</p>');
    expect(html.match(/<button [^>]*disabled=""/g)).toHaveLength(3);
  });
});

describe('SignInPage', () => {
  it('starts with the email and password, and no workspaces', () => {
    const html = renderToStaticMarkup(<SignInPage onSignedIn={noop} notice={null} />);
    expect(html).toContain('<h1 id="signin-title">Sign in</h1>');
    expect(html).toContain('<label for="signin-email">Email</label>');
    expect(html).toContain('<label for="signin-password">Password</label>');
    expect(textOf(html)).not.toContain('Choose a workspace');
    expect(html).not.toContain('signin-workspace-hint');
    expect(textOf(html)).not.toContain('Sign in without choosing a workspace');
  });

  it('says when its link signs in to one workspace, without the id, and links to the page without it', () => {
    const html = renderToStaticMarkup(<SignInPage onSignedIn={noop} notice={null} workspace="ten_019aBc" />);
    expect(html).toContain(
      '<p class="auth-workspace-hint" id="signin-workspace-hint">This link signs you in to one workspace. ' +
        '<a href="/sign-in">Sign in without choosing a workspace</a></p>',
    );
    expect(html).not.toContain('ten_019aBc');
    // Still the email and password.
    expect(html).toContain('<label for="signin-email">Email</label>');
    expect(html).toContain('<label for="signin-password">Password</label>');
  });
});

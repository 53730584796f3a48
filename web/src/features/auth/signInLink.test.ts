import { describe, expect, it } from 'vitest';
import { isTenantId, MAX_WORKSPACE_ID_CHARS, readWorkspaceParam, SIGN_IN_PATH, workspaceSignInLink } from './signInLink';

describe('the workspace a sign-in link names', () => {
  it('is read from ?workspace= when it looks like a tenant id', () => {
    expect(readWorkspaceParam('?workspace=ten_019aBc-De_F')).toBe('ten_019aBc-De_F');
    expect(readWorkspaceParam('workspace=ten_1')).toBe('ten_1');
    // Beside other parameters, and in any order.
    expect(readWorkspaceParam('?a=1&workspace=ten_1&b=2')).toBe('ten_1');
    // Encoded characters that decode to URL-safe ones are fine.
    expect(readWorkspaceParam('?workspace=ten%5F1')).toBe('ten_1');
  });

  it('is none without the parameter, or with an empty one', () => {
    for (const search of ['', '?', '?next=/inbox', '?workspace', '?workspace=', '?Workspace=ten_1', '?tenant=ten_1']) {
      expect(readWorkspaceParam(search), search).toBeNull();
    }
  });

  it('ignores anything that is not a tenant id', () => {
    for (const value of [
      'ten_',
      'ten',
      'usr_1',
      'TEN_1',
      ' ten_1',
      'ten_1 ',
      'xten_1',
      'ten_1.2',
      'ten_1/../admin',
      'ten_%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      'ten_<script>',
      'ten_1%22%3E%3Cimg',
      'ten_1%0Aten_2',
      'ten_a+b',
      'ten_%C3%A9',
      'javascript:alert(1)',
      'javascript%3Aalert(1)',
      'https://evil.example/ten_1',
      '//evil.example',
    ]) {
      expect(readWorkspaceParam(`?workspace=${value}`), value).toBeNull();
    }
  });

  it('ignores an overly long one', () => {
    const longest = `ten_${'a'.repeat(MAX_WORKSPACE_ID_CHARS - 4)}`;
    expect(readWorkspaceParam(`?workspace=${longest}`)).toBe(longest);
    expect(readWorkspaceParam(`?workspace=${longest}a`)).toBeNull();
    expect(readWorkspaceParam(`?workspace=ten_${'a'.repeat(10_000)}`)).toBeNull();
  });

  it('takes the first when the parameter is given twice', () => {
    expect(readWorkspaceParam('?workspace=ten_1&workspace=ten_2')).toBe('ten_1');
  });

  it('checks a tenant id loosely: the prefix and URL-safe characters', () => {
    expect(isTenantId('ten_019a7c2e5b3f4d1a')).toBe(true);
    expect(isTenantId('ten_')).toBe(false);
    expect(isTenantId('ten_a b')).toBe(false);
  });
});

describe('the sign-in link of a workspace', () => {
  it('is the sign-in page naming the workspace, on this server', () => {
    expect(SIGN_IN_PATH).toBe('/sign-in');
    expect(workspaceSignInLink('https://parley.example', 'ten_019aBc')).toBe(
      'https://parley.example/sign-in?workspace=ten_019aBc',
    );
  });

  it('reads back as the workspace it names', () => {
    const link = new URL(workspaceSignInLink('http://127.0.0.1:8080', 'ten_01-x_Y'));
    expect(link.pathname).toBe(SIGN_IN_PATH);
    expect(readWorkspaceParam(link.search)).toBe('ten_01-x_Y');
  });
});

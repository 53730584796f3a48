// The sign-in page's steps driven as the page drives them (the reducer holds the state; the calls are stand-ins),
// without a DOM.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { SecondFactorProof, SignInAnswer } from '../../api/endpoints';
import type { User } from '../../api/types';
import { TOTP_CODE_HINT } from '../account/oneTimeCode';
import {
  chooseWorkspace,
  INITIAL_SIGN_IN,
  sendCode,
  sendPassword,
  signInReducer,
  startSignIn,
  UNEXPECTED_ANSWER_MESSAGE,
  type SignInAction,
  type SignInCalls,
} from './signInFlow';

const user: User = {
  id: 'usr_1',
  tenantId: 'ten_2',
  email: 'ada@example.test',
  displayName: 'Ada',
  role: 'agent',
  status: 'active',
  deactivatedAt: null,
  createdAt: '2026-01-05T09:00:00Z',
};
const acme = { id: 'ten_1', name: 'Acme' };
const globex = { id: 'ten_2', name: 'Globex' };
const challenge = { challenge: 'ch1', expiresAt: '2099-01-01T00:00:00Z' };

/**
 * The page without its DOM: state, dispatch, and calls answering in turn what the test queued (set `state` to
 * `startSignIn(id)` first for a page whose link names a workspace).
 */
function page(...answers: (SignInAnswer | Error)[]) {
  const sent: { email: string; password: string; tenant?: string }[] = [];
  const codes: { challenge: string; proof: SecondFactorProof }[] = [];
  const next = async () => {
    const answer = answers.shift();
    if (answer === undefined) {
      throw new Error('no answer queued');
    }
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  };
  const calls: SignInCalls = {
    signIn: async (email, password, tenant) => {
      sent.push(tenant === undefined ? { email, password } : { email, password, tenant });
      return next();
    },
    signInSecondFactor: async (challengeId, proof) => {
      codes.push({ challenge: challengeId, proof });
      return (await next()) as { user: User; csrfToken: string };
    },
  };
  const view = {
    state: INITIAL_SIGN_IN,
    sent,
    codes,
    calls,
    dispatch: (action: SignInAction) => {
      view.state = signInReducer(view.state, action);
    },
    type(email: string, password: string) {
      view.dispatch({ type: 'email', value: email });
      view.dispatch({ type: 'password', value: password });
    },
  };
  return view;
}

const workspaces = { tenants: [acme, globex] };

describe('signing in to one of several workspaces', () => {
  it('shows the workspaces after a `tenants` answer, keeping the password only until one is chosen', async () => {
    const view = page(workspaces);
    view.type(' ada@example.test ', 'correct horse');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ focus: null });
    expect(view.sent).toEqual([{ email: 'ada@example.test', password: 'correct horse' }]);
    expect(view.state.step).toEqual({ kind: 'workspace', tenants: [acme, globex], chosen: null });
    expect(view.state).toMatchObject({ password: 'correct horse', submitting: false, error: null });
  });

  it('signs in to the chosen one with the same email and password, and signs in as a password alone does', async () => {
    const view = page(workspaces, { user, csrfToken: 't' });
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    const choosing = chooseWorkspace(view.state, globex, view.dispatch, view.calls);
    // Gone from the state as soon as the choice is made, before the answer.
    expect(view.state).toMatchObject({ password: '', submitting: true });
    expect(view.state.step).toMatchObject({ kind: 'workspace', chosen: globex });
    expect(await choosing).toEqual({ user });
    expect(view.sent).toEqual([
      { email: 'ada@example.test', password: 'correct horse' },
      { email: 'ada@example.test', password: 'correct horse', tenant: 'ten_2' },
    ]);
    // Still "Signing in to Globex…" while the app loads.
    expect(view.state.submitting).toBe(true);
  });

  it('goes on to the code step when the chosen workspace asks for a second factor', async () => {
    const view = page(workspaces, { twoFactor: challenge }, { user, csrfToken: 't' });
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    expect(await chooseWorkspace(view.state, acme, view.dispatch, view.calls)).toEqual({ focus: null });
    expect(view.state.step).toEqual({ kind: 'code', challenge, recovery: false });
    expect(view.state).toMatchObject({ password: '', code: '', submitting: false, error: null });

    view.dispatch({ type: 'code', value: '123 456' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ user });
    expect(view.codes).toEqual([{ challenge: 'ch1', proof: { code: '123456' } }]);
  });

  it('goes back to the email and password on Back, forgetting the password but not the email', async () => {
    const view = page(workspaces);
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    view.dispatch({ type: 'back', message: null });
    expect(view.state).toEqual({ ...INITIAL_SIGN_IN, email: 'ada@example.test' });
  });

  it('shows a refused choice on the email and password form, as a wrong password is shown', async () => {
    const view = page(workspaces, new ApiError('invalid_credentials', 'wrong email or password', 401));
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    expect(await chooseWorkspace(view.state, acme, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.state).toMatchObject({
      step: { kind: 'password' },
      email: 'ada@example.test',
      password: '',
      submitting: false,
      error: 'Email or password is wrong.',
    });
  });

  it('says when a choice is throttled', async () => {
    const view = page(workspaces, new ApiError('too_many_attempts', 'slow down', 429, 120));
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    await chooseWorkspace(view.state, acme, view.dispatch, view.calls);
    expect(view.state.error).toBe('Too many sign-in attempts. Please try again in 2 minutes.');
  });

  it('does not go round again when the chosen workspace answers with workspaces, or none are given', async () => {
    const again = page(workspaces, workspaces);
    again.type('ada@example.test', 'correct horse');
    await sendPassword(again.state, again.dispatch, again.calls);
    expect(await chooseWorkspace(again.state, acme, again.dispatch, again.calls)).toEqual({ focus: 'password' });
    expect(again.state).toMatchObject({ step: { kind: 'password' }, password: '', error: UNEXPECTED_ANSWER_MESSAGE });

    const none = page({ tenants: [] });
    none.type('ada@example.test', 'correct horse');
    expect(await sendPassword(none.state, none.dispatch, none.calls)).toEqual({ focus: 'password' });
    expect(none.state).toMatchObject({ step: { kind: 'password' }, password: '', error: UNEXPECTED_ANSWER_MESSAGE });
  });

  it('sends nothing more while a choice is on its way', async () => {
    const view = page(workspaces, { user, csrfToken: 't' });
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    const first = chooseWorkspace(view.state, acme, view.dispatch, view.calls);
    expect(await chooseWorkspace(view.state, globex, view.dispatch, view.calls)).toEqual({ focus: null });
    await first;
    expect(view.sent.map((request) => request.tenant)).toEqual([undefined, 'ten_1']);
  });
});

describe('signing in as before', () => {
  it('signs in with a password alone', async () => {
    const view = page({ user, csrfToken: 't' });
    view.type('ada@example.test', 'pw');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ user });
    expect(view.sent).toEqual([{ email: 'ada@example.test', password: 'pw' }]);
  });

  it('forgets a wrong password and focuses its field again', async () => {
    const view = page(new ApiError('invalid_credentials', 'wrong email or password', 401));
    view.type('ada@example.test', 'pw');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.state).toMatchObject({ password: '', submitting: false, error: 'Email or password is wrong.' });
  });

  it('goes to the code step, and back to the password when the challenge expired', async () => {
    const expired = new ApiError('invalid_credentials', 'the sign-in expired; enter your password again', 401);
    const view = page({ twoFactor: challenge }, new ApiError('invalid_credentials', 'wrong code', 401), expired);
    view.type('ada@example.test', 'pw');
    await sendPassword(view.state, view.dispatch, view.calls);
    expect(view.state).toMatchObject({ step: { kind: 'code' }, password: '' });

    view.dispatch({ type: 'code', value: '12' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ focus: 'code' });
    expect(view.state.error).toBe(TOTP_CODE_HINT);
    expect(view.codes).toEqual([]);

    view.dispatch({ type: 'code', value: '111111' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ focus: 'code' });
    expect(view.state).toMatchObject({
      code: '',
      error: 'That code is wrong or was used already. Enter the code your app shows now.',
    });

    view.dispatch({ type: 'switchKind' });
    view.dispatch({ type: 'code', value: 'k7pq-2mxd-9trw' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.codes[1]).toEqual({ challenge: 'ch1', proof: { recoveryCode: 'k7pq-2mxd-9trw' } });
    expect(view.state).toMatchObject({
      step: { kind: 'password' },
      error: 'The sign-in took too long. Enter your password again.',
    });
  });
});

describe('signing in with a link that names the workspace', () => {
  /** The page opened from `/sign-in?workspace=ten_4`. */
  function linked(...answers: (SignInAnswer | Error)[]) {
    const view = page(...answers);
    view.state = startSignIn('ten_4');
    return view;
  }

  it('starts as the plain page does, holding the workspace', () => {
    expect(startSignIn('ten_4')).toEqual({ ...INITIAL_SIGN_IN, workspace: 'ten_4' });
    expect(startSignIn(null)).toEqual(INITIAL_SIGN_IN);
  });

  it('sends the workspace with the email and password, and signs in', async () => {
    const view = linked({ user, csrfToken: 't' });
    view.type(' ada@example.test ', 'correct horse');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ user });
    expect(view.sent).toEqual([{ email: 'ada@example.test', password: 'correct horse', tenant: 'ten_4' }]);
  });

  it('sends no workspace when the link names none', async () => {
    const view = page({ user, csrfToken: 't' });
    view.state = startSignIn(null);
    view.type('ada@example.test', 'correct horse');
    await sendPassword(view.state, view.dispatch, view.calls);
    expect(view.sent).toEqual([{ email: 'ada@example.test', password: 'correct horse' }]);
    expect('tenant' in view.sent[0]).toBe(false);
  });

  it('goes on to the code step, which sends the challenge and the code alone', async () => {
    const view = linked({ twoFactor: challenge }, { user, csrfToken: 't' });
    view.type('ada@example.test', 'correct horse');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ focus: null });
    expect(view.state).toMatchObject({ step: { kind: 'code', challenge }, password: '', workspace: 'ten_4' });
    view.dispatch({ type: 'code', value: '123456' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ user });
    expect(view.codes).toEqual([{ challenge: 'ch1', proof: { code: '123456' } }]);
  });

  it('says a refusal as a wrong password is said, and names the workspace again on the next try', async () => {
    const view = linked(new ApiError('invalid_credentials', 'wrong email or password', 401), { user, csrfToken: 't' });
    view.type('ada@example.test', 'correct horse');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.state).toMatchObject({
      step: { kind: 'password' },
      password: '',
      error: 'Email or password is wrong.',
      workspace: 'ten_4',
    });
    view.dispatch({ type: 'password', value: 'battery staple' });
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ user });
    expect(view.sent.map((request) => request.tenant)).toEqual(['ten_4', 'ten_4']);
  });

  it('names the workspace again after the code step went back to the password', async () => {
    const expired = new ApiError('invalid_credentials', 'the sign-in expired; enter your password again', 401);
    const view = linked({ twoFactor: challenge }, expired, { user, csrfToken: 't' });
    view.type('ada@example.test', 'pw');
    await sendPassword(view.state, view.dispatch, view.calls);
    view.dispatch({ type: 'code', value: '111111' });
    expect(await sendCode(view.state, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.state).toMatchObject({ step: { kind: 'password' }, workspace: 'ten_4' });
    view.dispatch({ type: 'password', value: 'pw' });
    await sendPassword(view.state, view.dispatch, view.calls);
    expect(view.sent.map((request) => request.tenant)).toEqual(['ten_4', 'ten_4']);
  });

  it('does not offer workspaces to choose from when the one named answers with workspaces', async () => {
    const view = linked(workspaces);
    view.type('ada@example.test', 'correct horse');
    expect(await sendPassword(view.state, view.dispatch, view.calls)).toEqual({ focus: 'password' });
    expect(view.state).toMatchObject({ step: { kind: 'password' }, password: '', error: UNEXPECTED_ANSWER_MESSAGE });
  });
});

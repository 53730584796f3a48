// The steps of the sign-in page as plain data and functions, so that they can be tested without a DOM: the email
// and password; then, when those open several workspaces, the choice of one; then, for someone with a second
// factor, the code. A sign-in link may name the workspace (signInLink): the email and password then sign in to that
// one alone, and there is nothing to choose. The page (SignInPage) renders the state and moves focus where a step
// says.
import {
  signIn,
  signInSecondFactor,
  type SecondFactorChallenge,
  type SignInAnswer,
  type SignInTenant,
} from '../../api/endpoints';
import type { User } from '../../api/types';
import { normaliseRecoveryCode, normaliseTotpCode, TOTP_CODE_HINT } from '../account/oneTimeCode';
import { EXPIRED_CHALLENGE_MESSAGE, isExpiredChallenge, secondFactorMessage, signInMessage } from './signInMessage';

export type SignInStep =
  | { kind: 'password' }
  /** The email and password open several workspaces; `chosen` is the one being signed in to, once picked. */
  | { kind: 'workspace'; tenants: SignInTenant[]; chosen: SignInTenant | null }
  | { kind: 'code'; challenge: SecondFactorChallenge; recovery: boolean };

export interface SignInState {
  email: string;
  /**
   * Only ever in this state (never in storage): the field's value, kept while the workspaces are shown because the
   * choice signs in with it again, and dropped when a workspace is chosen, on Back and on every failure.
   */
  password: string;
  step: SignInStep;
  code: string;
  submitting: boolean;
  error: string | null;
  /** The tenant id the sign-in link names (`?workspace=`), sent with the email and password; null when none. */
  workspace: string | null;
}

export const INITIAL_SIGN_IN: SignInState = {
  email: '',
  password: '',
  step: { kind: 'password' },
  code: '',
  submitting: false,
  error: null,
  workspace: null,
};

/** The page's first state: `workspace` is the tenant id its sign-in link names, or null. */
export const startSignIn = (workspace: string | null): SignInState => ({ ...INITIAL_SIGN_IN, workspace });

export type SignInAction =
  | { type: 'email'; value: string }
  | { type: 'password'; value: string }
  | { type: 'code'; value: string }
  /** A request of the password or the code step went out. */
  | { type: 'sending' }
  /** The email and password open these workspaces: choose one. */
  | { type: 'tenants'; tenants: SignInTenant[] }
  /** A workspace was chosen and its sign-in went out: the password is not needed any more. */
  | { type: 'choosing'; tenant: SignInTenant }
  /** The password was right and the user has a second factor. */
  | { type: 'challenged'; challenge: SecondFactorChallenge }
  /** Back to the email and password (Back, a failed request, an expired challenge), with what to say there. */
  | { type: 'back'; message: string | null }
  /** The code step's request failed: the code goes, the step stays. */
  | { type: 'codeRefused'; message: string }
  /** A code that cannot be right, caught before sending. */
  | { type: 'hint'; message: string }
  /** From a code from the app to a recovery code, or back. */
  | { type: 'switchKind' };

export function signInReducer(state: SignInState, action: SignInAction): SignInState {
  switch (action.type) {
    case 'email':
      return { ...state, email: action.value };
    case 'password':
      return { ...state, password: action.value };
    case 'code':
      return { ...state, code: action.value };
    case 'sending':
      return { ...state, submitting: true, error: null };
    case 'tenants':
      return { ...state, step: { kind: 'workspace', tenants: action.tenants, chosen: null }, submitting: false, error: null };
    case 'choosing':
      return state.step.kind === 'workspace'
        ? { ...state, step: { ...state.step, chosen: action.tenant }, password: '', submitting: true, error: null }
        : state;
    case 'challenged':
      return {
        ...state,
        step: { kind: 'code', challenge: action.challenge, recovery: false },
        password: '',
        code: '',
        submitting: false,
        error: null,
      };
    case 'back':
      return { ...state, step: { kind: 'password' }, password: '', code: '', submitting: false, error: action.message };
    case 'codeRefused':
      return { ...state, code: '', submitting: false, error: action.message };
    case 'hint':
      return { ...state, error: action.message };
    case 'switchKind':
      return state.step.kind === 'code'
        ? { ...state, step: { ...state.step, recovery: !state.step.recovery }, code: '', error: null }
        : state;
  }
}

/** The calls the steps make (the real ones, or a test's stand-ins). */
export interface SignInCalls {
  signIn: typeof signIn;
  signInSecondFactor: typeof signInSecondFactor;
}

const SERVER: SignInCalls = { signIn, signInSecondFactor };

/**
 * How a step ended: signed in (the page keeps saying so while the app loads), or which field takes focus now
 * (null: the new step's own heading or field takes it, or nothing happened).
 */
export type Settled = { user: User } | { focus: 'password' | 'code' | null };

const NOTHING: Settled = { focus: null };

/** Said when the server answers something the step cannot go on from. */
export const UNEXPECTED_ANSWER_MESSAGE = 'Something went wrong. Please try again.';

type Dispatch = (action: SignInAction) => void;

/**
 * The email and password step's submit; with the workspace a sign-in link names, when there is one (the server
 * then answers as for a single workspace: signed in, or the code step).
 */
export async function sendPassword(state: SignInState, dispatch: Dispatch, calls: SignInCalls = SERVER): Promise<Settled> {
  if (state.submitting || state.step.kind !== 'password') {
    return NOTHING;
  }
  dispatch({ type: 'sending' });
  const { workspace } = state;
  return settle(
    () =>
      workspace === null
        ? calls.signIn(state.email.trim(), state.password)
        : calls.signIn(state.email.trim(), state.password, workspace),
    workspace !== null,
    dispatch,
  );
}

/** One of the workspaces chosen: the same email and password again, with its id. */
export async function chooseWorkspace(
  state: SignInState,
  tenant: SignInTenant,
  dispatch: Dispatch,
  calls: SignInCalls = SERVER,
): Promise<Settled> {
  if (state.submitting || state.step.kind !== 'workspace') {
    return NOTHING;
  }
  const { password } = state;
  dispatch({ type: 'choosing', tenant });
  return settle(() => calls.signIn(state.email.trim(), password, tenant.id), true, dispatch);
}

async function settle(send: () => Promise<SignInAnswer>, chosen: boolean, dispatch: Dispatch): Promise<Settled> {
  let answer: SignInAnswer;
  try {
    answer = await send();
  } catch (caught) {
    dispatch({ type: 'back', message: signInMessage(caught) });
    return { focus: 'password' };
  }
  if ('user' in answer) {
    return { user: answer.user };
  }
  if ('twoFactor' in answer) {
    dispatch({ type: 'challenged', challenge: answer.twoFactor });
    return NOTHING;
  }
  // Workspaces to choose from, unless one was chosen or named already (the server never answers so) or there are none.
  if (!chosen && Array.isArray(answer.tenants) && answer.tenants.length > 0) {
    dispatch({ type: 'tenants', tenants: answer.tenants });
    return NOTHING;
  }
  dispatch({ type: 'back', message: UNEXPECTED_ANSWER_MESSAGE });
  return { focus: 'password' };
}

/** The code step's submit: a code from the app, or a recovery code. */
export async function sendCode(state: SignInState, dispatch: Dispatch, calls: SignInCalls = SERVER): Promise<Settled> {
  if (state.submitting || state.step.kind !== 'code') {
    return NOTHING;
  }
  const { challenge, recovery } = state.step;
  const proof = recovery ? normaliseRecoveryCode(state.code) : normaliseTotpCode(state.code);
  if (proof === null) {
    dispatch({ type: 'hint', message: recovery ? 'Enter one of your recovery codes.' : TOTP_CODE_HINT });
    return { focus: 'code' };
  }
  dispatch({ type: 'sending' });
  try {
    const { user } = await calls.signInSecondFactor(
      challenge.challenge,
      recovery ? { recoveryCode: proof } : { code: proof },
    );
    return { user };
  } catch (caught) {
    if (isExpiredChallenge(caught, challenge.expiresAt)) {
      dispatch({ type: 'back', message: EXPIRED_CHALLENGE_MESSAGE });
      return { focus: 'password' };
    }
    dispatch({ type: 'codeRefused', message: secondFactorMessage(caught, recovery) });
    return { focus: 'code' };
  }
}

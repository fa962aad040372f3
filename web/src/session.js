// @ts-check
// Session store: who is logged in, the CSRF token, and the idle/absolute deadlines.
// The warning is driven by the local deadline; at expiry the UI asks GET /api/session (which does not
// extend the session) before logging out. Only real requests (and "Ingelogd blijven") extend it. Tabs keep each other informed through a BroadcastChannel.
import { api, configureApi, setCsrfToken, ApiError } from './api.js';
import { deadlinesFrom, timeoutPhase, displaySeconds } from './timeout.js';

/**
 * @typedef {{
 *   status: 'loading'|'anon'|'auth',
 *   session: any,
 *   idleDeadline: number, absoluteDeadline: number, idleWindow: number,
 *   warning: null | { kind: 'idle'|'absolute', seconds: number },
 *   notice: null | 'expired'|'expiredAbsolute'|'loggedOut'|'mustLogin',
 *   returnTo: string,
 *   absoluteDismissed: boolean,
 * }} SessionState
 */

/** @type {SessionState} */
let state = {
  status: 'loading',
  session: null,
  idleDeadline: Infinity,
  absoluteDeadline: Infinity,
  idleWindow: 0,
  warning: null,
  notice: null,
  returnTo: '',
  absoluteDismissed: false,
};
const listeners = new Set();
/** @type {BroadcastChannel|null} */
let channel = null;
let timer = 0;
let syncing = false;
/** @type {(to: string) => void} */
let goLogin = () => {};

export function getState() {
  return state;
}
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function set(patch) {
  state = { ...state, ...patch };
  for (const fn of listeners) fn(state);
}

function applySession(s, { broadcast = false } = {}) {
  const now = Date.now();
  const d = deadlinesFrom(s, now);
  setCsrfToken(s?.csrf_token);
  set({
    status: 'auth',
    session: s,
    ...d,
    idleWindow: Math.max(state.status === 'auth' ? state.idleWindow : 0, Number(s?.idle_seconds_left) || 0),
    warning: null,
    absoluteDismissed: state.status === 'auth' ? state.absoluteDismissed : false,
  });
  if (broadcast) channel?.postMessage({ type: 'login' });
  startTicking();
}

/** Called after a successful POST /api/session. */
export function loggedIn(s) {
  applySession(s, { broadcast: true });
  set({ notice: null });
}

/** Ends the local session state and goes to the login page with a notice. */
export function loggedOut(notice, { broadcast = true } = {}) {
  stopTicking();
  setCsrfToken('');
  const returnTo = notice === 'expired' || notice === 'expiredAbsolute' || notice === 'mustLogin'
    ? window.location.pathname + window.location.search
    : '';
  set({ status: 'anon', session: null, warning: null, idleDeadline: Infinity, absoluteDeadline: Infinity, notice, returnTo, absoluteDismissed: false });
  if (broadcast) channel?.postMessage({ type: 'logout' });
  goLogin('/app/inloggen');
}

export function rememberReturnTo(p) {
  if (typeof p === 'string' && p.startsWith('/app/') && !p.startsWith('/app/inloggen')) set({ returnTo: p });
}

/** Closes the "session ends soon" dialog for the absolute limit (it cannot be extended). */
export function dismissWarning() {
  set({ warning: null, absoluteDismissed: state.warning?.kind === 'absolute' || state.absoluteDismissed });
}

export function clearNotice() {
  if (state.notice) set({ notice: null });
}
export function takeReturnTo() {
  const r = state.returnTo;
  if (r) set({ returnTo: '' });
  return r && r.startsWith('/app/') && !r.startsWith('/app/inloggen') ? r : '/app/start';
}

/** Reads the current session without extending it. */
export async function refresh() {
  try {
    const s = await api('GET', '/api/session', undefined, { anonymous: true, passive: true });
    applySession(s);
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      if (state.status === 'loading') {
        set({ status: 'anon', session: null });
      }
      return false;
    }
    if (state.status === 'loading') set({ status: 'anon', session: null });
    throw e;
  }
}

/** The server records activity at most every 15 s per session (AUTH_TOUCH_MIN_MS). */
export const TOUCH_SLACK_MS = 15000;

/** A request that counts as activity succeeded: the server reset its idle timer (give or take 15 s). */
function activity({ broadcast = true } = {}) {
  if (state.status !== 'auth') return;
  const now = Date.now();
  const estimate = now + state.idleWindow * 1000 - TOUCH_SLACK_MS;
  if (estimate <= state.idleDeadline) return; // the server may not have moved its timer yet
  const idle = Math.min(estimate, state.absoluteDeadline);
  set({ idleDeadline: idle, warning: null });
  if (broadcast) channel?.postMessage({ type: 'activity', idleDeadline: idle });
}

/** "Ingelogd blijven": any authenticated request extends the idle time; GET /api/sessions is cheap. */
export async function extend() {
  await api('GET', '/api/sessions');
  try {
    await refresh();
  } catch {
    /* keep the locally computed deadline */
  }
}

export async function logout() {
  try {
    await api('DELETE', '/api/session', undefined, { anonymous: true });
  } catch {
    /* the session may already be gone; log out locally anyway */
  }
  loggedOut('loggedOut');
}

async function check() {
  if (state.status !== 'auth' || syncing) return;
  const now = Date.now();
  const p = timeoutPhase(now, state.idleDeadline, state.absoluteDeadline);
  if (p.phase === 'ok') {
    if (state.warning) set({ warning: null });
    return;
  }
  // Before logging out, ask the server: it is the authority (the local deadline may be early, e.g.
  // after a reload). Activity in other tabs of this browser arrives through the BroadcastChannel.
  if (p.phase === 'expired') {
    syncing = true;
    try {
      const s = await api('GET', '/api/session', undefined, { anonymous: true, passive: true });
      const d = deadlinesFrom(s, Date.now());
      setCsrfToken(s?.csrf_token);
      set({ session: s, ...d });
    } catch {
      // 401: the server ended the session. Network trouble: trust the local clock.
      syncing = false;
      loggedOut(p.kind === 'absolute' ? 'expiredAbsolute' : 'expired');
      return;
    } finally {
      syncing = false;
    }
  }
  const q = timeoutPhase(Date.now(), state.idleDeadline, state.absoluteDeadline);
  if (q.phase === 'ok') {
    if (state.warning) set({ warning: null });
  } else if (q.phase === 'warn') {
    if (q.kind === 'absolute' && state.absoluteDismissed) return;
    const seconds = displaySeconds(q.left);
    if (!state.warning || state.warning.seconds !== seconds || state.warning.kind !== q.kind) {
      set({ warning: { kind: q.kind, seconds } });
    }
  } else {
    loggedOut(q.kind === 'absolute' ? 'expiredAbsolute' : 'expired');
  }
}

function startTicking() {
  if (timer) return;
  timer = window.setInterval(check, 1000);
}
function stopTicking() {
  if (timer) window.clearInterval(timer);
  timer = 0;
}

/** Wires the API client and the cross-tab channel; call once at start-up. */
export function initSession({ navigateToLogin }) {
  goLogin = navigateToLogin;
  configureApi({
    onUnauthorized: () => {
      if (state.status === 'auth') loggedOut('mustLogin');
    },
    onActivity: () => activity(),
  });
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel('regie-session');
    channel.onmessage = (ev) => {
      const m = ev.data || {};
      if (m.type === 'logout' && state.status === 'auth') loggedOut('loggedOut', { broadcast: false });
      else if (m.type === 'login' && state.status !== 'auth') refresh().catch(() => {});
      else if (m.type === 'activity' && state.status === 'auth' && typeof m.idleDeadline === 'number') {
        set({ idleDeadline: Math.max(state.idleDeadline, m.idleDeadline), warning: null });
      }
    };
  }
}


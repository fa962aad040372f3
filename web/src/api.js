// @ts-check
// Same-origin JSON API client. Sends the CSRF token on state-changing requests, turns
// application/problem+json into ApiError, and reports 401s and activity to the session module.
// The pure parts (normaliseProblem, errorView) are unit-tested in test/unit/api.test.mjs.
import { t } from './i18n/nl.js';
import { purposeHeaders, purposeRefused } from './purpose.js'; // purpose binding (docs/purpose.md)

export class ApiError extends Error {
  /** @param {{type?:string,title?:string,status:number,detail?:string,errors?:{field:string,reason:string}[]}} problem */
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

/** Network failure (no response at all); status 0. */
export function networkProblem() {
  return { type: 'about:blank#network', title: t.errors.network, status: 0, detail: t.errors.network, errors: [] };
}

/**
 * Normalises whatever came back with an error status into an RFC 9457 problem object.
 * @param {number} status
 * @param {unknown} body parsed JSON body or null
 */
export function normaliseProblem(status, body) {
  const b = body && typeof body === 'object' ? /** @type {Record<string, any>} */ (body) : {};
  const errors = Array.isArray(b.errors)
    ? b.errors
      .filter((e) => e && typeof e === 'object')
      .map((e) => ({ field: String(e.field ?? e.name ?? e.pointer ?? ''), reason: String(e.reason ?? e.detail ?? e.message ?? '') }))
    : [];
  return {
    type: typeof b.type === 'string' ? b.type : 'about:blank',
    title: typeof b.title === 'string' ? b.title : '',
    status: typeof b.status === 'number' ? b.status : status,
    detail: typeof b.detail === 'string' ? b.detail : '',
    errors,
  };
}

/** Turns a JSON pointer ("/roles/0") or dotted name into the plain field name ("roles"). */
export function fieldName(field) {
  const f = String(field || '').replace(/^#?\//, '');
  return f.split(/[/.[]/)[0];
}

/**
 * One message for a field. Known reason codes become Dutch sentences; a reason that is a lower-case
 * fragment ("is verplicht") gets the field's label in front: "Naam: is verplicht.".
 */
export function fieldMessage(name, reason, labels = {}) {
  const r = String(reason || '');
  const known = /** @type {Record<string,string>} */ (t.errors.reasons)[r];
  if (known) return known;
  if (!r) return t.errors.reasons.invalid;
  const label = labels[name];
  if (label && /^[a-zà-ÿ]/.test(r)) return `${label}: ${r}${/[.!?]$/.test(r) ? '' : '.'}`;
  return r;
}

/**
 * What the UI shows for an error: one summary line (for the error summary / alert) and a map of
 * field name → message (shown next to the field and linked from the summary).
 * @param {unknown} err
 * @param {{ 401?: string }} [overrides] status-specific summaries (e.g. the generic login failure)
 * @param {Record<string,string>} [labels] field name → visible label, for server reason fragments
 * @returns {{ summary: string, fields: Record<string,string>, status: number }}
 */
export function errorView(err, overrides = {}, labels = {}) {
  if (!(err instanceof ApiError)) {
    return { summary: t.errors.unknown, fields: {}, status: -1 };
  }
  const p = err.problem;
  const fields = {};
  for (const e of p.errors || []) {
    const name = fieldName(e.field);
    if (!name) continue;
    const msg = fieldMessage(name, e.reason, labels);
    fields[name] = fields[name] ? `${fields[name]} ${msg}` : msg;
  }
  let summary;
  if (overrides[p.status]) summary = overrides[p.status];
  else if (p.status === 0) summary = t.errors.network;
  else if (p.status === 429) summary = t.errors.throttled;
  else if (p.status >= 500) summary = t.errors.server;
  else if (p.detail) summary = p.detail;
  else if (p.status === 403) summary = t.errors.forbidden;
  else if (p.status === 404) summary = t.errors.notFound;
  else if (p.status === 409) summary = t.errors.conflict;
  else summary = p.title || t.errors.unknown;
  return { summary, fields, status: p.status };
}

// ---------------------------------------------------------------------------------------------
// Runtime client

const state = {
  csrf: '',
  /** @type {(path: string) => void} */
  onUnauthorized: () => {},
  /** @type {() => void} */
  onActivity: () => {},
};

export function setCsrfToken(token) {
  state.csrf = token || '';
}
export function configureApi({ onUnauthorized, onActivity }) {
  if (onUnauthorized) state.onUnauthorized = onUnauthorized;
  if (onActivity) state.onActivity = onActivity;
}

/**
 * @param {'GET'|'POST'|'PATCH'|'PUT'|'DELETE'} method
 * @param {string} path e.g. "/api/sessions"
 * @param {unknown} [body]
 * @param {{ anonymous?: boolean, passive?: boolean }} [opts]
 *   anonymous: a 401 is an answer, not "session gone" (login, activation);
 *   passive: the request does not count as activity (GET /api/session).
 */
export async function api(method, path, body, opts = {}) {
  /** @type {Record<string,string>} */
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  Object.assign(headers, purposeHeaders(method, path)); // Regie-Purpose on case-content reads
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(networkProblem());
  }
  let data = null;
  const ct = res.headers.get('Content-Type') || '';
  if (res.status !== 204 && /json/i.test(ct)) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const problem = normaliseProblem(res.status, data);
    if (res.status === 401 && !opts.anonymous) state.onUnauthorized(path);
    if (method === 'GET') purposeRefused(path, problem); // the case page asks for the purpose again
    throw new ApiError(problem);
  }
  if (!opts.anonymous && !opts.passive) state.onActivity();
  return data;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);
export const patch = (path, body, opts) => api('PATCH', path, body ?? {}, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

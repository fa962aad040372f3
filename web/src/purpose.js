// @ts-check
// Purpose binding (docs/purpose.md): every read of case content states why. The case pages ask
// once per case visit ("Waarvoor opent u dit dossier?"); the choice is kept for this browser tab
// (sessionStorage) and the API client sends it as the header `Regie-Purpose` on every request for
// that case's content. The server is the authority: it refuses a read without a purpose (428) or
// with one that does not fit the case (422), and then the page asks again.
// Pure helpers plus a small store; unit-tested in test/unit/purpose.test.mjs (no DOM needed).

export const PURPOSE_HEADER = 'Regie-Purpose';

export const PURPOSE = {
  pageTitle: 'Dossier openen',
  question: 'Waarvoor opent u dit dossier?',
  hint: 'Kies het doel van uw inzage. U kiest één keer per bezoek; het doel wordt bij elke inzage in het toegangslogboek vastgelegd.',
  closedHint: 'Deze casus is afgesloten. U kunt hem alleen nog openen voor verantwoording of een verzoek van de betrokkene.',
  submit: 'Dossier openen',
  back: 'Terug naar de casussen',
  required: 'Kies het doel waarvoor u dit dossier opent.',
  failed: 'Het dossier is niet geopend.',
  loadFailed: 'De doelen van deze casus konden niet worden geladen.',
  none: 'Voor deze casus is voor u geen doel beschikbaar.',
  line: 'Doel:',
  change: 'wijzigen',
  changeLabel: (label) => `Doel wijzigen (nu: ${label})`,
};

const KEY = 'regie.purpose.';
// The user the choices belong to: another user in the same tab (after a time-out) chooses anew.
let owner = '';
export function setPurposeOwner(userId) {
  owner = userId == null ? '' : String(userId);
}
const keyOf = (caseId) => `${KEY}${owner}.${String(caseId)}`;

/** The storage of this tab, or an in-memory stand-in (tests, storage blocked). */
const memory = new Map();
function store() {
  try {
    if (typeof sessionStorage !== 'undefined') return sessionStorage;
  } catch {
    /* storage blocked: fall back to memory */
  }
  return {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => memory.set(k, String(v)),
    removeItem: (k) => memory.delete(k),
  };
}

/** @returns {{code: string, label: string} | null} the purpose chosen for caseId in this tab */
export function getPurpose(caseId) {
  try {
    const v = JSON.parse(store().getItem(keyOf(caseId)) || 'null');
    return v && typeof v.code === 'string' && v.code ? { code: v.code, label: String(v.label || v.code) } : null;
  } catch {
    return null;
  }
}

export function setPurpose(caseId, code, label) {
  store().setItem(keyOf(caseId), JSON.stringify({ code, label }));
}

export function clearPurpose(caseId) {
  store().removeItem(keyOf(caseId));
}

// The case whose pages are open: its purpose also covers the reads it makes outside
// /api/cases/{id} (a person's links, the case's documents).
let current = '';
export function setCurrentCase(caseId) {
  current = caseId == null ? '' : String(caseId);
}

/**
 * The case a request reads content of, or '' when it needs no purpose: /api/cases/{id} and
 * everything under it except the list of purposes; a person's links and documents for the case
 * that is open.
 */
export function purposeCaseFor(path) {
  const p = String(path || '').split('?')[0];
  const m = /^\/api\/cases\/([^/]+)(\/.*)?$/.exec(p);
  if (m) return m[2] === '/purposes' ? '' : decodeURIComponent(m[1]);
  if (/^\/api\/persons\/[^/]+\/links$/.test(p) || /^\/api\/documents(\/|$)/.test(p)) return current;
  return '';
}

/** Headers to add to a GET of path: { 'Regie-Purpose': code } or {}. */
export function purposeHeaders(method, path) {
  if (method !== 'GET') return {};
  const id = purposeCaseFor(path);
  const p = id ? getPurpose(id) : null;
  return p ? { [PURPOSE_HEADER]: p.code } : {};
}

/** True when the server refused a read for its purpose (428, or 400/422 naming purpose). */
export function isPurposeProblem(problem) {
  if (!problem || typeof problem !== 'object') return false;
  if (problem.status === 428) return true;
  const named = Array.isArray(problem.errors) && problem.errors.some((e) => e && e.field === 'purpose');
  return named && (problem.status === 422 || problem.status === 400);
}

// Listeners for "ask again" (a refusal, or the user chose "wijzigen").
const listeners = new Set();
/** fn(caseId) is called when the purpose of caseId must be asked (again). Returns unsubscribe. */
export function onPurposeRequired(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
/** Forgets the purpose of caseId and asks again. */
export function requirePurpose(caseId) {
  clearPurpose(caseId);
  for (const fn of [...listeners]) fn(String(caseId));
}

/** Called by the API client on a refused read: ask again for that case. */
export function purposeRefused(path, problem) {
  const id = purposeCaseFor(path);
  if (id && isPurposeProblem(problem)) requirePurpose(id);
}

/**
 * The choices of GET /api/cases/{id}/purposes: the allowed purposes, then the recorded bases
 * for re-use. [{ value, label }]
 */
export function purposeChoices(r) {
  const out = [];
  for (const p of Array.isArray(r?.purposes) ? r.purposes : []) {
    if (p && p.allowed && typeof p.code === 'string') out.push({ value: p.code, label: String(p.label || p.code) });
  }
  for (const b of Array.isArray(r?.reuse) ? r.reuse : []) {
    if (b && typeof b.code === 'string') out.push({ value: b.code, label: String(b.label || b.code) });
  }
  return out;
}

/** Checks the choice: {error} or {code, label}. */
export function validatePurpose(value, choices) {
  const c = (choices || []).find((x) => x.value === value);
  return c ? { code: c.value, label: c.label } : { error: PURPOSE.required };
}

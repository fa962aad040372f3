// @ts-check
// Pure helpers for the access log (Toegangslogboek): validating the search form, building the
// query string for GET /api/audit, and presenting record attributes in Dutch.
// Unit-tested in test/unit/audit.test.mjs.
import {
  t, label, parseDutchDate, AUDIT_PROCESSING_LABELS, AUDIT_SEARCH_ACTIONS,
} from './i18n/nl.js';

/** The four "zoeken op" fields; the server accepts at most one of them. */
export const SUBJECT_FIELDS = ['person_bsn', 'account', 'user', 'org'];
/** Rows per request ("Meer laden" asks for the next page). */
export const PAGE_SIZE = 25;

/** Removes spaces, dots and dashes that people type in a BSN ("1234.56.782"). */
export function cleanBsn(v) {
  return String(v ?? '').replace(/[\s.-]/g, '');
}

/** BSN check: 9 digits and the "elfproef" (9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11, not 0). */
export function isValidBsn(v) {
  const s = cleanBsn(v);
  if (!/^\d{9}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  sum -= Number(s[8]);
  return sum % 11 === 0 && sum !== 0;
}

/** A positive whole number as typed ("12", " 12 "); null otherwise. */
export function parseId(v) {
  const s = String(v ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/**
 * Checks the search form. Returns field errors (Dutch, per field name), an error for the
 * "zoeken op" group (more than one of the four filled), and the API parameters when all is well.
 * @param {{ person_bsn?: string, account?: string, user?: string, org?: string, from?: string, to?: string, action?: string }} v
 * `filled` lists the "zoeken op" fields that have a value (the group error links to the first).
 * @returns {{ fields: Record<string,string>, group: string, filled: string[], params: Record<string,string> | null }}
 */
export function validateAuditForm(v) {
  /** @type {Record<string,string>} */
  const fields = {};
  /** @type {Record<string,string>} */
  const params = {};
  const filled = SUBJECT_FIELDS.filter((f) => String(v[f] ?? '').trim() !== '');
  const group = filled.length > 1 ? t.audit.oneSubject : '';

  const bsn = String(v.person_bsn ?? '').trim();
  if (bsn) {
    if (!/^\d{9}$/.test(cleanBsn(bsn))) fields.person_bsn = t.audit.bsnFormat;
    else if (!isValidBsn(bsn)) fields.person_bsn = t.audit.bsnInvalid;
    else params.person_bsn = cleanBsn(bsn);
  }
  const idLabels = { account: t.audit.fAccount, user: t.audit.fUser, org: t.audit.fOrg };
  for (const f of /** @type {('account'|'user'|'org')[]} */ (['account', 'user', 'org'])) {
    const raw = String(v[f] ?? '').trim();
    if (!raw) continue;
    const id = parseId(raw);
    if (id == null) fields[f] = t.audit.idFormat(idLabels[f]);
    else params[f] = String(id);
  }
  const from = String(v.from ?? '').trim();
  const to = String(v.to ?? '').trim();
  const fromIso = from ? parseDutchDate(from) : null;
  const toIso = to ? parseDutchDate(to) : null;
  if (from && !fromIso) fields.from = t.audit.dateInvalid(t.audit.fFrom);
  if (to && !toIso) fields.to = t.audit.dateInvalid(t.audit.fTo);
  if (fromIso && toIso && toIso < fromIso) fields.to = t.audit.toBeforeFrom;
  if (fromIso) params.from = fromIso;
  if (toIso) params.to = toIso;
  const action = String(v.action ?? '');
  if (action && AUDIT_SEARCH_ACTIONS.includes(action)) params.action = action;

  const ok = Object.keys(fields).length === 0 && !group;
  return { fields, group, filled, params: ok ? params : null };
}

/**
 * Query string for GET /api/audit (with the leading "?"). Empty values are left out.
 * @param {Record<string, string|number|null|undefined>} params
 * @param {{ limit?: number, before?: number|null, queue?: string }} [paging]
 */
export function auditQuery(params, paging = {}) {
  const q = new URLSearchParams();
  for (const [k, val] of Object.entries(params)) {
    if (val != null && String(val) !== '') q.set(k, String(val));
  }
  if (paging.queue) q.set('queue', paging.queue);
  if (paging.limit) q.set('limit', String(paging.limit));
  if (paging.before != null && paging.before > 0) q.set('before', String(paging.before));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The `before` value for the next page, or null when there is none. The server pages on
 * seq < before and refuses before=0, so a page ending at seq 0 has nothing after it.
 */
export function nextBefore(r) {
  const n = r?.next_before;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

/** "1bc73ae66c9f…" for a long pseudonym (the first `n` characters); short ids stay as they are. */
export function shortPseudonym(id, n = 8) {
  const s = String(id ?? '');
  return s.length > n + 2 ? `${s.slice(0, n)}…` : s;
}

/** "avg-6-1-c" → "AVG art. 6 lid 1 sub c"; "avg-9-2-g" likewise; other codes as they are. */
export function formatLegalBasis(code) {
  const s = String(code ?? '').trim();
  if (!s) return '';
  const m = /^avg-(\d+)(?:-(\d+))?(?:-([a-z]))?$/i.exec(s);
  if (!m) return s;
  return `AVG art. ${m[1]}${m[2] ? ` lid ${m[2]}` : ''}${m[3] ? ` sub ${m[3].toLowerCase()}` : ''}`;
}

/** "regie:verwerking/accountbeheer" → "Accountbeheer"; unknown ids: the last part, readable. */
export function formatProcessing(id) {
  const s = String(id ?? '').trim();
  if (!s) return '';
  const last = s.replace(/^.*[/:]/, '');
  if (Object.prototype.hasOwnProperty.call(AUDIT_PROCESSING_LABELS, last)) return label(AUDIT_PROCESSING_LABELS, last);
  const words = last.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : s;
}

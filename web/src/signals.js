// @ts-check
// Pure helpers for the signal (melding) and weighing (weging) screens: option lists and labels,
// deadlines, query strings, and turning form state into request bodies (with Dutch validation
// messages keyed by field). Server errors (problem+json `errors[].field`, possibly nested such as
// "subjects[0].name" or "/acute/called_at") are mapped back onto the same keys.
// Unit-tested in test/unit/signals*.test.mjs; no DOM access here.
import {
  t, label, parseDutchDate, todayISO, formatDate, TIME_ZONE,
  SIGNAL_STATE_LABELS, SIGNAL_MANUAL_STATES,
} from './i18n/nl.js';
import { cleanBsn, isValidBsn } from './audit.js';
import { ApiError, errorView, fieldMessage } from './api.js';

/** Rows per page in the work queue. */
export const PER_PAGE = 25;
export const MAX_SUBJECTS = 10;
export const MAX_ATTENDEES = 30;
export const OBSERVED_MAX = 20000;
export const LEGAL_GROUND_MAX = 500;
export const TEXT_MAX = 10000;
export const LINE_MAX = 500;
export const FEEDBACK_MAX = 2000;
export const SEARCH_WORDS_MAX = 8;

// ---------------------------------------------------------------------------------------------
// Options and labels

/**
 * Normalises an option list from /api/signal-options into [{ value, label }]. Accepts plain codes
 * ("telefoon"), {code,label} and {id,name}; a missing label comes from the Dutch table.
 * @param {unknown} list
 * @param {Record<string,string>} [table]
 * @returns {{ value: string, label: string }[]}
 */
export function optionList(list, table = {}) {
  if (!Array.isArray(list)) return [];
  /** @type {{ value: string, label: string }[]} */
  const out = [];
  for (const o of list) {
    if (o == null) continue;
    if (typeof o !== 'object') {
      const v = String(o);
      if (v) out.push({ value: v, label: label(table, v) });
      continue;
    }
    const r = /** @type {Record<string, any>} */ (o);
    const value = String(r.code ?? r.value ?? r.id ?? '');
    if (!value) continue;
    const lbl = r.label ?? r.name ?? r.display_name;
    out.push({ value, label: lbl != null && lbl !== '' ? String(lbl) : label(table, value) });
  }
  return out;
}

/** The label of `code` in a server option list, else in the Dutch table, else the code itself. */
export function optionLabel(list, code, table = {}) {
  if (code == null || code === '') return '';
  const hit = optionList(list, table).find((o) => o.value === String(code));
  return hit ? hit.label : label(table, code);
}

/** State label: the server's own `state_label`/`status_label` wins. */
export function stateLabel(item, options) {
  if (!item) return '';
  if (item.state_label) return String(item.state_label);
  if (item.status_label) return String(item.status_label);
  const code = item.state ?? item.status;
  return optionLabel(options?.states, code, SIGNAL_STATE_LABELS);
}

/** Users (casusregisseur candidates) → select options, names first. */
export function userOptions(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((u) => u && u.id != null && (u.status == null || u.status === 'actief'))
    .map((u) => ({ value: String(u.id), label: u.display_name ? `${u.display_name}${u.username ? ` (${u.username})` : ''}` : String(u.username ?? u.name ?? u.id) }));
}

export { isSignalOfficer as isOfficer } from './permissions.js';

// ---------------------------------------------------------------------------------------------
// Dates and deadlines

const DAY = 86400000;
/** Whole calendar days from `a` to `b` ("YYYY-MM-DD"); NaN for bad input. */
export function daysBetween(a, b) {
  const p = (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s ?? ''));
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  };
  return Math.round((p(b) - p(a)) / DAY);
}

/**
 * How the deadline is shown: the date, whether it is late (the server's `overdue` wins) and a short
 * note ("nog 3 dagen", "vandaag", "2 dagen te laat").
 * @param {{ due_date?: string|null, overdue?: boolean }} item
 * @param {string} [today] "YYYY-MM-DD" in Europe/Amsterdam
 */
export function deadlineInfo(item, today = todayISO()) {
  const due = item?.due_date;
  if (!due) return { date: '', overdue: item?.overdue === true, note: item?.overdue === true ? t.signals.overdue : '' };
  const diff = daysBetween(today, due);
  const overdue = typeof item.overdue === 'boolean' ? item.overdue : diff < 0;
  let note = '';
  if (overdue) note = diff < 0 ? t.signals.overdueBy(-diff) : t.signals.overdue;
  else if (diff === 0) note = t.signals.dueToday;
  else if (diff > 0) note = t.signals.dueIn(diff);
  return { date: formatDate(due), overdue, note };
}

/** "14:05", "9.30", " 9:30 " → "09:30"; null when not a time of day. */
export function parseTime(v) {
  const m = /^\s*(\d{1,2})\s*[:.]\s*(\d{2})\s*$/.exec(String(v ?? ''));
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

function zoneOffsetMinutes(ms) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - ms) / 60000);
}

/** A Dutch wall-clock time ("2026-11-27", "14:05") → RFC 3339 UTC ("2026-11-27T13:05:00.000Z"). */
export function amsterdamToISO(ymd, hm) {
  const [y, mo, d] = String(ymd).split('-').map(Number);
  const [h, mi] = String(hm).split(':').map(Number);
  const local = Date.UTC(y, mo - 1, d, h, mi);
  let ms = local - zoneOffsetMinutes(local) * 60000;
  ms = local - zoneOffsetMinutes(ms) * 60000;
  return new Date(ms).toISOString();
}

/** A date typed by the user: '' → null (empty), else "YYYY-MM-DD" or false (invalid). */
function dateField(v) {
  const s = String(v ?? '').trim();
  if (!s) return null;
  return parseDutchDate(s) || false;
}

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * Work-queue filters as they appear in the page URL (?status=&te_laat=1&pagina=2).
 * @param {string} search location.search
 */
export function parseListSearch(search) {
  const q = new URLSearchParams(search || '');
  const page = Number.parseInt(q.get('pagina') || '1', 10);
  return { state: q.get('status') || '', overdue: q.get('te_laat') === '1', page: Number.isFinite(page) && page >= 1 ? page : 1 };
}
export function listSearch({ state = '', overdue = false, page = 1 } = {}) {
  const q = new URLSearchParams();
  if (state) q.set('status', state);
  if (overdue) q.set('te_laat', '1');
  if (page > 1) q.set('pagina', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
/** Query string for GET /api/signals. */
export function signalsQuery({ state = '', overdue = false, page = 1, per_page = PER_PAGE, mine = false } = {}) {
  const q = new URLSearchParams();
  if (state) q.set('state', state);
  if (overdue) q.set('overdue', '1');
  if (mine) q.set('mine', '1');
  q.set('page', String(page));
  q.set('per_page', String(per_page));
  return `?${q.toString()}`;
}
export function pageCount(total, perPage = PER_PAGE) {
  const n = Number(total);
  const p = Number(perPage) || PER_PAGE;
  return Number.isFinite(n) && n > 0 ? Math.ceil(n / p) : 1;
}

/** States the dossierhouder may set next (forward only, before the weighing). */
export function nextStates(state) {
  const i = SIGNAL_MANUAL_STATES.indexOf(state);
  return i < 0 ? [] : SIGNAL_MANUAL_STATES.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------
// Field keys, ids and server errors

/** "subjects.0.name" → "sig-subjects-0-name" (a valid, stable element id). */
export function fieldId(prefix, key) {
  return `${prefix}-${String(key).replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** "/subjects/0/name", "subjects[0].name", "#/acute/called_at" → "subjects.0.name". */
export function normalisePath(field) {
  return String(field ?? '')
    .replace(/^#?\/?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/** The most specific known key for a path ("subjects.0.bsn.x" → "subjects.0.bsn"), or ''. */
export function resolveKey(path, known) {
  let p = path;
  while (p) {
    if (known.has(p)) return p;
    const i = p.lastIndexOf('.');
    p = i < 0 ? '' : p.slice(0, i);
  }
  return '';
}

/**
 * A failed request as the form shows it: the summary line, messages per known field key and
 * messages that belong to no field on this form.
 * @param {unknown} err
 * @param {{ known: Set<string>, labels?: Record<string,string>, rewrite?: (path: string) => string, overrides?: Record<number,string> }} opts
 */
export function formErrors(err, { known, labels = {}, rewrite = (p) => p, overrides = {} }) {
  const view = errorView(err, overrides);
  /** @type {Record<string,string>} */
  const fields = {};
  /** @type {string[]} */
  const loose = [];
  const list = err instanceof ApiError ? err.problem.errors || [] : [];
  for (const e of list) {
    const key = resolveKey(rewrite(normalisePath(e.field)), known);
    const msg = fieldMessage(key, e.reason, labels);
    if (key) fields[key] = fields[key] ? `${fields[key]} ${msg}` : msg;
    else {
      const path = normalisePath(e.field);
      const name = labels[path] || labels[path.split('.')[0]] || e.field;
      loose.push(e.field && !msg.startsWith(`${name}:`) ? `${name}: ${msg}${/[.!?]$/.test(msg) ? '' : '.'}` : msg);
    }
  }
  return { summary: view.summary, fields, loose, status: view.status };
}

// ---------------------------------------------------------------------------------------------
// New signal

export function emptySubject(kind = 'person') {
  return { kind, name: '', birth_date: '', bsn: '', description: '' };
}
export function emptyAcute() {
  return { danger: '', police_called: '', called_by: '', called_date: '', called_time: '' };
}
/** @param {{ municipality_id?: string|number|null }} [defaults] */
export function emptySignalForm(defaults = {}) {
  return {
    municipality_id: defaults.municipality_id != null ? String(defaults.municipality_id) : '',
    received_date: '',
    route: '',
    reporter: { kind: '', org_id: '', name: '', function: '', contact: '' },
    subjects: [emptySubject()],
    observed: '',
    phenomenon: '',
    legal_ground: '',
    acute: emptyAcute(),
    ambtsbericht: emptyAmbtsbericht(),
  };
}

/**
 * The field keys a signal form has (for ordering the error summary and mapping server errors).
 * @param {ReturnType<typeof emptySignalForm>} f
 * @param {'full'|'short'|'public'} mode
 */
export function signalFieldKeys(f, mode) {
  const keys = ['municipality_id'];
  if (mode === 'public') keys.push('route', 'reporter.kind', 'reporter.name', 'reporter.contact');
  if (mode === 'full') {
    keys.push('route', 'received_date');
    if (f.route === 'ambtsbericht') keys.push(...ambtsberichtFieldKeys('ambtsbericht.'), 'ambtsbericht');
    else keys.push('reporter.kind', 'reporter.org_id', 'reporter.name', 'reporter.function', 'reporter.contact');
  }
  keys.push('subjects');
  f.subjects.forEach((_, i) => {
    keys.push(`subjects.${i}.kind`, `subjects.${i}.name`);
    if (mode !== 'short' && mode !== 'public') keys.push(`subjects.${i}.birth_date`, `subjects.${i}.bsn`);
    keys.push(`subjects.${i}.description`, `subjects.${i}`);
  });
  keys.push('observed');
  if (mode === 'full') keys.push('phenomenon', 'legal_ground');
  keys.push('acute.danger', 'acute.police_called', 'acute.called_by', 'acute.called_at', 'acute.called_time', 'acute');
  return keys;
}

/** Server paths that name a part of a field we show as two inputs. */
export function signalRewrite(path) {
  return path.replace(/^reporter\.org$/, 'reporter.org_id').replace(/^municipality$/, 'municipality_id');
}

const trimmed = (v) => String(v ?? '').trim();
const yesNo = (v) => (v === 'ja' ? true : v === 'nee' ? false : null);

/**
 * Checks a signal form and builds the body of POST /api/signals (or /api/public/signals).
 * @param {ReturnType<typeof emptySignalForm>} f
 * @param {{ mode: 'full'|'short'|'public', today?: string, route?: string }} opts
 *   route: for the short form, the route the server needs (e.g. "police_om" for a police partner)
 * @returns {{ errors: Record<string,string>, body: Record<string, any> | null }}
 */
export function validateSignal(f, { mode, today = todayISO(), route = '' }) {
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const s = t.signals;

  if (f.municipality_id) body.municipality_id = Number(f.municipality_id);
  else errors.municipality_id = s.municipalityRequired;

  if (mode === 'full' || mode === 'public') {
    if (f.route) body.route = f.route;
    else errors.route = mode === 'public' ? t.intake.routeRequired : s.routeRequired;
  } else if (route) {
    body.route = route;
  }
  if (mode === 'full') {
    const d = dateField(f.received_date);
    if (d === false) errors.received_date = s.dateInvalid(s.fReceived);
    else if (d && d > today) errors.received_date = s.dateFuture(s.fReceived);
    else if (d) body.received_date = d;
  }
  const amb = mode === 'full' && f.route === 'ambtsbericht';
  if (amb) body.ambtsbericht = ambtsberichtBody(f.ambtsbericht || emptyAmbtsbericht(), errors, { creating: true, today });
  if ((mode === 'full' && !amb) || mode === 'public') {
    const r = f.reporter;
    if (!r.kind) errors['reporter.kind'] = mode === 'public' ? t.intake.reporterKindRequired : s.reporterKindRequired;
    else {
      /** @type {Record<string, any>} */
      const rep = { kind: r.kind };
      if (r.kind !== 'anonymous') {
        if (mode === 'full' && r.org_id) rep.org_id = Number(r.org_id);
        if (trimmed(r.name)) rep.name = trimmed(r.name);
        if (mode === 'full' && trimmed(r.function)) rep.function = trimmed(r.function);
        if (trimmed(r.contact)) rep.contact = trimmed(r.contact);
      } else if (mode === 'public' && trimmed(r.contact)) {
        rep.contact = trimmed(r.contact);
      }
      body.reporter = rep;
    }
  }

  body.subjects = f.subjects.map((sub, i) => {
    const n = i + 1;
    /** @type {Record<string, any>} */
    const out = { kind: sub.kind || 'person' };
    if (!sub.kind) errors[`subjects.${i}.kind`] = s.subjectKindRequired(n);
    const name = trimmed(sub.name);
    const description = trimmed(sub.description);
    const bsnRaw = mode === 'full' ? trimmed(sub.bsn) : '';
    if (name) out.name = name;
    if (mode === 'full') {
      const bd = dateField(sub.birth_date);
      if (bd === false) errors[`subjects.${i}.birth_date`] = s.dateInvalid(`${s.subjectLegend(n)}, ${s.fSubjectBirth.toLowerCase()}`);
      else if (bd && bd > today) errors[`subjects.${i}.birth_date`] = s.dateFuture(`${s.subjectLegend(n)}, ${s.fSubjectBirth.toLowerCase()}`);
      else if (bd) out.birth_date = bd;
      if (bsnRaw) {
        if (!/^\d{9}$/.test(cleanBsn(bsnRaw))) errors[`subjects.${i}.bsn`] = s.bsnFormat(n);
        else if (!isValidBsn(bsnRaw)) errors[`subjects.${i}.bsn`] = s.bsnInvalid(n);
        else out.bsn = cleanBsn(bsnRaw);
      }
    }
    if (description) out.description = description;
    if (!name && !bsnRaw && !description) errors[`subjects.${i}.name`] = s.subjectRequired(n);
    else if (!name && out.birth_date) errors[`subjects.${i}.name`] = s.nameWithBirth(n);
    return out;
  });

  const observed = trimmed(f.observed);
  if (!observed) errors.observed = s.observedRequired;
  else if (observed.length > OBSERVED_MAX) errors.observed = s.tooLong(s.fObserved, OBSERVED_MAX);
  else body.observed = observed;

  if (mode === 'full') {
    if (f.phenomenon) body.phenomenon = f.phenomenon;
    const lg = trimmed(f.legal_ground);
    if (lg.length > LEGAL_GROUND_MAX) errors.legal_ground = s.tooLong(s.fLegalGround, LEGAL_GROUND_MAX);
    else if (lg) body.legal_ground = lg;
  }

  body.acute = acuteBody(f.acute, errors, today);
  return { errors, body: Object.keys(errors).length ? null : body };
}

/** The acute check: danger → police called → by whom and when. Adds errors in place. */
export function acuteBody(a, errors, today = todayISO()) {
  const s = t.signals;
  const danger = yesNo(a.danger);
  /** @type {Record<string, any>} */
  const out = { danger: danger === true };
  if (danger === null) {
    errors['acute.danger'] = s.dangerRequired;
    return out;
  }
  if (!danger) return out;
  const called = yesNo(a.police_called);
  if (called === null) {
    errors['acute.police_called'] = s.policeRequired;
    return out;
  }
  out.police_called = called;
  if (!called) return out;
  const by = trimmed(a.called_by);
  if (!by) errors['acute.called_by'] = s.calledByRequired;
  else out.called_by = by;
  const d = dateField(a.called_date);
  const tm = trimmed(a.called_time) ? parseTime(a.called_time) : null;
  if (d === null) errors['acute.called_at'] = s.calledAtRequired;
  else if (d === false) errors['acute.called_at'] = s.dateInvalid(s.fCalledAt.replace(/\?$/, ''));
  else if (d > today) errors['acute.called_at'] = s.dateFuture(s.fCalledAt.replace(/\?$/, ''));
  else if (!trimmed(a.called_time)) errors['acute.called_time'] = s.timeRequired;
  else if (!tm) errors['acute.called_time'] = s.timeInvalid;
  else out.called_at = amsterdamToISO(d, tm);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ambtsbericht (AIVD): registered and updated by the burgemeester only; the named readers and the
// burgemeester are the only people who can see the signal at all.

export const MAX_READERS = 10;

export function emptyAmbtsbericht() {
  return {
    addressee: '', received_date: '', readers: /** @type {string[]} */ ([]), nctv_consulted: '', nctv_date: '', nctv_contact: '',
    driehoek_decision: '', driehoek_date: '',
  };
}

/**
 * Field keys of the ambtsbericht members in form order. `prefix` is "ambtsbericht." inside the
 * new-signal form (server paths "ambtsbericht/received_date") and "" in the update form.
 * @param {string} [prefix]
 * @param {{ creating?: boolean }} [opts]
 */
export function ambtsberichtFieldKeys(prefix = '', { creating = true } = {}) {
  const keys = creating ? ['addressee', 'received_date', 'readers'] : ['readers'];
  keys.push('nctv_consulted', 'nctv_date', 'nctv_contact', 'driehoek_decision', 'driehoek_date');
  return keys.map((k) => `${prefix}${k}`);
}

/** Visible labels of the ambtsbericht fields (for server messages in the error summary). */
export function ambtsberichtLabels(prefix = '') {
  const s = t.signals;
  const l = {
    addressee: s.fAddressee, received_date: s.fAmbReceived, readers: s.fReaders, nctv_consulted: s.fNctv,
    nctv_date: s.fNctvDate, nctv_contact: s.fNctvContact, driehoek_decision: s.fDriehoekDecision, driehoek_date: s.fDriehoekDecisionDate,
  };
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [`${prefix}${k}`, v]));
}

/**
 * The people who may be named as readers: the candidates from the options ({id,name}) plus anyone
 * already named who is no longer a candidate (so the update form never drops them silently).
 * @param {unknown} candidates
 * @param {unknown} current readers of the record ([{id,name}])
 * @returns {{ value: string, label: string }[]}
 */
export function readerOptions(candidates, current = []) {
  const out = optionList(candidates);
  const seen = new Set(out.map((o) => o.value));
  for (const o of optionList(current)) {
    if (!seen.has(o.value)) {
      out.push(o);
      seen.add(o.value);
    }
  }
  return out;
}

/**
 * Checks the ambtsbericht members and returns them as the request sends them. Errors go into
 * `errors` under `${prefix}member`. Creating: addressee and received date are required and only
 * filled members are sent. Updating: every member of the form is sent (an empty one as null), so
 * clearing a field clears it on the server too ("members sent replace stored ones").
 * @param {ReturnType<typeof emptyAmbtsbericht>} a
 * @param {Record<string,string>} errors
 * @param {{ creating?: boolean, today?: string, prefix?: string }} [opts]
 */
export function ambtsberichtBody(a, errors, { creating = true, today = todayISO(), prefix = creating ? 'ambtsbericht.' : '' } = {}) {
  const s = t.signals;
  /** @type {Record<string, any>} */
  const out = {};
  const k = (m) => `${prefix}${m}`;
  const date = (m, what, { required = false, requiredMsg = '', past = false } = {}) => {
    const d = dateField(a[m]);
    if (d === null) {
      if (required) errors[k(m)] = requiredMsg;
      else if (!creating) out[m] = null;
      return;
    }
    if (d === false) errors[k(m)] = s.dateInvalid(what);
    else if (past && d > today) errors[k(m)] = s.dateFuture(what);
    else out[m] = d;
  };
  const text = (m, what, max, { required = false, requiredMsg = '' } = {}) => {
    const x = trimmed(a[m]);
    if (!x) {
      if (required) errors[k(m)] = requiredMsg;
      else if (!creating) out[m] = null;
      return;
    }
    if (x.length > max) errors[k(m)] = s.tooLong(what, max);
    else out[m] = x;
  };

  if (creating) {
    text('addressee', s.fAddressee, LINE_MAX, { required: true, requiredMsg: s.addresseeRequired });
    date('received_date', s.fAmbReceived, { required: true, requiredMsg: s.ambReceivedRequired, past: true });
  }
  const readers = Array.isArray(a.readers) ? [...new Set(a.readers.map(String))] : [];
  if (readers.length > MAX_READERS) errors[k('readers')] = s.readersTooMany(MAX_READERS);
  else if (readers.length || !creating) out.readers = readers.map(Number);

  const nctv = yesNo(a.nctv_consulted);
  if (nctv !== null) out.nctv_consulted = nctv;
  else if (!creating) out.nctv_consulted = null;
  if (nctv) {
    date('nctv_date', s.fNctvDate, { past: true });
    text('nctv_contact', s.fNctvContact, LINE_MAX);
  } else if (!creating) {
    out.nctv_date = null;
    out.nctv_contact = null;
  }
  text('driehoek_decision', s.fDriehoekDecision, TEXT_MAX);
  date('driehoek_date', s.fDriehoekDecisionDate);
  return out;
}

/** Form state of "Ambtsbericht bijwerken" from the detail view's `ambtsbericht` member. */
export function ambtsberichtFormFrom(a) {
  const f = emptyAmbtsbericht();
  if (!a) return f;
  f.readers = (Array.isArray(a.readers) ? a.readers : [])
    .map((r) => (r && typeof r === 'object' ? r.id : r))
    .filter((x) => x != null)
    .map(String);
  f.nctv_consulted = a.nctv_consulted === true ? 'ja' : a.nctv_consulted === false ? 'nee' : '';
  f.nctv_date = formatDate(a.nctv_date);
  f.nctv_contact = str(a.nctv_contact);
  f.driehoek_decision = str(a.driehoek_decision);
  f.driehoek_date = formatDate(a.driehoek_date);
  return f;
}

/** Checks "Ambtsbericht bijwerken" and builds the body of POST /api/signals/{id}/ambtsbericht. */
export function validateAmbtsberichtUpdate(f, today = todayISO()) {
  /** @type {Record<string,string>} */
  const errors = {};
  const body = ambtsberichtBody(f, errors, { creating: false, today });
  return { errors, body: Object.keys(errors).length ? null : body };
}

// ---------------------------------------------------------------------------------------------
// Detail-page forms

export function validateStatus(f) {
  if (!f.state) return { errors: { state: t.signals.statusRequired }, body: null };
  /** @type {Record<string, any>} */
  const body = { state: f.state };
  const note = trimmed(f.note);
  if (note.length > LINE_MAX) return { errors: { note: t.signals.tooLong(t.signals.fNote, LINE_MAX) }, body: null };
  if (note) body.note = note;
  return { errors: {}, body };
}

export function validateInvite(f) {
  /** @type {Record<string,string>} */
  const errors = {};
  if (!f.org_id) errors.org_id = t.signals.inviteOrgRequired;
  if (!trimmed(f.reason)) errors.reason = t.signals.inviteReasonRequired;
  else if (trimmed(f.reason).length > LINE_MAX) errors.reason = t.signals.tooLong(t.signals.fInviteReason.replace(/\?$/, ''), LINE_MAX);
  return { errors, body: Object.keys(errors).length ? null : { org_id: Number(f.org_id), reason: trimmed(f.reason) } };
}

/** Police data are always purpose-bound (the server enforces it too). */
export function validateInformation(f) {
  /** @type {Record<string,string>} */
  const errors = {};
  const s = t.signals;
  if (!f.category) errors.category = s.categoryRequired;
  const lb = trimmed(f.legal_basis);
  if (!lb) errors.legal_basis = s.legalBasisRequired;
  else if (lb.length > LEGAL_GROUND_MAX) errors.legal_basis = s.tooLong(s.fLegalBasis, LEGAL_GROUND_MAX);
  const content = trimmed(f.content);
  if (!content) errors.content = s.contentRequired;
  else if (content.length > OBSERVED_MAX) errors.content = s.tooLong(s.fContent, OBSERVED_MAX);
  if (Object.keys(errors).length) return { errors, body: null };
  return { errors, body: { category: f.category, legal_basis: lb, content, purpose_bound: f.category === 'police' ? true : !!f.purpose_bound } };
}

export function validateFeedback(f, today = todayISO()) {
  /** @type {Record<string,string>} */
  const errors = {};
  const s = t.signals;
  /** @type {Record<string, any>} */
  const body = {};
  const d = dateField(f.date);
  if (d === false) errors.date = s.dateInvalid(s.fFeedbackDate);
  else if (d && d > today) errors.date = s.dateFuture(s.fFeedbackDate);
  else if (d) body.date = d;
  if (!f.channel) errors.channel = s.channelRequired;
  else body.channel = f.channel;
  const text = trimmed(f.text);
  if (!text) errors.text = s.feedbackTextRequired;
  else if (text.length > FEEDBACK_MAX) errors.text = s.tooLong(s.fFeedbackText, FEEDBACK_MAX);
  else body.text = text;
  return { errors, body: Object.keys(errors).length ? null : body };
}

// ---------------------------------------------------------------------------------------------
// Weighing

export function emptyAttendee() {
  return { org_id: '', name: '', function: '' };
}

/** @param {{ value: string }[]} criteria @param {string} [today] */
export function emptyWeighingForm(criteria, today = todayISO()) {
  return {
    decided_on: formatDate(today),
    in_meeting: true,
    attendees: [emptyAttendee()],
    criteria: Object.fromEntries(criteria.map((c) => [c.value, { assessment: '', note: '' }])),
    rationale: '',
    proportionality: '',
    subsidiarity: '',
    dissent: '',
    decision_rule: '',
    outcome: '',
    referral: { to: '', informed_by: '' },
    reweigh: { date: '', information_sought: '', from: '' },
    admission: { casusregisseur_id: '', first_overleg_date: '' },
    escalation: { driehoek_date: '', note: '' },
    /** @type {number|null} */
    corrects: null,
  };
}

const str = (v) => (v == null ? '' : String(v));

/** Form state that repeats an existing weighing, for "Corrigeer deze weging" (sends `corrects`). */
export function weighingFormFrom(w, criteria) {
  const f = emptyWeighingForm(criteria);
  if (!w) return f;
  f.decided_on = formatDate(w.decided_on);
  f.in_meeting = !!w.in_meeting;
  const att = Array.isArray(w.attendees) ? w.attendees : [];
  f.attendees = att.length
    ? att.map((a) => ({ org_id: str(a.org_id ?? a.org?.id), name: str(a.name), function: str(a.function) }))
    : [emptyAttendee()];
  for (const c of Array.isArray(w.criteria) ? w.criteria : []) {
    if (c && c.code != null) f.criteria[String(c.code)] = { assessment: str(c.assessment), note: str(c.note) };
  }
  f.rationale = str(w.rationale);
  f.proportionality = str(w.proportionality);
  f.subsidiarity = str(w.subsidiarity);
  f.dissent = str(w.dissent);
  f.decision_rule = str(w.decision_rule);
  f.outcome = str(w.outcome);
  if (w.referral) f.referral = { to: str(w.referral.to), informed_by: str(w.referral.informed_by) };
  if (w.reweigh) f.reweigh = { date: formatDate(w.reweigh.date), information_sought: str(w.reweigh.information_sought), from: str(w.reweigh.from) };
  if (w.admission) {
    f.admission = {
      casusregisseur_id: str(w.admission.casusregisseur_id ?? w.admission.casusregisseur?.id),
      first_overleg_date: formatDate(w.admission.first_overleg_date),
    };
  }
  if (w.escalation) f.escalation = { driehoek_date: formatDate(w.escalation.driehoek_date), note: str(w.escalation.note) };
  f.corrects = w.id ?? null;
  return f;
}

/** @param {ReturnType<typeof emptyWeighingForm>} f @param {{ value: string }[]} criteria */
export function weighingFieldKeys(f, criteria) {
  const keys = ['decided_on', 'in_meeting', 'attendees'];
  f.attendees.forEach((_, i) => keys.push(`attendees.${i}.org_id`, `attendees.${i}.name`, `attendees.${i}.function`, `attendees.${i}`));
  keys.push('criteria');
  for (const c of criteria) keys.push(`criteria.${c.value}.assessment`, `criteria.${c.value}.note`, `criteria.${c.value}`);
  keys.push('rationale', 'proportionality', 'subsidiarity', 'dissent', 'decision_rule', 'outcome');
  const sub = {
    verwezen_regulier: ['referral.to', 'referral.informed_by', 'referral'],
    herwegen: ['reweigh.date', 'reweigh.information_sought', 'reweigh.from', 'reweigh'],
    opname_pga: ['admission.casusregisseur_id', 'admission.first_overleg_date', 'admission'],
    acuut_escalatie: ['escalation.driehoek_date', 'escalation.note', 'escalation'],
  }[f.outcome];
  if (sub) keys.push(...sub);
  return keys;
}

/** Server paths by index ("criteria.2.note", "attendees.0.org") → our keys. */
export function weighingRewrite(criteriaCodes) {
  return (path) => {
    const m = /^criteria\.(\d+)(\..*)?$/.exec(path);
    if (m && criteriaCodes[Number(m[1])] != null) return `criteria.${criteriaCodes[Number(m[1])]}${m[2] || ''}`;
    return path.replace(/^(attendees\.\d+)\.org$/, '$1.org_id').replace(/^admission\.casusregisseur$/, 'admission.casusregisseur_id');
  };
}

/**
 * Checks the weighing form and builds the body of POST /api/signals/{id}/weighings.
 * @param {ReturnType<typeof emptyWeighingForm>} f
 * @param {{ value: string, label: string }[]} criteria every configured criterion, in order
 * @param {{ today?: string }} [opts]
 */
export function validateWeighing(f, criteria, { today = todayISO() } = {}) {
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const s = t.signals;
  const date = (key, v, what, required, requiredMsg) => {
    const d = dateField(v);
    if (d === null) {
      if (required) errors[key] = requiredMsg;
      return undefined;
    }
    if (d === false) {
      errors[key] = s.dateInvalid(what);
      return undefined;
    }
    return d;
  };
  const text = (key, v, what, requiredMsg) => {
    const x = trimmed(v);
    if (!x) {
      if (requiredMsg) errors[key] = requiredMsg;
      return undefined;
    }
    if (x.length > TEXT_MAX) {
      errors[key] = s.tooLong(what, TEXT_MAX);
      return undefined;
    }
    return x;
  };

  const decided = date('decided_on', f.decided_on, s.fDecidedOn, true, s.decidedOnRequired);
  if (decided && decided > today) errors.decided_on = s.dateFuture(s.fDecidedOn);
  else if (decided) body.decided_on = decided;
  body.in_meeting = !!f.in_meeting;

  const filled = f.attendees.filter((a) => a.org_id || trimmed(a.name) || trimmed(a.function));
  if (filled.length === 0) errors['attendees.0.org_id'] = s.attendeesRequired;
  body.attendees = [];
  f.attendees.forEach((a, i) => {
    if (!(a.org_id || trimmed(a.name) || trimmed(a.function))) return;
    if (!a.org_id) errors[`attendees.${i}.org_id`] = s.attendeeOrgRequired(i + 1);
    if (!trimmed(a.name)) errors[`attendees.${i}.name`] = s.attendeeNameRequired(i + 1);
    /** @type {Record<string, any>} */
    const out = { org_id: Number(a.org_id), name: trimmed(a.name) };
    if (trimmed(a.function)) out.function = trimmed(a.function);
    body.attendees.push(out);
  });

  body.criteria = criteria.map((c) => {
    const v = f.criteria[c.value] || { assessment: '', note: '' };
    if (!v.assessment) errors[`criteria.${c.value}.assessment`] = s.assessmentRequired(c.label);
    /** @type {Record<string, any>} */
    const out = { code: c.value, assessment: v.assessment };
    const note = text(`criteria.${c.value}.note`, v.note, `${c.label}, ${s.fCriterionNote.toLowerCase()}`, '');
    if (note) out.note = note;
    return out;
  });

  const r = text('rationale', f.rationale, s.fRationale, s.rationaleRequired);
  if (r) body.rationale = r;
  const p = text('proportionality', f.proportionality, s.fProportionality, s.proportionalityRequired);
  if (p) body.proportionality = p;
  const sb = text('subsidiarity', f.subsidiarity, s.fSubsidiarity, s.subsidiarityRequired);
  if (sb) body.subsidiarity = sb;
  const dis = text('dissent', f.dissent, s.fDissent, '');
  if (dis) body.dissent = dis;
  if (!f.decision_rule) errors.decision_rule = s.decisionRuleRequired;
  else body.decision_rule = f.decision_rule;
  if (!f.outcome) errors.outcome = s.outcomeRequired;
  else body.outcome = f.outcome;

  if (f.outcome === 'verwezen_regulier') {
    /** @type {Record<string, any>} */
    const ref = {};
    const to = text('referral.to', f.referral.to, s.fReferralTo, s.referralToRequired);
    if (to) ref.to = to;
    const by = text('referral.informed_by', f.referral.informed_by, s.fReferralBy, s.referralByRequired);
    if (by) ref.informed_by = by;
    body.referral = ref;
  } else if (f.outcome === 'herwegen') {
    /** @type {Record<string, any>} */
    const rw = {};
    const d = date('reweigh.date', f.reweigh.date, s.fReweighDate, true, s.reweighDateRequired);
    if (d && d <= today) errors['reweigh.date'] = s.reweighDateFuture;
    else if (d) rw.date = d;
    const info = text('reweigh.information_sought', f.reweigh.information_sought, s.fReweighInfo, s.reweighInfoRequired);
    if (info) rw.information_sought = info;
    const from = text('reweigh.from', f.reweigh.from, s.fReweighFrom, s.reweighFromRequired);
    if (from) rw.from = from;
    body.reweigh = rw;
  } else if (f.outcome === 'opname_pga') {
    /** @type {Record<string, any>} */
    const ad = {};
    if (!f.admission.casusregisseur_id) errors['admission.casusregisseur_id'] = s.casusregisseurRequired;
    else ad.casusregisseur_id = Number(f.admission.casusregisseur_id);
    const d = date('admission.first_overleg_date', f.admission.first_overleg_date, s.fFirstOverleg, true, s.firstOverlegRequired);
    if (d && decided && d < decided) errors['admission.first_overleg_date'] = s.firstOverlegBefore;
    else if (d) ad.first_overleg_date = d;
    body.admission = ad;
  } else if (f.outcome === 'acuut_escalatie') {
    /** @type {Record<string, any>} */
    const es = {};
    const d = date('escalation.driehoek_date', f.escalation.driehoek_date, s.fDriehoekDate, true, s.driehoekDateRequired);
    if (d) es.driehoek_date = d;
    const note = text('escalation.note', f.escalation.note, s.fEscalationNote, '');
    if (note) es.note = note;
    body.escalation = es;
  }
  if (f.corrects != null) body.corrects = Number(f.corrects);
  return { errors, body: Object.keys(errors).length ? null : body };
}

// ---------------------------------------------------------------------------------------------
// Search

/**
 * @param {'bsn'|'name'|'q'|''} mode
 * @param {{ bsn?: string, name?: string, birth_date?: string, q?: string }} v
 * @returns {{ errors: Record<string,string>, query: string | null }}
 */
export function validateSearch(mode, v) {
  /** @type {Record<string,string>} */
  const errors = {};
  const s = t.search;
  const q = new URLSearchParams();
  if (mode === 'bsn') {
    const b = trimmed(v.bsn);
    if (!b) errors.bsn = s.bsnRequired;
    else if (!/^\d{9}$/.test(cleanBsn(b))) errors.bsn = s.bsnFormat;
    else if (!isValidBsn(b)) errors.bsn = s.bsnInvalid;
    else q.set('bsn', cleanBsn(b));
  } else if (mode === 'name') {
    const n = trimmed(v.name);
    if (!n) errors.name = s.nameRequired;
    else q.set('name', n);
    const d = dateField(v.birth_date);
    if (d === null) errors.birth_date = s.birthRequired;
    else if (d === false) errors.birth_date = s.birthInvalid;
    else q.set('birth_date', d);
  } else if (mode === 'q') {
    const w = trimmed(v.q).replace(/\s+/g, ' ');
    const words = w ? w.split(' ') : [];
    if (!w) errors.q = s.qRequired;
    else if (words.length > SEARCH_WORDS_MAX) errors.q = s.qTooMany(SEARCH_WORDS_MAX);
    else if (!words.some((x) => [...x].length >= 2)) errors.q = s.qTooShort;
    else q.set('q', w);
  } else {
    errors.mode = s.modeRequired;
  }
  return { errors, query: Object.keys(errors).length ? null : `?${q.toString()}` };
}

// @ts-check
// Pure helpers for the case screens (casussen, docs/cases.md): labels (the server's option lists
// first), the list filters, deadlines in Dutch, the checklist grouped the way the factsheets
// group it, the allowed transitions, the measure catalogue grouped by domain, the work list, and
// turning form state into request bodies (with Dutch messages keyed by field). Unit-tested in
// test/unit/cases.test.mjs; no DOM access here.
import {
  t, label, parseDutchDate, todayISO, formatDate, MEETING_DECISION_TYPE_LABELS,
  CASE_STATE_LABELS, CASE_FLAG_LABELS, CASE_DECIDER_LABELS, CASE_TASK_STATE_LABELS, EVIDENCE_KIND_LABELS,
  MEASURE_STATUS_LABELS, MEASURE_DOMAIN_LABELS, SUPPORTER_KIND_LABELS, COMM_OWNER_LABELS,
} from './i18n/nl.js';
import { optionList, daysBetween } from './signals.js';
import { formatMediumDate } from './meetings.js';

export { formatMediumDate };

/** Limits of docs/cases.md and src/app/case.c (the server checks them too). */
export const LIMITS = {
  rationale: 10000,
  text: 10000,
  item: 1000,
  line: 500,
  listItems: 50,
  instrument: 200,
  instrumentVersion: 50,
  name: 200,
  relation: 100,
  channel: 40,
};

/** The groups of the checklist in the order of the factsheets (domain.md §6). */
export const TASK_GROUP_ORDER = ['Per casus', 'Dreigende uitreis', 'Uitgereisd', 'Terugkeer', 'Overlijden', 'Minderjarige', 'Paspoort'];
/** Measure domains in catalogue order. */
export const DOMAIN_ORDER = ['straf', 'bestuurlijk', 'politie', 'zorg', 'communicatie', 'overig'];

const trimmed = (v) => String(v ?? '').trim();
const str = (v) => (v == null ? '' : String(v));

// ---------------------------------------------------------------------------------------------
// Labels

/** Label of a code: the server's option list first, then the Dutch table. */
export function codeLabel(list, code, table) {
  if (code == null || code === '') return '';
  const hit = optionList(list, table).find((o) => o.value === String(code));
  return hit ? hit.label : label(table, code);
}
/** A list from the options, or the Dutch table when the server sends none. */
export function optionsOrTable(list, table) {
  const o = optionList(list, table);
  return o.length ? o : Object.entries(table).map(([value, l]) => ({ value, label: l }));
}
export const stateLabel = (c, opts) => (c?.state_label ? String(c.state_label) : codeLabel(opts?.states, c?.state, CASE_STATE_LABELS));
export const flagLabel = (opts, code) => codeLabel(opts?.flags, code, CASE_FLAG_LABELS);
export const deciderLabel = (opts, code) => codeLabel(opts?.deciders, code, CASE_DECIDER_LABELS);
export const taskStateLabel = (opts, code) => codeLabel(opts?.task_states, code, CASE_TASK_STATE_LABELS);
export const evidenceKindLabel = (opts, code) => codeLabel(opts?.evidence_kinds, code, EVIDENCE_KIND_LABELS);
export const measureStatusLabel = (opts, code) => codeLabel(opts?.measure_statuses, code, MEASURE_STATUS_LABELS);
export const domainLabel = (code) => label(MEASURE_DOMAIN_LABELS, code);
export const supporterLabel = (opts, code) => codeLabel(opts?.supporter_kinds, code, SUPPORTER_KIND_LABELS);
export const commOwnerLabel = (opts, code) => codeLabel(opts?.comm_owners, code, COMM_OWNER_LABELS);

/** Flag labels of a case or list row ([{flag,label}] from the server). */
export function flagLabels(flags, opts) {
  return (Array.isArray(flags) ? flags : []).map((f) => (f?.label ? String(f.label) : flagLabel(opts, f?.flag ?? f))).filter(Boolean);
}
/** Codes of the flags that are on. */
export function activeFlags(c) {
  return (Array.isArray(c?.flags) ? c.flags : []).map((f) => String(f?.flag ?? f)).filter(Boolean);
}

/** "Casus M-6Z3V-P2ER" (the page title of a case). */
export function caseTitle(c) {
  return c?.reference ? t.cases.title(c.reference) : t.cases.detailTitle;
}

// ---------------------------------------------------------------------------------------------
// The list

/** Cases per page of the list (the server's default; it allows 1..100, as GET /api/signals). */
export const CASES_PER_PAGE = 25;
/** Rows per "Meer laden" of the work list. */
export const WORKLIST_PER_PAGE = 50;
/** The highest page number the server accepts. */
const PAGE_MAX = 100000;

/** Filters and page as they appear in the page URL (?fase=beeldvorming&markering=uitgereisd&pagina=2). */
export function parseCasesSearch(search) {
  const q = new URLSearchParams(search || '');
  const ok = (v) => (/^[a-z_]{1,40}$/.test(v || '') ? String(v) : '');
  const page = /^[1-9][0-9]{0,5}$/.test(q.get('pagina') || '') ? Number(q.get('pagina')) : 1;
  return { state: ok(q.get('fase')), flag: ok(q.get('markering')), page: page <= PAGE_MAX ? page : 1 };
}
export function casesSearch({ state = '', flag = '', page = 1 } = {}) {
  const q = new URLSearchParams();
  if (state) q.set('fase', state);
  if (flag) q.set('markering', flag);
  if (page > 1) q.set('pagina', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
/** Query string of GET /api/cases (page only from 2 on; per_page when given). */
export function casesQuery({ state = '', flag = '', page = 1, per_page = 0 } = {}) {
  const q = new URLSearchParams();
  if (state) q.set('state', state);
  if (flag) q.set('flag', flag);
  if (page > 1) q.set('page', String(page));
  if (per_page) q.set('per_page', String(per_page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
/** Pages of a paged answer ({ total, per_page }): at least 1. */
export function listPages(total, perPage) {
  const n = Number(total);
  const p = Number(perPage) || CASES_PER_PAGE;
  return Number.isFinite(n) && n > 0 ? Math.ceil(n / p) : 1;
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/**
 * How a due date reads: the date ("5 maart 2027") and a note ("Te laat: 3 dagen", "Vandaag",
 * "Nog 12 dagen"). The server's `overdue` wins; else open and before today.
 * @param {{ due_date?: string|null, overdue?: boolean, state?: string }} item
 */
export function dueInfo(item, today = todayISO()) {
  const c = t.cases;
  const due = item?.due_date ? String(item.due_date) : '';
  const open = !item?.state || item.state === 'open';
  if (!due) return { date: '', overdue: item?.overdue === true, note: item?.overdue === true ? c.overdue : '' };
  const diff = daysBetween(today, due);
  const overdue = typeof item.overdue === 'boolean' ? item.overdue : open && diff < 0;
  let note = '';
  if (overdue) note = diff < 0 ? c.overdueDays(-diff) : c.overdue;
  else if (!open) note = '';
  else if (diff === 0) note = c.dueToday;
  else if (diff > 0) note = c.dueIn(diff);
  return { date: formatMediumDate(due), overdue, note };
}

/**
 * The coming deadlines of a case: open checklist items with a due date, the case's next review
 * and the review dates of the measures, earliest first (so overdue ones come first).
 * @returns {{ key: string, what: string, due_date: string, overdue: boolean, kind: 'task'|'review'|'measure', id?: any }[]}
 */
export function nextDeadlines(c, today = todayISO(), limit = 8) {
  const out = [];
  for (const tk of Array.isArray(c?.tasks) ? c.tasks : []) {
    if (tk?.state !== 'open' || !tk.due_date) continue;
    out.push({ key: `task-${tk.id}`, what: `${tk.code} ${tk.title}`, due_date: String(tk.due_date), overdue: tk.overdue === true || String(tk.due_date) < today, kind: 'task', id: tk.id });
  }
  if (c?.next_review_date && c.state !== 'afgesloten') {
    out.push({ key: 'review', what: t.cases.reviewCase, due_date: String(c.next_review_date), overdue: String(c.next_review_date) < today, kind: 'review' });
  }
  for (const m of Array.isArray(c?.measures) ? c.measures : []) {
    if (!m?.review_date || m.status === 'ended' || m.status === 'refused') continue;
    out.push({ key: `measure-${m.id}`, what: t.cases.reviewMeasure(m.type_label || m.type), due_date: String(m.review_date), overdue: String(m.review_date) < today, kind: 'measure', id: m.id });
  }
  out.sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.what.localeCompare(b.what, 'nl')));
  return out.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Checklist

/** "U2" < "U10"; letters first, then the number. */
export function compareCodes(a, b) {
  const pa = /^([A-Z]*)(\d*)/.exec(String(a ?? '')) || ['', '', ''];
  const pb = /^([A-Z]*)(\d*)/.exec(String(b ?? '')) || ['', '', ''];
  if (pa[1] !== pb[1]) return pa[1] < pb[1] ? -1 : 1;
  return (Number(pa[2]) || 0) - (Number(pb[2]) || 0);
}

/**
 * The checklist grouped: the groups in factsheet order (unknown groups after them, in order of
 * appearance), inside a group by code ("Per casus": C1…C6, then N1). Within the same code the
 * older task first (N1 of last year before this year's).
 * @param {any[]} tasks
 * @returns {{ group: string, items: any[], open: number, overdue: number }[]}
 */
export function groupTasks(tasks) {
  /** @type {Map<string, any[]>} */
  const by = new Map();
  for (const tk of Array.isArray(tasks) ? tasks : []) {
    if (!tk) continue;
    const g = String(tk.group || t.cases.navChecklist);
    if (!by.has(g)) by.set(g, []);
    by.get(g)?.push(tk);
  }
  const rank = (g) => {
    const i = TASK_GROUP_ORDER.indexOf(g);
    return i < 0 ? TASK_GROUP_ORDER.length : i;
  };
  const groups = [...by.keys()].map((g, i) => ({ g, i })).sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i).map((x) => x.g);
  return groups.map((g) => {
    const items = (by.get(g) || []).map((x, i) => ({ x, i })).sort((a, b) => compareCodes(a.x.code, b.x.code) || a.i - b.i).map((y) => y.x);
    return {
      group: g,
      items,
      open: items.filter((x) => x.state === 'open').length,
      overdue: items.filter((x) => x.state === 'open' && x.overdue === true).length,
    };
  });
}

/** The open items only, grouped (for the overview). */
export function openTaskGroups(tasks) {
  return groupTasks((Array.isArray(tasks) ? tasks : []).filter((x) => x?.state === 'open')).filter((g) => g.items.length > 0);
}

/** How the evidence of a task reads. */
export function evidenceText(ev, opts, measures = []) {
  if (!ev || typeof ev !== 'object') return '';
  if (ev.hidden) return t.cases.evidenceHidden;
  const kind = evidenceKindLabel(opts, ev.kind);
  let text = str(ev.text).trim();
  if (!text && ev.kind === 'measure' && ev.id != null) {
    const m = (Array.isArray(measures) ? measures : []).find((x) => String(x.id) === String(ev.id));
    if (m) text = m.type_label || m.type;
  }
  return t.cases.evidenceLine(kind, text);
}

// ---------------------------------------------------------------------------------------------
// Timeline of decisions: transitions and flags (events) and the overleg's decisions

/** Ids of overleg decisions that a later version corrects. */
function correctedIds(decisions) {
  return new Set((Array.isArray(decisions) ? decisions : []).map((d) => d?.corrects).filter((x) => x != null).map(String));
}

/**
 * One chronological list of what was decided: `events` (kind transition | flag) and
 * `meeting_decisions` (kind meeting). Sorted by decision date, then by when it was recorded.
 * @returns {{ kind: 'transition'|'flag'|'meeting', key: string, date: string, item: any, superseded?: boolean }[]}
 */
export function timelineEntries(c) {
  const out = [];
  let i = 0;
  for (const e of Array.isArray(c?.events) ? c.events : []) {
    if (!e) continue;
    out.push({ kind: e.kind === 'flag' ? 'flag' : 'transition', key: `ev-${e.id}`, date: str(e.decided_date), at: str(e.created_at), i: i++, item: e });
  }
  const corrected = correctedIds(c?.meeting_decisions);
  for (const d of Array.isArray(c?.meeting_decisions) ? c.meeting_decisions : []) {
    if (!d) continue;
    out.push({ kind: 'meeting', key: `md-${d.id}`, date: str(d.decided_date), at: '', i: i++, item: d, superseded: corrected.has(String(d.id)) });
  }
  out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.at !== b.at && a.at && b.at ? (a.at < b.at ? -1 : 1) : a.i - b.i));
  return out.map(({ at, i: _i, ...rest }) => rest);
}

/** "Plan van aanpak" for an overleg decision type (its label in the meeting screens). */
export const meetingDecisionTypeLabel = (code) => label(MEETING_DECISION_TYPE_LABELS, code);

/**
 * The overleg decisions a transition, flag or adoption may refer to (meeting_decision_id): the
 * current versions (not corrected), newest first, as select options.
 */
export function meetingDecisionOptions(c) {
  const list = Array.isArray(c?.meeting_decisions) ? c.meeting_decisions : [];
  const corrected = correctedIds(list);
  const short = (x) => (x.length > 60 ? `${x.slice(0, 57).trimEnd()}…` : x);
  return list
    .filter((d) => d && d.id != null && !corrected.has(String(d.id)))
    .slice()
    .sort((a, b) => str(b.decided_date).localeCompare(str(a.decided_date)))
    .map((d) => ({
      value: String(d.id),
      label: `${formatMediumDate(d.decided_date) || t.form.empty}: ${meetingDecisionTypeLabel(d.type)}${d.text ? ` — ${short(str(d.text))}` : ''}`,
    }));
}

// ---------------------------------------------------------------------------------------------
// Forms: shared pieces

/** A date typed by the user: '' → null (empty), else "YYYY-MM-DD" or false (invalid). */
export function dateField(v) {
  const s = trimmed(v);
  if (!s) return null;
  return parseDutchDate(s) || false;
}
function optText(errors, key, v, max, what) {
  const x = trimmed(v);
  if (!x) return undefined;
  if (x.length > max) {
    errors[key] = t.cases.tooLong(what, max);
    return undefined;
  }
  return x;
}
function reqText(errors, key, v, max, what, requiredMsg) {
  const x = trimmed(v);
  if (!x) {
    errors[key] = requiredMsg;
    return undefined;
  }
  return optText(errors, key, x, max, what);
}
/** Puts a valid optional date into body[key]; an invalid one becomes an error. */
function optDate(errors, body, key, v, what) {
  const d = dateField(v);
  if (d === false) errors[key] = t.cases.dateInvalid(what);
  else if (d) body[key] = d;
}
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

/** The non-empty lines of a textarea ("one per line"), trimmed. */
export function linesOf(text) {
  return String(text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
/** A list field ("one per line") with the server's limits; adds an error in place. */
function listField(errors, key, text, what) {
  const lines = linesOf(text);
  if (lines.length > LIMITS.listItems) errors[key] = t.cases.listTooMany(what, LIMITS.listItems);
  else if (lines.some((l) => l.length > LIMITS.item)) errors[key] = t.cases.lineTooLong(what, LIMITS.item);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Transitions (the lifecycle of docs/cases.md; the server refuses anything else with 409)

const MOVES = {
  opgenomen: ['beeldvorming'],
  beeldvorming: ['plan_vastgesteld', 'afgesloten'],
  plan_vastgesteld: ['uitvoering', 'afgesloten'],
  uitvoering: ['herbeoordeling', 'afgeschaald', 'afgesloten'],
  herbeoordeling: ['uitvoering', 'afgeschaald', 'afgesloten'],
  afgeschaald: ['uitvoering', 'afgesloten'],
  afgesloten: ['herbeoordeling'],
};
/**
 * The phases a case can move to. "Plan vastgesteld" only with an adopted plan; "Afgesloten"
 * only for who may close.
 * @param {any} c the case view
 * @param {{ canClose?: boolean }} [opts]
 */
export function allowedTransitions(c, { canClose = true } = {}) {
  const to = MOVES[c?.state] || [];
  return to.filter((s) => (s !== 'plan_vastgesteld' || !!c?.plan_adopted) && (s !== 'afgesloten' || canClose));
}

export function emptyTransitionForm() {
  return { to: '', rationale: '', decided_by: 'casusoverleg', meeting_decision_id: '', decided_date: '', next_review_date: '', informed: '', informed_note: '' };
}
export function transitionFieldKeys(f) {
  const keys = ['to', 'rationale', 'decided_by', 'meeting_decision_id', 'decided_date', 'next_review_date'];
  if (f?.to === 'afgesloten') keys.push('closure', 'closure.subject_informed', 'closure.informed_note');
  return keys;
}
/** POST /api/cases/{id}/transitions. */
export function validateTransition(f) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.to) errors.to = c.toRequired;
  else body.to = f.to;
  const r = reqText(errors, 'rationale', f.rationale, LIMITS.rationale, c.fRationale, c.rationaleRequired);
  if (r) body.rationale = r;
  if (!f.decided_by) errors.decided_by = c.decidedByRequired;
  else body.decided_by = f.decided_by;
  if (f.meeting_decision_id) body.meeting_decision_id = Number(f.meeting_decision_id);
  optDate(errors, body, 'decided_date', f.decided_date, c.fDecidedDate);
  optDate(errors, body, 'next_review_date', f.next_review_date, c.fNextReview);
  if (f.to === 'afgesloten') {
    if (f.informed !== 'ja' && f.informed !== 'nee') errors['closure.subject_informed'] = c.informedRequired;
    const note = reqText(errors, 'closure.informed_note', f.informed_note, LIMITS.rationale, c.fInformedNote, c.informedNoteRequired);
    if (!errors['closure.subject_informed'] && note) body.closure = { subject_informed: f.informed === 'ja', informed_note: note };
  }
  return result(errors, body);
}

// ---------------------------------------------------------------------------------------------
// Flags

export function emptyFlagForm() {
  return { flag: '', rationale: '', decided_by: 'casusoverleg', meeting_decision_id: '', date: '', departure_date: '', to_municipality_id: '', new_casusregisseur_id: '' };
}
/** Field keys of the flag form for flag f.flag (on when not active). */
export function flagFieldKeys(f, active = []) {
  const on = !!f?.flag && !active.includes(f.flag);
  const keys = ['flag', 'on'];
  if (on && f.flag === 'uitgereisd') keys.push('departure_date');
  if (on && f.flag === 'verhuisd') keys.push('to_municipality_id', 'new_casusregisseur_id');
  keys.push('rationale', 'decided_by', 'meeting_decision_id', 'date');
  return keys;
}
/**
 * POST /api/cases/{id}/flags: a flag that is on is switched off, else on.
 * @param {ReturnType<typeof emptyFlagForm>} f
 * @param {string[]} active the codes of the flags that are on now
 */
export function validateFlag(f, active = []) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.flag) errors.flag = c.flagRequired;
  const on = !!f.flag && !active.includes(f.flag);
  if (f.flag) {
    body.flag = f.flag;
    body.on = on;
  }
  const r = reqText(errors, 'rationale', f.rationale, LIMITS.rationale, c.fRationale, c.rationaleRequired);
  if (r) body.rationale = r;
  if (f.decided_by) body.decided_by = f.decided_by;
  if (f.meeting_decision_id) body.meeting_decision_id = Number(f.meeting_decision_id);
  optDate(errors, body, 'date', f.date, c.fSince);
  if (on && f.flag === 'uitgereisd') {
    const d = dateField(f.departure_date);
    if (d === null) errors.departure_date = c.departureRequired;
    else if (d === false) errors.departure_date = c.dateInvalid(c.fDeparture);
    else body.departure_date = d;
  }
  if (on && f.flag === 'verhuisd') {
    if (!f.to_municipality_id) errors.to_municipality_id = c.municipalityRequired;
    else body.to_municipality_id = Number(f.to_municipality_id);
    if (!f.new_casusregisseur_id) errors.new_casusregisseur_id = c.regisseurRequired;
    else body.new_casusregisseur_id = Number(f.new_casusregisseur_id);
  }
  return result(errors, body);
}

// ---------------------------------------------------------------------------------------------
// Plans

/** The form of a new plan version, starting from the current version (or empty). */
export function planFormFrom(plan) {
  const view = (v) => (v && typeof v.heard === 'boolean' ? (v.heard ? 'ja' : 'nee') : '');
  return {
    goals: (Array.isArray(plan?.goals) ? plan.goals : []).join('\n'),
    person_heard: view(plan?.person_view),
    person_what: str(plan?.person_view?.what),
    family_heard: view(plan?.family_view),
    family_what: str(plan?.family_view?.what),
    consent_approach: str(plan?.consent_approach),
    measure_ids: (Array.isArray(plan?.measure_ids) ? plan.measure_ids : []).map(String),
    next_review_date: plan?.next_review_date ? formatDate(plan.next_review_date) : '',
    adopt: false,
    decided_by: 'casusoverleg',
    meeting_decision_id: '',
    rationale: '',
    decided_date: '',
  };
}
export function planFieldKeys(f) {
  const keys = ['goals', 'person_view', 'person_view.what', 'family_view', 'family_view.what', 'consent_approach', 'measure_ids', 'next_review_date', 'adopt'];
  if (f?.adopt) keys.push('adopt.decided_by', 'adopt.meeting_decision_id', 'adopt.rationale', 'adopt.decided_date');
  return keys;
}
/** POST /api/cases/{id}/plans: a concept, or an adopted version when f.adopt. */
export function validatePlan(f) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const goals = linesOf(f.goals);
  if (goals.length > LIMITS.listItems) errors.goals = c.goalsTooMany(LIMITS.listItems);
  else if (goals.some((g) => g.length > LIMITS.item)) errors.goals = c.goalTooLong(LIMITS.item);
  else if (f.adopt && goals.length === 0) errors.goals = c.goalsRequired;
  body.goals = goals;
  for (const [k, heard, what, label] of [
    ['person_view', f.person_heard, f.person_what, c.fPersonWhat],
    ['family_view', f.family_heard, f.family_what, c.fFamilyWhat],
  ]) {
    const w = optText(errors, `${k}.what`, what, LIMITS.text, label);
    if (heard === 'ja' || heard === 'nee') body[k] = { heard: heard === 'ja', what: w || '' };
    else if (w) body[k] = { heard: false, what: w };
  }
  const consent = optText(errors, 'consent_approach', f.consent_approach, LIMITS.text, c.fConsent);
  if (consent) body.consent_approach = consent;
  body.measure_ids = (Array.isArray(f.measure_ids) ? f.measure_ids : []).map(Number).filter((n) => Number.isFinite(n));
  optDate(errors, body, 'next_review_date', f.next_review_date, c.fNextReview);
  if (f.adopt) {
    /** @type {Record<string, any>} */
    const adopt = {};
    if (!f.decided_by) errors['adopt.decided_by'] = c.decidedByRequired;
    else adopt.decided_by = f.decided_by;
    if (f.meeting_decision_id) adopt.meeting_decision_id = Number(f.meeting_decision_id);
    const r = reqText(errors, 'adopt.rationale', f.rationale, LIMITS.rationale, c.fAdoptRationale, c.rationaleRequired);
    if (r) adopt.rationale = r;
    const dd = dateField(f.decided_date);
    if (dd === false) errors['adopt.decided_date'] = c.dateInvalid(c.fDecidedDate);
    else if (dd) adopt.decided_date = dd;
    body.adopt = adopt;
  }
  return result(errors, body);
}

/** The measures a plan version names, in the order of the case's measure list (visible ones only). */
export function planMeasures(plan, measures) {
  const ids = new Set((Array.isArray(plan?.measure_ids) ? plan.measure_ids : []).map(String));
  return (Array.isArray(measures) ? measures : []).filter((m) => ids.has(String(m.id)));
}

// ---------------------------------------------------------------------------------------------
// Measures

/**
 * The catalogue (options.measure_types) grouped by domain for a select with optgroups.
 * @returns {{ domain: string, label: string, options: { value: string, label: string }[] }[]}
 */
export function measureTypeGroups(types) {
  /** @type {Map<string, { value: string, label: string }[]>} */
  const by = new Map();
  for (const mt of Array.isArray(types) ? types : []) {
    if (!mt?.code) continue;
    const d = String(mt.domain || 'overig');
    if (!by.has(d)) by.set(d, []);
    by.get(d)?.push({ value: String(mt.code), label: String(mt.label || mt.code) });
  }
  const rank = (d) => {
    const i = DOMAIN_ORDER.indexOf(d);
    return i < 0 ? DOMAIN_ORDER.length : i;
  };
  return [...by.keys()].sort((a, b) => rank(a) - rank(b)).map((d) => ({ domain: d, label: domainLabel(d), options: by.get(d) || [] }));
}
/** The catalogue entry of a type code. */
export function measureType(types, code) {
  return (Array.isArray(types) ? types : []).find((x) => x?.code === code) || null;
}

export function emptyMeasureForm() {
  return { type: '', legal_basis: '', owner_org_id: '', decider: '', status: 'proposed', decided_date: '', start_date: '', end_date: '', review_date: '', description: '' };
}
export const MEASURE_FIELDS = ['type', 'legal_basis', 'owner_org_id', 'decider', 'status', 'decided_date', 'start_date', 'end_date', 'review_date', 'description'];
/** POST /api/cases/{id}/measures. */
export function validateMeasure(f) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.type) errors.type = c.typeRequired;
  else body.type = f.type;
  const lb = reqText(errors, 'legal_basis', f.legal_basis, LIMITS.line, c.fLegalBasis, c.legalBasisRequired);
  if (lb) body.legal_basis = lb;
  if (!f.owner_org_id) errors.owner_org_id = c.ownerOrgRequired;
  else body.owner_org_id = Number(f.owner_org_id);
  const dec = optText(errors, 'decider', f.decider, LIMITS.line, c.fDecider);
  if (dec) body.decider = dec;
  if (f.status) body.status = f.status;
  optDate(errors, body, 'decided_date', f.decided_date, c.fDecided);
  optDate(errors, body, 'start_date', f.start_date, c.fStart);
  optDate(errors, body, 'end_date', f.end_date, c.fEnd);
  optDate(errors, body, 'review_date', f.review_date, c.fReviewDate);
  const desc = optText(errors, 'description', f.description, LIMITS.text, c.fDescription);
  if (desc) body.description = desc;
  return result(errors, body);
}

const MEASURE_DATES = ['decided_date', 'start_date', 'end_date', 'review_date'];
/** The update form of a measure: its current status, dates and step dates (dd-mm-jjjj). */
export function measureUpdateForm(m) {
  /** @type {Record<string, any>} */
  const f = { status: str(m?.status), note: '' };
  for (const k of MEASURE_DATES) f[k] = m?.[k] ? formatDate(m[k]) : '';
  /** @type {Record<string,string>} */
  const steps = {};
  for (const s of Array.isArray(m?.steps) ? m.steps : []) steps[s.code] = s.date ? formatDate(s.date) : '';
  f.steps = steps;
  return f;
}
export function measureUpdateKeys(m) {
  return ['status', ...MEASURE_DATES, ...(Array.isArray(m?.steps) ? m.steps : []).map((s) => `steps.${s.code}`), 'note'];
}
/**
 * PATCH /api/cases/{id}/measures/{m}: only what changed (a date cannot be emptied again).
 * @param {ReturnType<typeof measureUpdateForm>} f
 * @param {any} m the measure as the server sent it
 */
export function validateMeasureUpdate(f, m) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (f.status && f.status !== m?.status) body.status = f.status;
  const what = { decided_date: c.fDecided, start_date: c.fStart, end_date: c.fEnd, review_date: c.fReviewDate };
  for (const k of MEASURE_DATES) {
    const d = dateField(f[k]);
    if (d === false) errors[k] = c.dateInvalid(what[k]);
    else if (d && d !== m?.[k]) body[k] = d;
  }
  /** @type {Record<string,string>} */
  const steps = {};
  for (const s of Array.isArray(m?.steps) ? m.steps : []) {
    const d = dateField(f.steps?.[s.code]);
    if (d === false) errors[`steps.${s.code}`] = c.dateInvalid(s.label || s.code);
    else if (d && d !== s.date) steps[s.code] = d;
  }
  if (Object.keys(steps).length) body.steps = steps;
  const note = optText(errors, 'note', f.note, LIMITS.item, c.fNote);
  if (note) body.note = note;
  if (!Object.keys(errors).length && !Object.keys(body).length) errors.status = c.nothingChanged;
  return result(errors, body);
}

// ---------------------------------------------------------------------------------------------
// Checklist tasks

export function taskForm(task) {
  const ev = task?.evidence && !task.evidence.hidden ? task.evidence : null;
  return {
    state: str(task?.state || 'open'),
    reason: str(task?.reason),
    owner_id: task?.owner?.id != null ? String(task.owner.id) : '',
    due_date: task?.due_date ? formatDate(task.due_date) : '',
    evidence_kind: ev?.kind ? String(ev.kind) : '',
    evidence_text: str(ev?.text),
  };
}
export const TASK_FIELDS = ['state', 'reason', 'owner_id', 'due_date', 'evidence', 'evidence.kind', 'evidence.text'];
/**
 * PATCH /api/cases/{id}/checklist/{task}: what changed. "Niet van toepassing" needs a reason;
 * owner and due date only for the municipality (`municipal`).
 */
export function validateTask(f, task, { municipal = false } = {}) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (f.state && f.state !== task?.state) body.state = f.state;
  if (f.state === 'nvt') {
    const r = reqText(errors, 'reason', f.reason, LIMITS.item, c.fReason, c.reasonRequired);
    if (r && (body.state || r !== str(task?.reason))) {
      body.state = 'nvt';
      body.reason = r;
    }
  }
  if (municipal) {
    if (f.owner_id && f.owner_id !== String(task?.owner?.id ?? '')) body.owner_id = Number(f.owner_id);
    const d = dateField(f.due_date);
    if (d === false) errors.due_date = c.dateInvalid(c.fTaskDue);
    else if (d && d !== task?.due_date) body.due_date = d;
  }
  if (f.evidence_kind) {
    const text = trimmed(f.evidence_text);
    if (!text) errors['evidence.text'] = c.evidenceTextRequired;
    else if (text.length > LIMITS.item) errors['evidence.text'] = c.tooLong(c.fEvidenceText, LIMITS.item);
    else {
      const old = task?.evidence && !task.evidence.hidden ? task.evidence : null;
      if (!old || old.kind !== f.evidence_kind || str(old.text) !== text) body.evidence = { kind: f.evidence_kind, text };
    }
  }
  if (!Object.keys(errors).length && !Object.keys(body).length) errors.state = c.nothingChanged;
  return result(errors, body);
}

/**
 * Who can own a checklist item: staff of the municipality or of a participating organisation
 * (options.people, which the server fills only for who may assign).
 */
export function taskOwnerOptions(people, c) {
  const orgs = new Set([c?.municipality?.id, ...(Array.isArray(c?.participants) ? c.participants : []).map((p) => p?.org?.id)].filter((x) => x != null).map(String));
  return (Array.isArray(people) ? people : [])
    .filter((p) => p?.id != null && orgs.has(String(p.org?.id)))
    .map((p) => ({ value: String(p.id), label: p.org?.name ? `${p.name}, ${p.org.name}` : String(p.name) }));
}

// ---------------------------------------------------------------------------------------------
// Assessments, family support, communication line

export function emptyAssessmentForm() {
  return { instrument: '', instrument_version: '', date: '', risk_factors: '', protective_factors: '', needs: '', sources: '' };
}
export const ASSESSMENT_FIELDS = ['instrument', 'instrument_version', 'date', 'risk_factors', 'protective_factors', 'needs', 'sources'];
/** POST /api/cases/{id}/assessments (no score: factors and needs as lists). */
export function validateAssessment(f, today = todayISO()) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const inst = reqText(errors, 'instrument', f.instrument, LIMITS.instrument, c.fInstrument, c.instrumentRequired);
  if (inst) body.instrument = inst;
  const ver = optText(errors, 'instrument_version', f.instrument_version, LIMITS.instrumentVersion, c.fInstrumentVersion);
  if (ver) body.instrument_version = ver;
  const d = dateField(f.date);
  if (d === null) errors.date = c.assessmentDateRequired;
  else if (d === false) errors.date = c.dateInvalid(c.fAssessmentDate);
  else if (d > today) errors.date = c.dateFuture(c.fAssessmentDate);
  else body.date = d;
  body.risk_factors = listField(errors, 'risk_factors', f.risk_factors, c.fRisk);
  body.protective_factors = listField(errors, 'protective_factors', f.protective_factors, c.fProtective);
  body.needs = listField(errors, 'needs', f.needs, c.fNeeds);
  const src = optText(errors, 'sources', f.sources, LIMITS.text, c.fSources);
  if (src) body.sources = src;
  return result(errors, body);
}

export function emptyFamilyForm() {
  return {
    name: '', relation: '', birth_date: '', supporter_kind: '', supporter_user_id: '', supporter_org_id: '',
    practical: '', emotional: '', care: '', news_by: '', aftercare: '', civil_date: '',
  };
}
export const FAMILY_FIELDS = [
  'relative.name', 'relative.relation', 'relative.birth_date', 'supporter.kind', 'supporter.user_id', 'supporter.org_id',
  'needs.practical', 'needs.emotional', 'needs.care', 'bereavement.news_by', 'bereavement.aftercare', 'bereavement.civil_procedure_info_date',
];
/** POST /api/cases/{id}/family-support. */
export function validateFamily(f) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const relative = {};
  const name = reqText(errors, 'relative.name', f.name, LIMITS.name, c.fRelativeName, c.nameRequired);
  if (name) relative.name = name;
  const rel = reqText(errors, 'relative.relation', f.relation, LIMITS.relation, c.fRelation, c.relationRequired);
  if (rel) relative.relation = rel;
  const bd = dateField(f.birth_date);
  if (bd === false) errors['relative.birth_date'] = c.dateInvalid(c.fBirthDate);
  else if (bd) relative.birth_date = bd;
  /** @type {Record<string, any>} */
  const supporter = {};
  if (!f.supporter_kind) errors['supporter.kind'] = c.supporterRequired;
  else supporter.kind = f.supporter_kind;
  if (f.supporter_user_id) supporter.user_id = Number(f.supporter_user_id);
  if (f.supporter_org_id) supporter.org_id = Number(f.supporter_org_id);
  else if (f.supporter_kind === 'organisatie') errors['supporter.org_id'] = c.supporterOrgRequired;
  /** @type {Record<string, any>} */
  const body = { relative, supporter };
  /** @type {Record<string, any>} */
  const needs = {};
  for (const [k, what] of [['practical', c.fNeedsPractical], ['emotional', c.fNeedsEmotional], ['care', c.fNeedsCare]]) {
    const v = optText(errors, `needs.${k}`, f[k], LIMITS.item, what);
    if (v) needs[k] = v;
  }
  if (Object.keys(needs).length) body.needs = needs;
  /** @type {Record<string, any>} */
  const ber = {};
  const nb = optText(errors, 'bereavement.news_by', f.news_by, LIMITS.line, c.fNewsBy);
  if (nb) ber.news_by = nb;
  const ac = optText(errors, 'bereavement.aftercare', f.aftercare, LIMITS.item, c.fAftercare);
  if (ac) ber.aftercare = ac;
  const cd = dateField(f.civil_date);
  if (cd === false) errors['bereavement.civil_procedure_info_date'] = c.dateInvalid(c.fCivilDate);
  else if (cd) ber.civil_procedure_info_date = cd;
  if (Object.keys(ber).length) body.bereavement = ber;
  return result(errors, body);
}

export function emptyContactForm() {
  return { date: '', channel: '', note: '' };
}
export const CONTACT_FIELDS = ['date', 'channel', 'note'];
/** POST /api/cases/{id}/family-support/{f}/contacts (note ≤ 500). */
export function validateContact(f) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const d = dateField(f.date);
  if (d === null) errors.date = c.contactDateRequired;
  else if (d === false) errors.date = c.dateInvalid(c.fContactDate);
  else body.date = d;
  const ch = reqText(errors, 'channel', f.channel, LIMITS.channel, c.fChannel, c.channelRequired);
  if (ch) body.channel = ch;
  const note = optText(errors, 'note', f.note, LIMITS.line, c.fContactNote);
  if (note) body.note = note;
  return result(errors, body);
}

export function emptyCommForm() {
  return { owner: '', key_messages: '', audience: '', decided_date: '', accept: false };
}
export const COMM_FIELDS = ['owner', 'key_messages', 'accept_warnings', 'audience', 'decided_date'];
/**
 * POST /api/cases/{id}/communication-line. `warned`: the server warned about these messages
 * before; then the user must either change the text or tick "accept".
 */
export function validateComm(f, { warned = '' } = {}) {
  const c = t.cases;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.owner) errors.owner = c.ownerRequired;
  else body.owner = f.owner;
  const km = reqText(errors, 'key_messages', f.key_messages, LIMITS.text, c.fKeyMessages, c.messagesRequired);
  if (km) body.key_messages = km;
  const au = reqText(errors, 'audience', f.audience, LIMITS.line, c.fAudience, c.audienceRequired);
  if (au) body.audience = au;
  optDate(errors, body, 'decided_date', f.decided_date, c.fCommDate);
  if (f.accept) body.accept_warnings = true;
  else if (warned && km === warned) errors.accept_warnings = c.acceptRequired;
  return result(errors, body);
}

/**
 * The server's names-and-numbers warning in a refused communication line (400 with a reason on
 * key_messages that says "bevat een getal" and/or "naam"), as Dutch text; null for other errors.
 * @param {any} err an ApiError
 * @returns {{ digit: boolean, name: boolean, text: string } | null}
 */
export function commWarning(err) {
  const p = err?.problem;
  if (!p || p.status !== 400 || !Array.isArray(p.errors)) return null;
  const e = p.errors.find((x) => String(x?.field ?? '').replace(/^#?\//, '') === 'key_messages');
  const reason = String(e?.reason ?? '');
  const digit = /getal/.test(reason);
  const name = /naam/.test(reason);
  if (!digit && !name) return null;
  const c = t.cases;
  const what = [digit ? c.warnDigit : '', name ? c.warnName : ''].filter(Boolean).join(c.warnAnd);
  return { digit, name, text: c.warnText(what) };
}

// ---------------------------------------------------------------------------------------------
// Werklijst (GET /api/worklist)

/** Overdue first, then by due date (none last), then by what. */
export function sortWorklist(items, today = todayISO()) {
  const list = (Array.isArray(items) ? items : []).filter(Boolean).map((x, i) => ({ x, i }));
  const late = (x) => (typeof x.overdue === 'boolean' ? x.overdue : !!x.due_date && String(x.due_date) < today);
  list.sort((a, b) => {
    const la = late(a.x) ? 0 : 1;
    const lb = late(b.x) ? 0 : 1;
    if (la !== lb) return la - lb;
    const da = a.x.due_date ? String(a.x.due_date) : '9999-99-99';
    const db = b.x.due_date ? String(b.x.due_date) : '9999-99-99';
    if (da !== db) return da < db ? -1 : 1;
    // the same day (or none): per case, then in checklist order; actions after tasks
    if (a.x.kind !== b.x.kind) return a.x.kind === 'task' ? -1 : 1;
    const ra = String(a.x.case?.reference ?? '');
    const rb = String(b.x.case?.reference ?? '');
    if (ra !== rb) return ra < rb ? -1 : 1;
    return compareCodes(a.x.code, b.x.code) || a.i - b.i;
  });
  return list.map((y) => y.x);
}
/** What a work-list row says ("U6 Uitschrijving …" for a task, the description for an action). */
export function worklistWhat(x) {
  if (x?.kind === 'task') return `${x.code ? `${x.code} ` : ''}${str(x.title)}`;
  return str(x?.title);
}
/** Where a work-list row leads: the case's checklist, or the meeting. */
export function worklistHref(x) {
  if (x?.kind === 'task' && x.case?.id != null) return `/app/casussen/${encodeURIComponent(x.case.id)}/checklist`;
  if (x?.kind === 'action' && x.meeting_id != null) return `/app/overleggen/${encodeURIComponent(x.meeting_id)}`;
  return '';
}
export function worklistCounts(items, today = todayISO()) {
  const list = Array.isArray(items) ? items : [];
  const late = list.filter((x) => (typeof x?.overdue === 'boolean' ? x.overdue : !!x?.due_date && String(x.due_date) < today)).length;
  return { total: list.length, late };
}
/** Query string of one page of GET /api/worklist. */
export function worklistQuery(page = 1, perPage = WORKLIST_PER_PAGE) {
  return `?page=${encodeURIComponent(String(page))}&per_page=${encodeURIComponent(String(perPage))}`;
}
/**
 * The loaded rows plus a next page (rows already there are not added twice; the server sends the
 * late ones first, so the merged list is sorted again as one).
 */
export function mergeWorklist(loaded, next, today = todayISO()) {
  const key = (x) => `${x?.kind}-${x?.id}`;
  const have = new Set((Array.isArray(loaded) ? loaded : []).map(key));
  const fresh = (Array.isArray(next) ? next : []).filter((x) => x && !have.has(key(x)));
  return { items: sortWorklist([...(loaded || []), ...fresh], today), fresh };
}
/**
 * What the count line says about a paged work list: shown rows, the server's total, the late
 * rows among those shown and whether that is all of them (the server sends the late ones first,
 * so once a row that is not late is shown, every late row is).
 */
export function worklistSummary(items, total, today = todayISO()) {
  const c = worklistCounts(items, today);
  const all = Math.max(Number(total) || 0, c.total);
  const lastLate = c.total > 0 && c.late === c.total;
  return { shown: c.total, total: all, late: c.late, lateComplete: !lastLate || c.total >= all, more: c.total < all };
}

// @ts-check
// Pure helpers for the meeting screens (overleggen, docs/meetings.md): Dutch dates of a meeting,
// the calendar grouped by month, option lists, the decision-rule preview, and turning form state
// into request bodies (with Dutch messages keyed by field). Unit-tested in
// test/unit/meetings.test.mjs; no DOM access here.
import {
  t, label, parseDutchDate, todayISO, formatDate,
  MEETING_KIND_LABELS, MEETING_STATE_LABELS, MEETING_DECISION_TYPE_LABELS, MEETING_RULE_LABELS, ACTION_STATUS_LABELS,
  ATTENDANCE_LABELS, CAPACITY_LABELS,
} from './i18n/nl.js';
import { optionList, parseTime } from './signals.js';

/** Limits of docs/meetings.md (the server checks them too). */
export const LIMITS = {
  bodyName: 200,
  members: 30,
  location: 200,
  title: 200,
  material: 20000,
  reason: 1000,
  minutes: 50000,
  decisionText: 2000,
  rationale: 10000,
  description: 1000,
  note: 1000,
};

const trimmed = (v) => String(v ?? '').trim();
const str = (v) => (v == null ? '' : String(v));
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Dates

// A calendar date has no zone: format it as UTC noon so no zone can shift the day.
const longFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const mediumFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const monthFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const utcNoon = (y, m, d) => new Date(Date.UTC(y, m - 1, d, 12));

/** "2026-12-03" → "donderdag 3 december 2026"; '' for anything else. */
export function formatLongDate(ymd) {
  const m = YMD.exec(String(ymd ?? ''));
  return m ? longFmt.format(utcNoon(+m[1], +m[2], +m[3])) : '';
}
/** "2026-12-03" → "3 december 2026". */
export function formatMediumDate(ymd) {
  const m = YMD.exec(String(ymd ?? ''));
  return m ? mediumFmt.format(utcNoon(+m[1], +m[2], +m[3])) : '';
}
/** "2026-12-03" → "2026-12" (the month a meeting is listed under). */
export function monthKey(ymd) {
  const m = YMD.exec(String(ymd ?? ''));
  return m ? `${m[1]}-${m[2]}` : '';
}
/** "2026-12" → "december 2026". */
export function formatMonth(key) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(key ?? ''));
  return m ? monthFmt.format(utcNoon(+m[1], +m[2], 1)) : '';
}
/** "YYYY-MM-DD" plus `days` calendar days. */
export function addDays(ymd, days) {
  const m = YMD.exec(String(ymd ?? ''));
  if (!m) return '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days));
  return d.toISOString().slice(0, 10);
}

/** The page title of a meeting: "Casusoverleg Voorbeeldstad op donderdag 3 december 2026". */
export function meetingTitle(m) {
  if (!m) return t.meetings.detailTitle;
  const name = m.body?.name || label(MEETING_KIND_LABELS, m.body?.kind) || t.meetings.detailTitle;
  const date = formatLongDate(m.date);
  return date ? t.meetings.title(name, date) : name;
}

/** "10:00" or "" (the API may send "10:00:00"). */
export function shortTime(v) {
  const m = /^(\d{2}):(\d{2})/.exec(String(v ?? ''));
  return m ? `${m[1]}:${m[2]}` : '';
}

// ---------------------------------------------------------------------------------------------
// Calendar

/**
 * Splits the meetings into upcoming (today and later, soonest first) and past (newest first),
 * each grouped by month in that order.
 * @param {any[]} items GET /api/meetings `items`
 * @param {string} [today] "YYYY-MM-DD" (Europe/Amsterdam)
 * @returns {{ upcoming: { key: string, label: string, items: any[] }[], past: { key: string, label: string, items: any[] }[] }}
 */
export function groupMeetings(items, today = todayISO()) {
  const list = (Array.isArray(items) ? items : []).filter((m) => m && YMD.test(String(m.date)));
  const sortKey = (m) => `${m.date} ${shortTime(m.start_time) || '99:99'}`;
  const up = list.filter((m) => m.date >= today).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const past = list.filter((m) => m.date < today).sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0));
  const group = (arr) => {
    /** @type {{ key: string, label: string, items: any[] }[]} */
    const out = [];
    for (const m of arr) {
      const key = monthKey(m.date);
      let g = out[out.length - 1];
      if (!g || g.key !== key) {
        g = { key, label: formatMonth(key), items: [] };
        out.push(g);
      }
      g.items.push(m);
    }
    return out;
  };
  return { upcoming: group(up), past: group(past) };
}

/** Query string of GET /api/meetings (both bounds optional). */
export function meetingsQuery({ from = '', to = '' } = {}) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------
// Labels and options

/** Label of a code: the server's option list first, then the Dutch table. */
export function codeLabel(list, code, table) {
  if (code == null || code === '') return '';
  const hit = optionList(list, table).find((o) => o.value === String(code));
  return hit ? hit.label : label(table, code);
}
export const kindLabel = (opts, code) => codeLabel(opts?.kinds, code, MEETING_KIND_LABELS);
export const decisionTypeLabel = (opts, code) => codeLabel(opts?.decision_types, code, MEETING_DECISION_TYPE_LABELS);
export const ruleLabel = (opts, code) => codeLabel(opts?.decision_rules, code, MEETING_RULE_LABELS);
export const actionStatusLabel = (opts, code) => codeLabel(opts?.action_statuses, code, ACTION_STATUS_LABELS);
export const attendanceLabel = (opts, code) => codeLabel(opts?.attendance_statuses, code, ATTENDANCE_LABELS);
export const capacityLabel = (code) => label(CAPACITY_LABELS, code);
export const meetingStateLabel = (m) => (m?.state_label ? String(m.state_label) : label(MEETING_STATE_LABELS, m?.state));

/** A list from the options, or the Dutch table when the server sends none. */
export function optionsOrTable(list, table) {
  const o = optionList(list, table);
  return o.length ? o : Object.entries(table).map(([value, l]) => ({ value, label: l }));
}

/**
 * People (options.people) as select options "Naam, Organisatie". `covenantOnly` leaves out people
 * of an organisation without a current covenant (they cannot be members or invitees);
 * `exclude` leaves out user ids (e.g. core members, who need no invitation).
 * @param {any[]} people
 * @param {{ covenantOnly?: boolean, exclude?: (string|number)[] }} [opts]
 */
export function peopleOptions(people, { covenantOnly = false, exclude = [] } = {}) {
  const skip = new Set(exclude.map(String));
  return (Array.isArray(people) ? people : [])
    .filter((p) => p && p.id != null && !skip.has(String(p.id)) && (!covenantOnly || p.covenant_ok !== false))
    .map((p) => ({ value: String(p.id), label: p.org?.name ? `${p.name}, ${p.org.name}` : String(p.name ?? p.id) }));
}

/** Staff (chair, secretary) as select options. */
export function staffOptions(staff) {
  return (Array.isArray(staff) ? staff : []).filter((p) => p && p.id != null).map((p) => ({ value: String(p.id), label: String(p.name ?? p.id) }));
}

/** "Daan Dossier, Pim Partner en Olga Officier" from [{user:{name}}] or [{name}]. */
export function namesOf(list) {
  const names = (Array.isArray(list) ? list : []).map((x) => x?.user?.name ?? x?.name).filter(Boolean);
  return new Intl.ListFormat('nl', { type: 'conjunction' }).format(names);
}

// ---------------------------------------------------------------------------------------------
// Participants: attendance and the pack chooser

/**
 * Everyone who can be at the table: chair, secretary, core members and invitees (of any item the
 * caller sees), once each, with the stored attendance status.
 * @returns {{ id: string, name: string, org: string, capacities: string[], status: string }[]}
 */
export function participants(m) {
  /** @type {Map<string, { id: string, name: string, org: string, capacities: string[], status: string }>} */
  const byId = new Map();
  const add = (user, org, capacity) => {
    if (!user || user.id == null) return;
    const id = String(user.id);
    let p = byId.get(id);
    if (!p) {
      p = { id, name: String(user.name ?? id), org: org?.name ? String(org.name) : '', capacities: [], status: '' };
      byId.set(id, p);
    }
    if (!p.org && org?.name) p.org = String(org.name);
    if (capacity && !p.capacities.includes(capacity)) p.capacities.push(capacity);
  };
  if (!m) return [];
  add(m.chair, null, 'chair');
  add(m.secretary, null, 'secretary');
  for (const c of Array.isArray(m.core_members) ? m.core_members : []) add(c.user, c.org, 'core');
  for (const it of Array.isArray(m.items) ? m.items : []) {
    for (const inv of Array.isArray(it.invitations) ? it.invitations : []) add(inv.user, inv.org, 'invited');
  }
  for (const a of Array.isArray(m.attendance) ? m.attendance : []) {
    add(a.user, a.org, a.capacity);
    const p = a.user?.id != null ? byId.get(String(a.user.id)) : null;
    if (p && a.status) p.status = String(a.status);
  }
  return [...byId.values()];
}

/** Attendance form state: user id → status ('' = not recorded). */
export function attendanceForm(m) {
  return Object.fromEntries(participants(m).map((p) => [p.id, p.status]));
}

/** Body of POST /api/meetings/{id}/attendance: only the people with a status. */
export function attendanceBody(form) {
  const entries = Object.entries(form || {})
    .filter(([, s]) => s)
    .map(([id, status]) => ({ user_id: Number(id), status }));
  if (entries.length === 0) return { errors: { entries: t.meetings.attendanceEmpty }, body: null };
  return { errors: {}, body: { entries } };
}

/**
 * Whose pack staff can open: core members and invitees (with the number of items), once each.
 * @returns {{ value: string, label: string }[]}
 */
export function packChoices(m) {
  /** @type {Map<string, { name: string, org: string, core: boolean, items: number }>} */
  const byId = new Map();
  const get = (user, org) => {
    const id = String(user.id);
    if (!byId.has(id)) byId.set(id, { name: String(user.name ?? id), org: org?.name ? String(org.name) : '', core: false, items: 0 });
    return /** @type {{ name: string, org: string, core: boolean, items: number }} */ (byId.get(id));
  };
  for (const c of Array.isArray(m?.core_members) ? m.core_members : []) if (c?.user?.id != null) get(c.user, c.org).core = true;
  for (const it of Array.isArray(m?.items) ? m.items : []) {
    for (const inv of Array.isArray(it.invitations) ? it.invitations : []) if (inv?.user?.id != null) get(inv.user, inv.org).items++;
  }
  return [...byId.entries()].map(([value, p]) => {
    const what = [p.core ? t.pack.member : '', p.items ? t.pack.invitee(p.items) : ''].filter(Boolean).join(', ');
    return { value, label: `${p.name}${p.org ? `, ${p.org}` : ''}${what ? ` — ${what}` : ''}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Decision rule (docs/meetings.md: no votes or tegen = 0 → unanimous; voor ≠ tegen → majority;
// voor = tegen → chair, result = chair_vote)

/** A vote count typed by the user: '' → 0, whole number → number, otherwise NaN. */
export function parseCount(v) {
  const s = trimmed(v);
  if (!s) return 0;
  return /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * The rule and result the server will record, for the preview next to the vote fields.
 * @param {{ voor?: number, tegen?: number, onthouding?: number } | null} votes null = no vote (consensus)
 * @param {string} [chairVote] "voor" | "tegen" | ''
 * @returns {{ rule: 'unanimous'|'majority'|'chair', result: 'aangenomen'|'verworpen'|null, tie: boolean, dissentRequired: boolean, text: string }}
 */
export function decisionRule(votes, chairVote = '') {
  const p = t.meetings.rulePreview;
  if (!votes) return { rule: 'unanimous', result: 'aangenomen', tie: false, dissentRequired: false, text: p.consensus };
  const voor = Number(votes.voor) || 0;
  const tegen = Number(votes.tegen) || 0;
  if (tegen === 0) return { rule: 'unanimous', result: 'aangenomen', tie: false, dissentRequired: false, text: p.unanimous };
  // dissent is required when someone voted against the result
  const against = (r) => (r === 'aangenomen' ? tegen > 0 : r === 'verworpen' ? voor > 0 : false);
  if (voor !== tegen) {
    const result = voor > tegen ? 'aangenomen' : 'verworpen';
    return {
      rule: 'majority', result, tie: false, dissentRequired: against(result),
      text: result === 'aangenomen' ? p.majorityFor(voor, tegen) : p.majorityAgainst(voor, tegen),
    };
  }
  const result = chairVote === 'voor' ? 'aangenomen' : chairVote === 'tegen' ? 'verworpen' : null;
  return {
    rule: 'chair', result, tie: true, dissentRequired: against(result),
    text: result === 'aangenomen' ? p.chairFor : result === 'verworpen' ? p.chairAgainst : p.tie(voor),
  };
}

// ---------------------------------------------------------------------------------------------
// Forms → request bodies

/** A date typed by the user: '' → null (empty), else "YYYY-MM-DD" or false (invalid). */
function dateField(v) {
  const s = trimmed(v);
  if (!s) return null;
  return parseDutchDate(s) || false;
}
/** Optional text with a maximum; adds an error in place, returns the trimmed text or undefined. */
function optText(errors, key, v, max, what) {
  const x = trimmed(v);
  if (!x) return undefined;
  if (x.length > max) {
    errors[key] = t.meetings.tooLong(what, max);
    return undefined;
  }
  return x;
}
/** Required text. */
function reqText(errors, key, v, max, what, requiredMsg) {
  const x = trimmed(v);
  if (!x) {
    errors[key] = requiredMsg;
    return undefined;
  }
  return optText(errors, key, x, max, what);
}
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

export function emptyMeetingForm() {
  return { body_id: '', date: '', start_time: '', location: '', chair_id: '', secretary_id: '' };
}
export const MEETING_FIELDS = ['body_id', 'date', 'start_time', 'location', 'chair_id', 'secretary_id'];

/** Checks "Nieuw overleg" and builds the body of POST /api/meetings. */
export function validateMeeting(f) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.body_id) errors.body_id = m.bodyRequired;
  else body.body_id = Number(f.body_id);
  const d = dateField(f.date);
  if (d === null) errors.date = m.dateRequired;
  else if (d === false) errors.date = m.dateInvalid(m.fDate);
  else body.date = d;
  if (trimmed(f.start_time)) {
    const tm = parseTime(f.start_time);
    if (!tm) errors.start_time = m.timeInvalid;
    else body.start_time = tm;
  }
  const loc = optText(errors, 'location', f.location, LIMITS.location, m.fLocation);
  if (loc) body.location = loc;
  if (!f.chair_id) errors.chair_id = m.chairRequired;
  else body.chair_id = Number(f.chair_id);
  if (!f.secretary_id) errors.secretary_id = m.secretaryRequired;
  else body.secretary_id = Number(f.secretary_id);
  return result(errors, body);
}

export function emptyBodyForm() {
  return { kind: '', name: '', members: /** @type {string[]} */ ([]) };
}
export const BODY_FIELDS = ['kind', 'name', 'members'];

/** Checks "Overlegvorm toevoegen" and builds the body of POST /api/bodies. */
export function validateBody(f) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.kind) errors.kind = m.kindRequired;
  else body.kind = f.kind;
  const name = reqText(errors, 'name', f.name, LIMITS.bodyName, m.fName, m.nameRequired);
  if (name) body.name = name;
  const members = (f.members || []).map(Number);
  if (members.length > LIMITS.members) errors.members = m.membersTooMany(LIMITS.members);
  else body.members = members;
  return result(errors, body);
}

export const ITEM_FIELDS = ['title', 'material'];
/** Checks "Ander agendapunt toevoegen" (a free item) → POST /api/meetings/{id}/items. */
export function validateFreeItem(f) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = { kind: 'free' };
  const title = reqText(errors, 'title', f.title, LIMITS.title, m.fTitle, m.titleRequired);
  if (title) body.title = title;
  const material = optText(errors, 'material', f.material, LIMITS.material, m.fMaterial);
  if (material) body.material = material;
  return result(errors, body);
}

export function emptyInvitationForm() {
  return { user_id: '', reason: '' };
}
export const INVITE_FIELDS = ['user_id', 'reason'];
/** POST /api/meetings/{id}/items/{item}/invitations. */
export function validateInvitation(f) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.user_id) errors.user_id = m.personRequired;
  else body.user_id = Number(f.user_id);
  const reason = reqText(errors, 'reason', f.reason, LIMITS.reason, m.fReason.replace(/\?$/, ''), m.reasonRequired);
  if (reason) body.reason = reason;
  return result(errors, body);
}

export const MINUTES_FIELDS = ['text', 'correction_reason'];
/**
 * POST /api/meetings/{id}/items/{item}/minutes. After adoption a correction needs a reason.
 * @param {{ text: string, correction_reason: string }} f
 * @param {{ adopted?: boolean, saved?: string }} [opts] saved: the stored text (an unchanged text is not sent)
 */
export function validateMinutes(f, { adopted = false, saved } = {}) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  const text = String(f.text ?? '');
  if (text.length > LIMITS.minutes) errors.text = m.minutesTooLong(LIMITS.minutes);
  else if (saved != null && text === saved) errors.text = m.minutesUnchanged;
  /** @type {Record<string, any>} */
  const body = { text };
  if (adopted) {
    const r = reqText(errors, 'correction_reason', f.correction_reason, LIMITS.reason, m.fCorrectionReason, m.correctionRequired);
    if (r) body.correction_reason = r;
  }
  return result(errors, body);
}

/** True for Ctrl+Enter (or Cmd+Enter): "save the minutes now". */
export function isSaveShortcut(e) {
  return !!(e && e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey);
}

export function emptyDecisionForm() {
  return {
    type: '', text: '', rationale: '', alternatives: '', legal_basis: '', dissent: '',
    voted: 'nee', voor: '', tegen: '', onthouding: '', chair_vote: '', decided_date: '', corrects: '',
  };
}

/** Field keys of the decision form in form order (error summary, server errors). */
export function decisionFieldKeys(f) {
  const keys = ['corrects', 'type', 'text', 'rationale', 'alternatives', 'legal_basis', 'voted'];
  if (f?.voted === 'ja') keys.push('votes.voor', 'votes.tegen', 'votes.onthouding', 'votes', 'chair_vote');
  keys.push('dissent', 'decided_date');
  return keys;
}

/** The votes of the form, or null (consensus); NaN counts stay NaN. */
export function formVotes(f) {
  if (f.voted !== 'ja') return null;
  return { voor: parseCount(f.voor), tegen: parseCount(f.tegen), onthouding: parseCount(f.onthouding) };
}

/**
 * Checks the decision form and builds the body of POST …/decisions.
 * @param {ReturnType<typeof emptyDecisionForm>} f
 * @param {{ onlyCorrections?: boolean }} [opts] after adoption a decision must correct another
 */
export function validateDecision(f, { onlyCorrections = false } = {}) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (f.corrects) body.corrects = Number(f.corrects);
  else if (onlyCorrections) errors.corrects = m.onlyCorrections;
  if (!f.type) errors.type = m.typeRequired;
  else body.type = f.type;
  const text = reqText(errors, 'text', f.text, LIMITS.decisionText, m.fDecision.replace(/\?$/, ''), m.decisionRequired);
  if (text) body.text = text;
  const rationale = reqText(errors, 'rationale', f.rationale, LIMITS.rationale, m.dRationale, m.rationaleRequired);
  if (rationale) body.rationale = rationale;
  const alt = optText(errors, 'alternatives', f.alternatives, LIMITS.rationale, m.dAlternatives);
  if (alt) body.alternatives = alt;
  const lb = optText(errors, 'legal_basis', f.legal_basis, LIMITS.rationale, m.fLegalBasis);
  if (lb) body.legal_basis = lb;

  const votes = formVotes(f);
  let preview = decisionRule(null);
  if (votes) {
    let ok = true;
    for (const [k, what] of [['voor', m.fVoor], ['tegen', m.fTegen], ['onthouding', m.fOnthouding]]) {
      if (Number.isNaN(votes[k])) {
        errors[`votes.${k}`] = m.voteInvalid(what);
        ok = false;
      }
    }
    if (ok && votes.voor === 0 && votes.tegen === 0) {
      errors['votes.voor'] = m.votesRequired;
      ok = false;
    }
    if (ok) {
      body.votes = votes;
      preview = decisionRule(votes, f.chair_vote);
      if (preview.tie) {
        if (!f.chair_vote) errors.chair_vote = m.chairVoteRequired;
        else body.chair_vote = f.chair_vote;
      }
    }
  }
  const dissent = optText(errors, 'dissent', f.dissent, LIMITS.rationale, m.fDissent);
  if (dissent) body.dissent = dissent;
  else if (preview.dissentRequired && !errors.dissent) errors.dissent = m.dissentRequired;
  const d = dateField(f.decided_date);
  if (d === false) errors.decided_date = m.dateInvalid(m.fDecidedDate);
  else if (d) body.decided_date = d;
  return result(errors, body);
}

/** A decision form that repeats `d`, for "Besluit corrigeren" (sends `corrects`). */
export function decisionFormFrom(d) {
  const f = emptyDecisionForm();
  if (!d) return f;
  f.type = str(d.type);
  f.text = str(d.text);
  f.rationale = str(d.rationale);
  f.alternatives = str(d.alternatives);
  f.legal_basis = str(d.legal_basis);
  f.dissent = str(d.dissent);
  if (d.votes) {
    f.voted = 'ja';
    f.voor = str(d.votes.voor);
    f.tegen = str(d.votes.tegen);
    f.onthouding = str(d.votes.onthouding);
    f.chair_vote = str(d.chair_vote);
  }
  f.decided_date = formatDate(d.decided_date);
  f.corrects = str(d.id);
  return f;
}

/** Decisions that can still be corrected (not yet replaced), newest first. */
export function correctable(decisions) {
  return (Array.isArray(decisions) ? decisions : []).filter((d) => d && !d.superseded_by).slice().reverse();
}

export function emptyActionForm() {
  return { description: '', owner_id: '', due_date: '' };
}
export const ACTION_FIELDS = ['description', 'owner_id', 'due_date'];
/**
 * POST …/actions. The due date may not be before the meeting date.
 * @param {ReturnType<typeof emptyActionForm>} f
 * @param {string} meetingDate "YYYY-MM-DD"
 */
export function validateAction(f, meetingDate) {
  const m = t.meetings;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const desc = reqText(errors, 'description', f.description, LIMITS.description, m.fDescription.replace(/\?$/, ''), m.descriptionRequired);
  if (desc) body.description = desc;
  if (!f.owner_id) errors.owner_id = m.ownerRequired;
  else body.owner_id = Number(f.owner_id);
  const d = dateField(f.due_date);
  if (d === null) errors.due_date = m.dueRequired;
  else if (d === false) errors.due_date = m.dateInvalid(m.fDue);
  else if (meetingDate && d < meetingDate) errors.due_date = m.dueBeforeMeeting;
  else body.due_date = d;
  return result(errors, body);
}

/**
 * Who can own an action: the people of the options who are core member, invitee (of this item or
 * any item) or municipality staff; falls back to everyone in `people` when nobody matches.
 */
export function ownerOptions(meeting, options) {
  const ids = new Set(participants(meeting).map((p) => p.id));
  for (const s of Array.isArray(options?.staff) ? options.staff : []) if (s?.id != null) ids.add(String(s.id));
  const people = Array.isArray(options?.people) ? options.people : [];
  const known = new Set(people.map((p) => String(p.id)));
  const list = peopleOptions(people.filter((p) => ids.has(String(p.id))));
  // staff or participants that are not in `people` (e.g. the secretary): by name
  for (const p of participants(meeting)) if (!known.has(p.id)) list.push({ value: p.id, label: p.org ? `${p.name}, ${p.org}` : p.name });
  for (const s of Array.isArray(options?.staff) ? options.staff : []) {
    if (s?.id != null && !known.has(String(s.id)) && !list.some((o) => o.value === String(s.id))) list.push({ value: String(s.id), label: String(s.name) });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Acties (work list)

export const ACTION_STATUS_FILTERS = ['open', 'gereed', 'vervallen', 'all'];

/** Filters as they appear in the page URL (?bereik=gemeente&status=gereed). */
export function parseActionsSearch(search) {
  const q = new URLSearchParams(search || '');
  const status = q.get('status') || 'open';
  return {
    scope: q.get('bereik') === 'gemeente' ? 'municipality' : 'mine',
    status: ACTION_STATUS_FILTERS.includes(status) ? status : 'open',
  };
}
export function actionsSearch({ scope = 'mine', status = 'open' } = {}) {
  const q = new URLSearchParams();
  if (scope === 'municipality') q.set('bereik', 'gemeente');
  if (status && status !== 'open') q.set('status', status);
  const s = q.toString();
  return s ? `?${s}` : '';
}
/** Query string of GET /api/actions. */
export function actionsQuery({ scope = 'mine', status = 'open' } = {}) {
  const q = new URLSearchParams();
  q.set('scope', scope === 'municipality' ? 'municipality' : 'mine');
  q.set('status', ACTION_STATUS_FILTERS.includes(status) ? status : 'open');
  return `?${q.toString()}`;
}

/** Whether an action is late: the server's `overdue` wins; else open and past the due date. */
export function isOverdue(a, today = todayISO()) {
  if (typeof a?.overdue === 'boolean') return a.overdue;
  return a?.status === 'open' && !!a?.due_date && String(a.due_date) < today;
}

export const STATUS_FIELDS = ['status', 'note'];
/** POST /api/actions/{id}. */
export function validateActionStatus(f) {
  const a = t.actions;
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  if (!f.status) errors.status = a.statusRequired;
  else body.status = f.status;
  const note = optText(errors, 'note', f.note, LIMITS.note, a.fNote);
  if (note) body.note = note;
  return result(errors, body);
}

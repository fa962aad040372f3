// @ts-check
// Pure helpers for the network screen of a case (docs/network.md): labels, the names shown for a
// person (or "afgeschermd"), each person's relation to the centre (distance in steps over the
// relations), the concern as text (a human judgement: no scores), the cytoscape elements built
// from the SAME person list as the table, the "ook bekend in een andere casus" result, and
// turning form state into request bodies. Unit-tested in test/unit/network.test.mjs; no DOM here.
import { t, formatDate } from './i18n/nl.js';
import { dateField, optionsOrTable, codeLabel, formatMediumDate } from './cases.js';

/** Fallback labels when the server sends no option lists (the server's lists win). */
export const REL_TYPE_LABELS = {
  parent: 'Ouder', sibling: 'Broer of zus', cousin: 'Neef of nicht', partner: 'Partner', child: 'Kind', friend: 'Vriend(in)',
  classmate: 'Klasgenoot', online_contact: 'Online contact', recruiter: 'Ronselaar', key_figure: 'Sleutelfiguur', other: 'Anders',
};
export const CONFIDENCE_LABELS = { confirmed: 'Bevestigd', reported: 'Gemeld' };
export const CONCERN_LABELS = { none: 'Geen zorg', some: 'Enige zorg', serious: 'Ernstige zorg' };
export const CARE_TYPE_LABELS = {
  familieondersteuning: 'Familieondersteuning',
  mentor_sleutelfiguur: 'Mentor of sleutelfiguur',
  deradicalisering: 'Deradicalisering / exittraject',
  ggz_jeugd_wmo: 'GGZ, jeugdhulp of Wmo',
  nazorg_overlijden: 'Nazorg na overlijden',
};
export const DEPTHS = [1, 2, 3];
export const LIMITS = { name: 200, description: 2000, note: 2000, reason: 2000, observed: 10000, legal: 500 };

/** Relation types grouped for the graph's colour (and its legend in text). */
const TYPE_GROUP = {
  parent: 'familie', sibling: 'familie', cousin: 'familie', partner: 'familie', child: 'familie',
  friend: 'sociaal', classmate: 'sociaal', online_contact: 'online', recruiter: 'sleutel', key_figure: 'sleutel', other: 'anders',
};
export const typeGroup = (type) => (type && TYPE_GROUP[type]) || (type ? 'anders' : 'centrum');

export const relTypeOptions = (view) => optionsOrTable(view?.relation_types, REL_TYPE_LABELS);
export const confidenceOptions = (view) => optionsOrTable(view?.confidences, CONFIDENCE_LABELS);
export const concernOptions = (view) => optionsOrTable(view?.concerns, CONCERN_LABELS);
export const relTypeLabel = (view, code) => codeLabel(view?.relation_types, code, REL_TYPE_LABELS);
export const concernLabel = (view, code) => codeLabel(view?.concerns, code, CONCERN_LABELS);
export const confidenceLabel = (view, code) => codeLabel(view?.confidences, code, CONFIDENCE_LABELS);

/** The name shown for a person: the name, or "Persoon (afgeschermd)" / "Persoon (naam onbekend)". */
export function personName(p) {
  const n = t.network;
  if (!p) return n.unknownPerson;
  if (p.redacted) return n.redacted;
  if (p.name) return String(p.name);
  if (p.description) return n.unnamed(String(p.description).slice(0, 60));
  return n.unknownPerson;
}

/** Index of the persons by id (as strings). */
export function byId(items) {
  const m = new Map();
  for (const p of Array.isArray(items) ? items : []) m.set(String(p.id), p);
  return m;
}

/**
 * Distance in steps from the centre (the subjects, or `centre` when given) for every person that
 * is connected, over the relations in both directions. Map id → { steps, via } where `via` is
 * the relation type of the direct relation (steps 1) or null.
 */
export function distances(items, relations, centre = null) {
  const ids = (Array.isArray(items) ? items : []).map((p) => String(p.id));
  const start = centre != null ? [String(centre)] : (items || []).filter((p) => p.subject).map((p) => String(p.id));
  const adj = new Map(ids.map((id) => [id, []]));
  for (const r of Array.isArray(relations) ? relations : []) {
    const a = String(r.from);
    const b = String(r.to);
    if (!adj.has(a) || !adj.has(b)) continue;
    adj.get(a).push([b, r.type]);
    adj.get(b).push([a, r.type]);
  }
  const out = new Map();
  const queue = [];
  for (const s of start) {
    if (!adj.has(s) || out.has(s)) continue;
    out.set(s, { steps: 0, via: null });
    queue.push(s);
  }
  while (queue.length) {
    const cur = queue.shift();
    const d = out.get(cur).steps;
    for (const [next, type] of adj.get(cur)) {
      if (out.has(next)) continue;
      out.set(next, { steps: d + 1, via: d === 0 ? type : null });
      queue.push(next);
    }
  }
  return out;
}

/** "Centrale persoon", "Ouder", "Indirect (2 stappen)" or "Geen verbinding". */
export function relationText(view, p, dist) {
  const n = t.network;
  if (p?.subject) return n.centre;
  const d = dist.get(String(p?.id));
  if (!d) return n.notConnected;
  if (d.steps === 0) return n.centre;
  if (d.steps === 1) return relTypeLabel(view, d.via) || n.direct;
  return n.indirect(d.steps);
}

/** The concern as a sentence (a human judgement), or "Niet beoordeeld". */
export function concernText(view, c) {
  const n = t.network;
  if (!c || !c.concern) return n.notAssessed;
  const what = c.label || concernLabel(view, c.concern);
  const date = c.date ? formatMediumDate(c.date) : '';
  const by = c.by?.name || '';
  return n.concernLine(what, date, by);
}

/** The short concern word for a graph label ("" when not assessed). */
export function concernShort(view, c) {
  if (!c || !c.concern) return '';
  return c.label || concernLabel(view, c.concern);
}

/**
 * Cytoscape elements for the graph answer, with the person data taken from the persons list (the
 * same source as the table; a node the list does not hold is dropped, as is an edge to it).
 * Labels carry the name, the relation to the centre and the concern in text (not colour only).
 */
export function graphElements(view, graph) {
  const persons = byId(view?.items);
  const nodes = [];
  const shown = new Set();
  for (const g of Array.isArray(graph?.nodes) ? graph.nodes : []) {
    const p = persons.get(String(g.id));
    if (!p) continue;
    const id = String(p.id);
    shown.add(id);
    const centre = !!g.centre || String(graph.centre) === id;
    const rel = centre ? t.network.centre : g.relation_to_centre ? relTypeLabel(view, g.relation_to_centre) : t.network.indirectShort;
    const concern = p.concern?.concern || 'unknown';
    const lines = [personName(p), rel];
    const cs = concernShort(view, p.concern);
    if (cs) lines.push(cs);
    nodes.push({
      data: {
        id, label: lines.join('\n'), group: centre ? 'centrum' : typeGroup(g.relation_to_centre), concern, centre: centre ? 1 : 0,
      },
    });
  }
  const edges = [];
  for (const e of Array.isArray(graph?.edges) ? graph.edges : []) {
    const a = String(e.from);
    const b = String(e.to);
    if (!shown.has(a) || !shown.has(b)) continue;
    edges.push({ data: { id: `r${e.id}`, source: a, target: b, group: typeGroup(e.type), confidence: e.confidence || 'confirmed' } });
  }
  return { nodes, edges };
}

/** The text alternative of the canvas: "Netwerk van X: 12 personen, 13 relaties". */
export function graphSummary(view, graph) {
  const el = graphElements(view, graph);
  const centre = byId(view?.items).get(String(graph?.centre));
  return t.network.graphSummary(personName(centre), el.nodes.length, el.edges.length, graph?.depth || 2);
}

/**
 * The "ook bekend in een andere casus" answer as lines: { kind: 'case', caseId, reference,
 * municipality } for a case the caller may read, { kind: 'hit', municipality, contact } otherwise.
 */
export function linkLines(res) {
  const out = [];
  for (const x of Array.isArray(res?.items) ? res.items : []) {
    const muni = x.municipality?.name || '';
    if (x.case_id != null) out.push({ kind: 'case', caseId: String(x.case_id), reference: String(x.reference || x.case_id), municipality: muni });
    else out.push({ kind: 'hit', municipality: muni, contact: String(x.contact || t.network.contactFallback(muni)) });
  }
  return out;
}

/** Whether the caller may add persons, relations, assessments and follow-up (the server decides). */
export function canEditNetwork(session, c) {
  if (typeof c?.can?.network === 'boolean') return c.can.network;
  if (c?.state === 'afgesloten') return false;
  const user = session?.user;
  const roles = Array.isArray(user?.roles) ? user.roles : [];
  if (!roles.some((r) => r === 'dossierhouder' || r === 'voorzitter')) return false;
  const org = user?.organisation?.id ?? user?.org_id;
  const muni = c?.municipality?.id ?? c?.municipality_id;
  return org != null && muni != null && String(org) === String(muni);
}

// ---------------------------------------------------------------------------------------------
// Forms

const trimmed = (v) => String(v ?? '').trim();
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });
function text(errors, body, key, v, max, what, requiredMsg) {
  const x = trimmed(v);
  if (!x) {
    if (requiredMsg) errors[key] = requiredMsg;
    return;
  }
  if (x.length > max) errors[key] = t.cases.tooLong(what, max);
  else body[key] = x;
}
function date(errors, body, key, v, what) {
  const d = dateField(v);
  if (d === false) errors[key] = t.cases.dateInvalid(what);
  else if (d) body[key] = d;
}

export const emptyPersonForm = () => ({ name: '', birth_date: '', bsn: '', description: '' });
export const PERSON_FIELDS = ['name', 'birth_date', 'bsn', 'description'];
/** Elfproef for a BSN (9 digits; 8 digits get a leading zero). */
export function validBsn(s) {
  let d = String(s ?? '').replace(/[\s.]/g, '');
  if (/^\d{8}$/.test(d)) d = `0${d}`;
  if (!/^\d{9}$/.test(d)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(d[i]) * (9 - i);
  sum -= Number(d[8]);
  return sum % 11 === 0 && d !== '000000000' ? d : null;
}
/** POST /api/cases/{id}/network/persons: at least one of name, BSN, description. */
export function validatePerson(f) {
  const n = t.network;
  const errors = {};
  const body = {};
  text(errors, body, 'name', f.name, LIMITS.name, n.fName);
  date(errors, body, 'birth_date', f.birth_date, n.fBirthDate);
  if (trimmed(f.bsn)) {
    const b = validBsn(f.bsn);
    if (b) body.bsn = b;
    else errors.bsn = n.bsnInvalid;
  }
  text(errors, body, 'description', f.description, LIMITS.description, n.fDescription);
  if (!Object.keys(errors).length && !body.name && !body.bsn && !body.description) errors.name = n.personRequired;
  return result(errors, body);
}

export const emptyRelationForm = () => ({ from_id: '', to_id: '', type: '', confidence: '', since_date: '', until_date: '', note: '' });
export const RELATION_FIELDS = ['from_id', 'to_id', 'type', 'confidence', 'since_date', 'until_date', 'note'];
/** POST /api/cases/{id}/network/relations. */
export function validateRelation(f) {
  const n = t.network;
  const errors = {};
  const body = {};
  if (!f.from_id) errors.from_id = n.fromRequired;
  else body.from_id = Number(f.from_id);
  if (!f.to_id) errors.to_id = n.toRequired;
  else if (f.to_id === f.from_id) errors.to_id = n.samePerson;
  else body.to_id = Number(f.to_id);
  if (!f.type) errors.type = n.typeRequired;
  else body.type = f.type;
  if (!f.confidence) errors.confidence = n.confidenceRequired;
  else body.confidence = f.confidence;
  date(errors, body, 'since_date', f.since_date, n.fSince);
  date(errors, body, 'until_date', f.until_date, n.fUntil);
  if (body.since_date && body.until_date && body.until_date < body.since_date) errors.until_date = n.untilBeforeSince;
  text(errors, body, 'note', f.note, LIMITS.note, n.fNote);
  return result(errors, body);
}

export const emptyConcernForm = () => ({ concern: '', reason: '', date: '' });
export const CONCERN_FIELDS = ['concern', 'reason', 'date'];
/** POST /api/network/persons/{id}/assessments: a judgement with a reason. */
export function validateConcern(f) {
  const n = t.network;
  const errors = {};
  const body = {};
  if (!['none', 'some', 'serious'].includes(f.concern)) errors.concern = n.concernRequired;
  else body.concern = f.concern;
  text(errors, body, 'reason', f.reason, LIMITS.reason, n.fReason, n.reasonRequired);
  date(errors, body, 'date', f.date, n.fConcernDate);
  return result(errors, body);
}

export const emptyFollowupForm = () => ({ kind: '', observed: '', legal_ground: '', type: '', description: '', owner_org_id: '', legal_basis: '' });
export const followupFields = (f) => (f.kind === 'measure' ? ['kind', 'type', 'owner_org_id', 'legal_basis', 'description'] : f.kind === 'signal' ? ['kind', 'observed', 'legal_ground'] : ['kind']);
/** POST /api/network/persons/{id}/followup: a new signal, or a care measure in the case. */
export function validateFollowup(f) {
  const n = t.network;
  const errors = {};
  const body = {};
  if (f.kind === 'signal') {
    body.kind = 'signal';
    text(errors, body, 'observed', f.observed, LIMITS.observed, n.fObserved, n.observedRequired);
    text(errors, body, 'legal_ground', f.legal_ground, LIMITS.legal, n.fLegalGround);
  } else if (f.kind === 'measure') {
    body.kind = 'measure';
    if (!f.type) errors.type = n.careTypeRequired;
    else body.type = f.type;
    if (!f.owner_org_id) errors.owner_org_id = n.ownerRequired;
    else body.owner_org_id = Number(f.owner_org_id);
    text(errors, body, 'legal_basis', f.legal_basis, LIMITS.legal, n.fLegalBasis, n.legalBasisRequired);
    text(errors, body, 'description', f.description, LIMITS.observed, n.fMeasureDescription, n.descriptionRequired);
  } else {
    errors.kind = n.kindRequired;
  }
  return result(errors, body);
}

export { formatDate };

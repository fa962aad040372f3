// @ts-check
// Pure helpers for the readiness dashboard (docs/preparedness.md, domain.md 6.1 P1-P7) and the
// support directory: the Dutch texts, the status of an item as a badge with words (never colour
// alone), the overview rows, and turning form state into request bodies (people, policy
// document, training, COT table, support point) with the server's limits. The checklist itself
// is computed by the server from the data; nothing here decides a status. Unit-tested in
// test/unit/readiness.test.mjs; no DOM here.
import { parseDutchDate } from './i18n/nl.js';

export const LIMITS = { title: 200, reference: 200, topic: 200, provider: 200, note: 500, attendees: 100, cotOrgs: 20, name: 200, description: 1000, contact: 500, url: 500, sortMax: 100000 };

export const R = {
  title: 'Gereedheid',
  overviewTitle: 'Gereedheid van de gemeenten',
  intro: 'Staat de gemeente klaar voor de eerste casus? Deze lijst volgt de factsheet (hoofdstuk 1) en wordt berekend uit wat in Regie is vastgelegd. U vinkt niets af: vul de gegevens aan en de status verandert vanzelf.',
  overviewIntro: 'Per gemeente hoeveel punten in orde zijn. Open een gemeente voor de details.',
  caption: 'Gereedheid per gemeente',
  cMunicipality: 'Gemeente',
  cOk: 'In orde',
  cAttention: 'Aandachtspunt',
  cMissing: 'Ontbreekt',
  cContinuity: 'Continuïteit',
  continuityOk: 'Geen waarschuwing',
  continuityWarn: 'Hangt af van één persoon',
  continuityTitle: 'Let op de continuïteit',
  checklistTitle: 'Checklist voorbereiding',
  summary: (s) => `${s?.in_orde ?? 0} in orde, ${s?.aandachtspunt ?? 0} aandachtspunt, ${s?.ontbreekt ?? 0} ontbreekt.`,
  next: 'Wat nu:',
  source: 'Bron:',
  back: 'Terug naar het overzicht',
  peopleTitle: 'Dossierhouder, plaatsvervanger en regionale afspraken',
  peopleIntro: 'Een kleine gemeente kan steunen op de dossierhouder van een regionale organisatie en op een regionaal overleg.',
  fDossierhouder: 'Dossierhouder',
  fDeputy: 'Plaatsvervanger',
  fRegionalOrg: 'Regionale dossierhouder van',
  fRegionalBody: 'Regionaal overleg',
  none: 'Niemand',
  noneOrg: 'Geen',
  savePeople: 'Opslaan',
  savedPeople: 'De namen en regionale afspraken zijn opgeslagen.',
  docsTitle: 'Beleidsdocumenten',
  docsCaption: 'Beleidsdocumenten met de datum van het collegebesluit',
  docsNone: 'Er zijn nog geen beleidsdocumenten vastgelegd.',
  cKind: 'Soort',
  cTitle: 'Titel',
  cReference: 'Kenmerk',
  cDecision: 'Collegebesluit',
  cState: 'Stand',
  current: 'Geldend',
  withdrawn: 'Ingetrokken',
  withdraw: 'Intrekken',
  withdrawLabel: (title) => `${title} intrekken`,
  withdrawnDone: 'Het document is ingetrokken.',
  addDoc: 'Document toevoegen',
  fKind: 'Soort document',
  fTitle: 'Titel',
  fReference: 'Kenmerk',
  fDecision: 'Datum collegebesluit',
  fDecisionHint: 'Bijvoorbeeld: 17-10-2024. Laat leeg als het college nog niet besloot.',
  savedDoc: 'Het document is toegevoegd.',
  trainingsTitle: 'Gezamenlijke trainingen',
  trainingsCaption: 'Trainingen met partners, nieuwste eerst',
  trainingsNone: 'Er zijn nog geen trainingen vastgelegd.',
  cDate: 'Datum',
  cTopic: 'Onderwerp',
  cProvider: 'Gegeven door',
  cAttendees: 'Deelnemers',
  attendeesCount: (n, orgs) => `${n} ${n === 1 ? 'deelnemer' : 'deelnemers'}${orgs ? ` (${orgs})` : ''}`,
  addTraining: 'Training vastleggen',
  fDate: 'Datum van de training',
  fTopic: 'Onderwerp',
  fProvider: 'Gegeven door',
  fAttendees: 'Deelnemers',
  fAttendeesHint: 'Kies de medewerkers van gemeente en partners die meededen.',
  savedTraining: 'De training is vastgelegd.',
  perOrgCaption: 'Laatste gezamenlijke training per partnerorganisatie',
  cOrg: 'Organisatie',
  cLast: 'Laatste training',
  never: 'Nog nooit',
  cotTitle: 'COT-rollen: wie doet wat',
  cotCaption: 'Functies uit de COT-indeling en de organisaties die ze oppakken',
  cFunction: 'Functie',
  cOrgs: 'Organisaties',
  cNote: 'Toelichting',
  open: 'Open punt',
  editCot: 'COT-tabel aanpassen',
  saveCot: 'COT-tabel opslaan',
  savedCot: 'De COT-tabel is opgeslagen.',
  fCotOrgs: (label) => `Organisaties voor ${label}`,
  fCotNote: (label) => `Toelichting bij ${label}`,
  readOnly: 'U kunt deze gegevens bekijken. Wijzigen doet de dossierhouder of de burgemeester.',
  required: (what) => `Vul ${what} in.`,
  tooLong: (what, max) => `${what} mag hoogstens ${max} tekens hebben.`,
  dateInvalid: (what) => `${what} is geen geldige datum. Schrijf bijvoorbeeld 17-10-2024.`,
  dateFuture: (what) => `${what} ligt in de toekomst.`,
  chooseKind: 'Kies de soort document.',
  chooseAttendees: 'Kies minstens één deelnemer.',
  tooManyAttendees: (max) => `Hoogstens ${max} deelnemers.`,
  deputySame: 'De plaatsvervanger is een ander dan de dossierhouder.',
  deputyNeedsDh: 'Kies eerst een dossierhouder.',
  tooManyOrgs: (max) => `Hoogstens ${max} organisaties per functie.`,
  noteNeedsOrg: 'Een toelichting hoort bij minstens één organisatie.',
};

export const S = {
  title: 'Steunpunten',
  intro: 'Organisaties die gemeenten helpen bij de aanpak van radicalisering (factsheet, laatste pagina). Links openen in een nieuw tabblad.',
  caption: 'Steunpunten en hun contactgegevens',
  none: 'Er staan geen steunpunten in de lijst.',
  cName: 'Organisatie',
  cDescription: 'Waarvoor',
  cContact: 'Contact',
  cLink: 'Website',
  newTab: '(opent in een nieuw tabblad)',
  noLink: 'Geen website',
  edit: 'Wijzigen',
  editLabel: (name) => `${name} wijzigen`,
  remove: 'Verwijderen',
  removeLabel: (name) => `${name} verwijderen`,
  removeTitle: 'Steunpunt verwijderen?',
  removeText: (name) => `${name} verdwijnt uit de lijst voor iedereen.`,
  removeConfirm: 'Ja, verwijderen',
  cancel: 'Annuleren',
  removed: 'Het steunpunt is verwijderd.',
  addTitle: 'Steunpunt toevoegen',
  editTitle: (name) => `${name} wijzigen`,
  fName: 'Naam van de organisatie',
  fDescription: 'Waarvoor kunt u er terecht?',
  fContact: 'Contactgegevens',
  fUrl: 'Website',
  fUrlHint: 'Een volledig adres dat begint met https://',
  fSort: 'Volgorde in de lijst',
  fSortHint: 'Een getal: lager staat hoger.',
  add: 'Toevoegen',
  save: 'Opslaan',
  saved: 'Het steunpunt is opgeslagen.',
  added: 'Het steunpunt is toegevoegd.',
  urlInvalid: 'Vul een volledig webadres in dat begint met https://',
  sortInvalid: 'Vul een getal van 0 tot en met 100000 in.',
};

/** The badge of an item status: the words are always shown, the colour only adds to them. */
export function statusBadge(status) {
  switch (status) {
    case 'in_orde': return { status: 'valid', text: 'In orde' };
    case 'aandachtspunt': return { status: 'warning', text: 'Aandachtspunt' };
    case 'ontbreekt': return { status: 'danger', text: 'Ontbreekt' };
    default: return { status: 'neutral', text: 'Onbekend' };
  }
}

/** The overview rows, municipalities with the most open points first, then by name. */
export function overviewRows(list) {
  const items = Array.isArray(list?.items) ? list.items.slice() : [];
  const weight = (x) => (x?.summary?.ontbreekt ?? 0) * 10 + (x?.summary?.aandachtspunt ?? 0) + (x?.continuity_warning ? 5 : 0);
  return items.sort((a, b) => weight(b) - weight(a) || String(a?.municipality?.name ?? '').localeCompare(String(b?.municipality?.name ?? ''), 'nl'));
}

/** The own municipality's id when the overview holds exactly one (then the detail is shown directly). */
export function singleMunicipality(list) {
  const items = Array.isArray(list?.items) ? list.items : [];
  return items.length === 1 ? items[0]?.municipality?.id ?? null : null;
}

const trimmed = (v) => String(v ?? '').trim();
const idOrNull = (v) => {
  const s = trimmed(v);
  if (!s) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

/** The form state of the people form from the detail. */
export function peopleForm(detail) {
  const r = detail?.readiness || {};
  const s = (v) => (v ? String(v) : '');
  return { dossierhouder_id: s(r.dossierhouder_id), deputy_id: s(r.deputy_id), regional_org_id: s(r.regional_org_id), regional_body_id: s(r.regional_body_id) };
}

export function validatePeople(v) {
  const errors = {};
  const body = {
    dossierhouder_id: idOrNull(v.dossierhouder_id),
    deputy_id: idOrNull(v.deputy_id),
    regional_org_id: idOrNull(v.regional_org_id),
    regional_body_id: idOrNull(v.regional_body_id),
  };
  if (body.deputy_id && body.deputy_id === body.dossierhouder_id) errors.deputy_id = R.deputySame;
  else if (body.deputy_id && !body.dossierhouder_id) errors.deputy_id = R.deputyNeedsDh;
  return result(errors, body);
}

/** A date typed by the user ("17-10-2024" or "2024-10-17") → "YYYY-MM-DD", null (empty) or false. */
export function dateOf(v) {
  const s = trimmed(v);
  if (!s) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return parseDutchDate(iso ? `${iso[3]}-${iso[2]}-${iso[1]}` : s) || false;
}

function text(errors, body, key, v, max, what, required) {
  const x = trimmed(v);
  if (!x) {
    if (required) errors[key] = R.required(what);
    return;
  }
  if (x.length > max) errors[key] = R.tooLong(what, max);
  else body[key] = x;
}

export const emptyDocForm = () => ({ kind: '', title: '', reference: '', decision_date: '' });
export const DOC_FIELDS = ['kind', 'title', 'reference', 'decision_date'];

/** today: "YYYY-MM-DD" (dates after it are refused, as the server does). */
export function validateDoc(v, today) {
  const errors = {};
  const body = {};
  if (!trimmed(v.kind)) errors.kind = R.chooseKind;
  else body.kind = trimmed(v.kind);
  text(errors, body, 'title', v.title, LIMITS.title, 'de titel', true);
  text(errors, body, 'reference', v.reference, LIMITS.reference, 'het kenmerk', false);
  const d = dateOf(v.decision_date);
  if (d === false) errors.decision_date = R.dateInvalid('De datum van het collegebesluit');
  else if (d && today && d > today) errors.decision_date = R.dateFuture('De datum van het collegebesluit');
  else if (d) body.decision_date = d;
  return result(errors, body);
}

export const emptyTrainingForm = () => ({ date: '', topic: '', provider: '', attendee_ids: [] });
export const TRAINING_FIELDS = ['date', 'topic', 'provider', 'attendee_ids'];

export function validateTraining(v, today) {
  const errors = {};
  const body = {};
  const d = dateOf(v.date);
  if (d === null) errors.date = R.required('de datum');
  else if (d === false) errors.date = R.dateInvalid('De datum');
  else if (today && d > today) errors.date = R.dateFuture('De datum');
  else body.date = d;
  text(errors, body, 'topic', v.topic, LIMITS.topic, 'het onderwerp', true);
  text(errors, body, 'provider', v.provider, LIMITS.provider, 'wie de training gaf', false);
  const ids = [...new Set((Array.isArray(v.attendee_ids) ? v.attendee_ids : []).map(idOrNull).filter(Boolean))];
  if (ids.length === 0) errors.attendee_ids = R.chooseAttendees;
  else if (ids.length > LIMITS.attendees) errors.attendee_ids = R.tooManyAttendees(LIMITS.attendees);
  else body.attendee_ids = ids;
  return result(errors, body);
}

/** The COT form state from the detail's table: per function the chosen org ids and the note. */
export function cotForm(detail) {
  const out = {};
  for (const row of Array.isArray(detail?.cot) ? detail.cot : []) {
    out[row.function] = { org_ids: (row.orgs || []).map((o) => String(o.id)), note: row.note || '' };
  }
  return out;
}

/** functions: [{code,label}] in order. Errors are keyed "roles.i.org_ids" or "roles.i.note" (as the server names them). */
export function validateCot(v, functions) {
  const errors = {};
  const roles = [];
  (functions || []).forEach((f, i) => {
    const row = v?.[f.code] || { org_ids: [], note: '' };
    const ids = [...new Set((row.org_ids || []).map(idOrNull).filter(Boolean))];
    const note = trimmed(row.note);
    if (ids.length > LIMITS.cotOrgs) errors[`roles.${i}.org_ids`] = R.tooManyOrgs(LIMITS.cotOrgs);
    if (note.length > LIMITS.note) errors[`roles.${i}.note`] = R.tooLong('De toelichting', LIMITS.note);
    else if (note && ids.length === 0) errors[`roles.${i}.note`] = R.noteNeedsOrg;
    const r = { function: f.code, org_ids: ids };
    if (note) r.note = note;
    roles.push(r);
  });
  return result(errors, { roles });
}

/** Per partner organisation the last training, in words. */
export function lastTrainingText(row, fmt = (d) => d) {
  return row?.last_date ? fmt(row.last_date) : R.never;
}

// ---- support directory -------------------------------------------------------------------------

export const SUPPORT_FIELDS = ['name', 'description', 'contact', 'url', 'sort'];
export const emptySupportForm = () => ({ name: '', description: '', contact: '', url: '', sort: '' });
export function supportForm(item) {
  return { name: item?.name || '', description: item?.description || '', contact: item?.contact || '', url: item?.url || '', sort: item?.sort != null ? String(item.sort) : '' };
}

/** A link the directory may show: https only (no javascript:, no http). */
export function safeUrl(url) {
  const s = trimmed(url);
  return /^https:\/\/[^\s"<>\\]+$/i.test(s) ? s : null;
}

/** editing: send every member (empty ones clear the field); new: only the filled ones. */
export function validateSupport(v, editing = false) {
  const errors = {};
  const body = {};
  text(errors, body, 'name', v.name, LIMITS.name, 'de naam', true);
  for (const [k, max, what] of [['description', LIMITS.description, 'De omschrijving'], ['contact', LIMITS.contact, 'Het contact']]) {
    const x = trimmed(v[k]);
    if (x.length > max) errors[k] = R.tooLong(what, max);
    else if (x || editing) body[k] = x;
  }
  const url = trimmed(v.url);
  if (url && (url.length > LIMITS.url || !safeUrl(url))) errors.url = S.urlInvalid;
  else if (url || editing) body.url = url;
  const sort = trimmed(v.sort);
  if (sort) {
    const n = Number(sort);
    if (!Number.isInteger(n) || n < 0 || n > LIMITS.sortMax) errors.sort = S.sortInvalid;
    else body.sort = n;
  }
  return result(errors, body);
}

// @ts-check
// Pure helpers for the key-figure register (sleutelfiguren, docs/keyfigures.md): the Dutch texts
// of the screens, the list filters, "contact gewenst" and the last contact as text, and turning
// form state into request bodies (with Dutch messages keyed by field). Unit-tested in
// test/unit/keyfigures.test.mjs; no DOM here. The register is never linked to a case.
import { formatDate, parseDutchDate, todayISO } from './i18n/nl.js';
import { formatMediumDate } from './meetings.js';

/** Limits of src/app/keyfigure.c (the server checks them too). */
export const LIMITS = { name: 200, phone: 40, email: 254, note: 1000 };

export const LEVEL_LABELS = { bestuurlijk: 'Bestuurlijk', ambtelijk: 'Ambtelijk' };
export const END_REASON_LABELS = {
  toestemming_ingetrokken: 'Toestemming ingetrokken',
  niet_meer_relevant: 'Niet meer relevant',
  overig: 'Overig',
};
export const STATUS_LABELS = { active: 'Actieve contacten', overdue: 'Alleen "contact gewenst"', ended: 'Beëindigde contacten' };

/** The texts of the screens (plain Dutch for a busy official). */
export const K = {
  nav: 'Sleutelfiguren',
  title: 'Sleutelfiguren',
  intro: 'Contacten met sleutelfiguren in de gemeenschappen: mensen van moskeebesturen, verenigingen, jongerenwerk en wijkraden. Houd regelmatig contact, niet alleen na een incident. Dit register staat los van casussen.',
  filterTitle: 'Filteren',
  fLevel: 'Niveau',
  allLevels: 'Alle niveaus',
  fStatus: 'Tonen',
  filter: 'Toon sleutelfiguren',
  newLink: 'Nieuwe sleutelfiguur vastleggen',
  caption: 'Sleutelfiguren',
  none: 'Er zijn geen sleutelfiguren die bij dit filter passen.',
  count: (n, od) => `${n} ${n === 1 ? 'sleutelfiguur' : 'sleutelfiguren'}${od ? `; bij ${od} is contact gewenst` : ''}.`,
  period: (d) => `"Contact gewenst" verschijnt als u iemand ${d} dagen niet hebt gesproken.`,
  cOrganisation: 'Organisatie',
  cLevel: 'Niveau',
  cRole: 'Rol',
  cContact: 'Contactpersoon',
  cLast: 'Laatste contact',
  cStatus: 'Stand',
  wanted: 'Contact gewenst',
  upToDate: 'Bijgewerkt',
  ended: 'Beëindigd',
  never: 'Nog geen contact',
  // detail
  detailTitle: (org) => `Sleutelfiguur: ${org}`,
  back: 'Terug naar de sleutelfiguren',
  notFound: 'Deze sleutelfiguur bestaat niet (meer) of hoort bij een andere gemeente.',
  dLevel: 'Niveau',
  dOrganisation: 'Organisatie',
  dRole: 'Rol',
  dContact: 'Contactpersoon',
  dPhone: 'Telefoon',
  dEmail: 'E-mail',
  dConsent: 'Toestemming gegeven op',
  dConsentNote: 'Hoe de toestemming is gegeven',
  dNote: 'Opmerking',
  dLast: 'Laatste contact',
  dDue: 'Contact gewenst vanaf',
  dEnded: 'Beëindigd op',
  dEndReason: 'Reden van beëindigen',
  logTitle: 'Contactlogboek',
  logCaption: (n) => `Contactlogboek (${n} ${n === 1 ? 'contact' : 'contacten'})`,
  logNone: 'Er is nog geen contact vastgelegd.',
  cDate: 'Datum',
  cBy: 'Door',
  cTopic: 'Onderwerp',
  // forms
  newTitle: 'Nieuwe sleutelfiguur vastleggen',
  newIntro: 'Leg alleen vast wat u nodig hebt om contact te houden. Geen geboortedatum, BSN of geloof.',
  editTitle: 'Gegevens wijzigen',
  fLevelForm: 'Niveau van het contact',
  fOrganisation: 'Organisatie',
  fOrganisationHint: 'Bijvoorbeeld het bestuur van een moskee, een sportclub of een jongerencentrum.',
  fRole: 'Rol bij de organisatie',
  fContact: 'Naam van de contactpersoon',
  fPhone: 'Telefoonnummer',
  fEmail: 'E-mailadres',
  consentLegend: 'Toestemming',
  consentHint: 'Leg vast hoe en wanneer de persoon toestemming gaf om in dit register te staan. Zonder toestemming legt u niets vast.',
  fConsentDate: 'Datum van de toestemming',
  fConsentNote: 'Hoe is de toestemming gegeven?',
  fConsentNoteHint: 'Bijvoorbeeld: "mondeling op 3 maart, vastgelegd in het gespreksverslag".',
  fNote: 'Opmerking',
  save: 'Sleutelfiguur opslaan',
  saveEdit: 'Wijzigingen opslaan',
  saved: 'De sleutelfiguur is opgeslagen.',
  editSaved: 'De wijzigingen zijn opgeslagen.',
  contactTitle: 'Contact vastleggen',
  fContactDate: 'Datum van het contact',
  fTopic: 'Waar ging het over?',
  fTopicHint: 'Kort en zonder namen van anderen.',
  contactSave: 'Contact vastleggen',
  contactSaved: 'Het contact is vastgelegd.',
  endTitle: 'Contact beëindigen',
  endIntro: 'Beëindig het contact als de persoon de toestemming intrekt of als het contact niet meer nodig is. De sleutelfiguur verdwijnt dan uit de lijst met actieve contacten.',
  fEndDate: 'Datum van beëindigen',
  fReason: 'Reden',
  endButton: 'Contact beëindigen',
  endConfirmTitle: 'Contact echt beëindigen?',
  endConfirmText: 'Na het beëindigen kunt u geen contacten meer vastleggen of gegevens wijzigen.',
  endConfirm: 'Ja, beëindigen',
  ended_ok: 'Het contact is beëindigd.',
  destroyTitle: 'Gegevens vernietigen',
  destroyIntro: 'Trekt de persoon de toestemming in? Vernietig dan alle gegevens: de sleutelfiguur en het hele contactlogboek worden gewist en zijn daarna nergens meer te lezen, ook niet in oude back-ups.',
  destroyButton: 'Alle gegevens vernietigen',
  destroyConfirmTitle: 'Alle gegevens van deze sleutelfiguur vernietigen?',
  destroyConfirmText: 'Dit kan niet ongedaan worden gemaakt.',
  destroyConfirm: 'Ja, vernietigen',
  destroyed: 'De gegevens van de sleutelfiguur zijn vernietigd.',
  cancel: 'Annuleren',
  // validation
  required: (what) => `Vul ${what} in.`,
  tooLong: (what, max) => `${what} is te lang (maximaal ${max} tekens).`,
  chooseLevel: 'Kies het niveau: bestuurlijk of ambtelijk.',
  consentNoteRequired: 'Leg vast hoe de persoon toestemming gaf.',
  topicRequired: 'Vul in waar het contact over ging.',
  chooseReason: 'Kies de reden van beëindigen.',
  dateInvalid: (what) => `${what}: vul een geldige datum in, bijvoorbeeld 17-10-2024.`,
  dateFuture: (what) => `${what} kan niet in de toekomst liggen.`,
  phoneInvalid: 'Vul een telefoonnummer in met alleen cijfers, spaties en + - ( ).',
  emailInvalid: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
};

export const KF_FIELDS = ['level', 'organisation', 'role', 'contact_name', 'phone', 'email', 'consent_date', 'consent_note', 'note'];
export const CONTACT_FIELDS = ['date', 'topic'];
export const END_FIELDS = ['date', 'reason'];

const trimmed = (v) => String(v ?? '').trim();

/** ?niveau=&status= of the page → the filters. */
export function parseKeyFigureSearch(search) {
  const q = new URLSearchParams(String(search || '').replace(/^\?/, ''));
  const level = q.get('niveau') || '';
  const status = q.get('status') || '';
  return {
    level: LEVEL_LABELS[level] ? level : '',
    status: STATUS_LABELS[status] ? status : 'active',
  };
}
/** The page's query string for the filters ('' for the default). */
export function keyFigureSearch({ level = '', status = 'active' } = {}) {
  const q = new URLSearchParams();
  if (level) q.set('niveau', level);
  if (status && status !== 'active') q.set('status', status);
  const s = q.toString();
  return s ? `?${s}` : '';
}
/** The API's query string for the filters. */
export function keyFigureQuery({ level = '', status = 'active' } = {}) {
  const q = new URLSearchParams();
  if (level) q.set('level', level);
  if (status && status !== 'active') q.set('status', status);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const levelLabel = (item) => item?.level_label || LEVEL_LABELS[item?.level] || String(item?.level ?? '');
export const endReasonLabel = (code) => END_REASON_LABELS[code] || String(code ?? '');

/** The last contact as text: "12 okt. 2026" or "Nog geen contact". */
export function lastContactText(item) {
  return item?.last_contact_date ? formatMediumDate(item.last_contact_date) : K.never;
}

/** The state shown in the list, in words (never colour only). */
export function stateOf(item) {
  if (item?.status === 'ended') return { text: K.ended, status: 'inactive' };
  if (item?.contact_wanted) return { text: K.wanted, status: 'warning' };
  return { text: K.upToDate, status: 'valid' };
}

/** Overdue first, then by organisation (the server orders the same way; kept for safety). */
export function sortKeyFigures(items) {
  return [...(Array.isArray(items) ? items : [])].sort((a, b) => {
    if (!!a.contact_wanted !== !!b.contact_wanted) return a.contact_wanted ? -1 : 1;
    const c = String(a.organisation ?? '').localeCompare(String(b.organisation ?? ''), 'nl', { sensitivity: 'base' });
    return c || Number(a.id) - Number(b.id);
  });
}

// ---------------------------------------------------------------------------------------------
// Forms

/** '' → null, a valid date → "YYYY-MM-DD", else false. */
function dateOf(v) {
  const s = trimmed(v);
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  return parseDutchDate(s) || false;
}
function pastDate(errors, key, v, what, today) {
  const d = dateOf(v);
  if (d === null) errors[key] = K.required(what.toLowerCase());
  else if (d === false) errors[key] = K.dateInvalid(what);
  else if (d > today) errors[key] = K.dateFuture(what);
  return d || undefined;
}
function text(errors, key, v, max, what, required, requiredMsg = '') {
  const x = trimmed(v);
  if (!x) {
    if (required) errors[key] = requiredMsg || K.required(what.toLowerCase());
    return undefined;
  }
  if (x.length > max) {
    errors[key] = K.tooLong(what, max);
    return undefined;
  }
  return x;
}
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

export function emptyKeyFigureForm() {
  return { level: '', organisation: '', role: '', contact_name: '', phone: '', email: '', consent_date: '', consent_note: '', note: '' };
}
/** The edit form filled from a key figure (dates in Dutch notation). */
export function formFromKeyFigure(item) {
  const f = emptyKeyFigureForm();
  for (const k of Object.keys(f)) if (item?.[k] != null) f[k] = String(item[k]);
  if (item?.consent_date) f.consent_date = formatDate(item.consent_date);
  return f;
}

/**
 * New (edit false) or changed key figure → { errors, body }. On edit the optional members that
 * were emptied are sent as null (cleared).
 */
export function validateKeyFigure(v, { edit = false, today = todayISO() } = {}) {
  const errors = {};
  const body = {};
  if (!LEVEL_LABELS[v.level]) errors.level = K.chooseLevel;
  else body.level = v.level;
  const org = text(errors, 'organisation', v.organisation, LIMITS.name, K.fOrganisation, true);
  const role = text(errors, 'role', v.role, LIMITS.name, K.fRole, true);
  const name = text(errors, 'contact_name', v.contact_name, LIMITS.name, K.fContact, true);
  if (org) body.organisation = org;
  if (role) body.role = role;
  if (name) body.contact_name = name;
  const phone = text(errors, 'phone', v.phone, LIMITS.phone, K.fPhone, false);
  if (phone && !(/^[0-9 +().-]+$/.test(phone) && (phone.match(/\d/g) || []).length >= 6)) errors.phone = K.phoneInvalid;
  else if (phone) body.phone = phone;
  else if (edit && !errors.phone) body.phone = null;
  const email = text(errors, 'email', v.email, LIMITS.email, K.fEmail, false);
  if (email && !/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(email)) errors.email = K.emailInvalid;
  else if (email) body.email = email;
  else if (edit && !errors.email) body.email = null;
  const cd = pastDate(errors, 'consent_date', v.consent_date, K.fConsentDate, today);
  if (cd) body.consent_date = cd;
  const cn = text(errors, 'consent_note', v.consent_note, LIMITS.note, 'De toelichting op de toestemming', true, K.consentNoteRequired);
  if (cn) body.consent_note = cn;
  const note = text(errors, 'note', v.note, LIMITS.note, K.fNote, false);
  if (note) body.note = note;
  else if (edit && !errors.note) body.note = null;
  return result(errors, body);
}

export function emptyContactForm(today = todayISO()) {
  return { date: formatDate(today), topic: '' };
}
export function validateContact(v, today = todayISO()) {
  const errors = {};
  const body = {};
  const d = pastDate(errors, 'date', v.date, K.fContactDate, today);
  if (d) body.date = d;
  const topic = text(errors, 'topic', v.topic, LIMITS.note, 'Het onderwerp', true, K.topicRequired);
  if (topic) body.topic = topic;
  return result(errors, body);
}

export function emptyEndForm(today = todayISO()) {
  return { date: formatDate(today), reason: '' };
}
export function validateEnd(v, today = todayISO()) {
  const errors = {};
  const body = {};
  const d = pastDate(errors, 'date', v.date, K.fEndDate, today);
  if (d) body.date = d;
  if (!END_REASON_LABELS[v.reason]) errors.reason = K.chooseReason;
  else body.reason = v.reason;
  return result(errors, body);
}

// @ts-check
// Pure helpers for the breach register (datalekken, docs/breaches.md): the Dutch texts of the
// screens, the 72-hour clock in words, the Amsterdam date and time of discovery as UTC, and turning
// form state into request bodies (Dutch messages keyed by field). Unit-tested in
// test/unit/breach.test.mjs; no DOM here. Nothing here assesses a breach: the FG decides.
import { formatDateTime, parseDutchDate, todayISO, TIME_ZONE } from './i18n/nl.js';

/** Limits of src/app/breach.c (the server checks them too). */
export const LIMITS = { text: 4000, orgs: 1000, rationale: 2000, reference: 100, subjects: 100000000 };

export const CATEGORY_LABELS = {
  identificatie: 'Identificerende gegevens (naam, adres, geboortedatum)',
  bsn: 'BSN',
  contact: 'Contactgegevens',
  signaal: 'Inhoud van meldingen en casussen',
  politie: 'Politiegegevens',
  strafrechtelijk: 'Strafrechtelijke gegevens',
  bijzonder: 'Bijzondere persoonsgegevens (religie, gezondheid)',
  jeugd: 'Gegevens van minderjarigen',
  netwerk: 'Netwerk en familie',
  ambtsbericht: 'Ambtsbericht',
  account: 'Inloggegevens van medewerkers',
  overig: 'Overig',
};
export const DECISION_LABELS = { ja: 'Ja', nee: 'Nee' };

/** The texts of the screens (plain Dutch for a busy official). */
export const B = {
  title: 'Datalekken',
  intro: 'Register van (vermoedelijke) datalekken. Een datalek moet binnen 72 uur na ontdekking bij de Autoriteit Persoonsgegevens (AP) zijn gemeld, tenzij het waarschijnlijk geen risico geeft voor de betrokkenen. Leg elk besluit met motivering vast.',
  newLink: 'Datalek melden',
  newTitle: 'Datalek melden',
  newIntro: 'Meld een vermoedelijk datalek zo snel mogelijk. Vanaf het moment van ontdekking loopt de termijn van 72 uur. Noem geen namen van betrokkenen.',
  reportedTitle: 'Het datalek is gemeld',
  reported: (deadline) => `De functionaris gegevensbescherming is verantwoordelijk voor de afhandeling. Uiterste meldtermijn bij de AP: ${deadline}.`,
  caption: 'Datalekken, nieuwste ontdekking eerst',
  none: 'Er zijn geen datalekken geregistreerd.',
  count: (n, open, overdue) => `${n} ${n === 1 ? 'datalek' : 'datalekken'}, ${open} open${overdue ? `; bij ${overdue} is de meldtermijn verstreken zonder besluit` : ''}.`,
  cDiscovered: 'Ontdekt',
  cDeadline: 'Uiterste meldtermijn AP',
  cClock: 'Termijn',
  cAp: 'Melding AP',
  cStatus: 'Status',
  open: 'Open',
  closed: 'Gesloten',
  overdue: 'Termijn verstreken',
  hoursLeft: (h) => (h <= 0 ? 'Nog minder dan een uur' : `Nog ${h} ${h === 1 ? 'uur' : 'uur'}`),
  decided: 'Besluit genomen',
  late: 'te laat gemeld',
  detailTitle: (id) => `Datalek ${id}`,
  back: 'Terug naar de datalekken',
  notFound: 'Dit datalek bestaat niet of u heeft er geen toegang toe.',
  fDate: 'Datum van ontdekking',
  fTime: 'Tijd van ontdekking',
  fTimeHint: 'Uren en minuten, bijvoorbeeld 09:30.',
  fDescription: 'Wat is er gebeurd?',
  fDescriptionHint: 'Beschrijf het incident zonder namen van betrokkenen.',
  fCategories: 'Welke gegevens zijn betrokken?',
  fSubjects: 'Geschat aantal betrokkenen',
  fSubjectsHint: 'Een schatting is genoeg; vul 0 in als er geen personen betrokken zijn.',
  fOrganisations: 'Betrokken organisaties',
  fMeasures: 'Genomen maatregelen',
  save: 'Datalek melden',
  saved: 'Het datalek is gemeld.',
  dReporter: 'Gemeld door',
  apTitle: 'Melding aan de Autoriteit Persoonsgegevens',
  fApDecision: 'Wordt het datalek bij de AP gemeld?',
  fApRationale: 'Motivering',
  fApDate: 'Datum van melding',
  fApReference: 'Kenmerk van de AP',
  apSave: 'Besluit over de AP vastleggen',
  apSaved: 'Het besluit over de melding aan de AP is vastgelegd.',
  subTitle: 'Informeren van betrokkenen',
  fSubDecision: 'Worden de betrokkenen geïnformeerd?',
  fSubRationale: 'Motivering',
  subSave: 'Besluit over de betrokkenen vastleggen',
  subSaved: 'Het besluit over het informeren van de betrokkenen is vastgelegd.',
  closeTitle: 'Afsluiten',
  closeIntro: 'Sluit het datalek af als beide besluiten zijn genomen. Daarna kan er niets meer worden gewijzigd.',
  closeButton: 'Datalek afsluiten',
  closedOk: 'Het datalek is afgesloten.',
  closeNotYet: 'Neem eerst beide besluiten.',
  required: (what) => `Vul ${what} in.`,
  chooseDecision: 'Kies ja of nee.',
  chooseCategory: 'Kies minstens één soort gegevens.',
  rationaleRequired: 'Een besluit heeft een motivering nodig.',
  dateInvalid: (what) => `${what} is geen geldige datum. Gebruik dd-mm-jjjj.`,
  timeInvalid: 'Vul de tijd in als uu:mm, bijvoorbeeld 09:30.',
  future: 'Het moment van ontdekking ligt in de toekomst.',
  dateFuture: (what) => `${what} ligt in de toekomst.`,
  subjectsInvalid: 'Vul een geheel getal van 0 of meer in.',
  tooLong: (what, max) => `${what} is te lang (hoogstens ${max} tekens).`,
};

const trimmed = (v) => String(v ?? '').trim();
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

/** Offset of Europe/Amsterdam from UTC at the instant ms, in ms. */
function zoneOffset(ms) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** "YYYY-MM-DD" + "HH:MM" in Europe/Amsterdam → epoch ms (null when the time is not valid). */
export function amsterdamToMs(dateISO, time) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(dateISO ?? ''));
  const t = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(String(time ?? ''));
  if (!d || !t) return null;
  const hh = Number(t[1]);
  const mm = Number(t[2]);
  if (hh > 23 || mm > 59) return null;
  const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hh, mm);
  const first = guess - zoneOffset(guess);
  return guess - zoneOffset(first);
}

/** The clock of a breach in words: { status, text } for a badge. */
export function clockOf(item) {
  if (!item) return { status: 'neutral', text: '' };
  if (item.status === 'gesloten') return { status: 'neutral', text: B.closed };
  if (item.overdue) return { status: 'error', text: B.overdue };
  if (item.ap_decision && item.ap_decision !== 'open') {
    return { status: 'ok', text: item.notified_late ? `${B.decided} (${B.late})` : B.decided };
  }
  const h = Number(item.hours_left);
  return { status: h < 24 ? 'warning' : 'info', text: B.hoursLeft(Number.isFinite(h) ? h : 0) };
}

export function deadlineText(item) {
  return formatDateTime(item?.deadline_at);
}

/** Open first, overdue first among them, then newest discovery. */
export function sortBreaches(items) {
  return [...(Array.isArray(items) ? items : [])].sort((a, b) => {
    const ao = a.status !== 'gesloten';
    const bo = b.status !== 'gesloten';
    if (ao !== bo) return ao ? -1 : 1;
    if (!!a.overdue !== !!b.overdue) return a.overdue ? -1 : 1;
    return String(b.discovered_at).localeCompare(String(a.discovered_at));
  });
}

export function emptyReportForm() {
  return { date: '', time: '', description: '', categories: [], subjects_approx: '', organisations: '', measures: '' };
}

function text(errors, key, v, max, what, required) {
  const x = trimmed(v);
  if (!x) {
    if (required) errors[key] = B.required(what.toLowerCase());
    return undefined;
  }
  if (x.length > max) {
    errors[key] = B.tooLong(what, max);
    return undefined;
  }
  return x;
}

/** A new report → { errors, body }. Date and time are Amsterdam local; the body carries UTC. */
export function validateReport(v, now = Date.now()) {
  const errors = {};
  const body = {};
  const ds = trimmed(v.date);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(ds) ? ds : parseDutchDate(ds);
  if (!ds) errors.discovered_at = B.required(B.fDate.toLowerCase());
  else if (!date) errors.discovered_at = B.dateInvalid(B.fDate);
  else {
    const ms = amsterdamToMs(date, v.time);
    if (ms === null) errors.discovered_at = B.timeInvalid;
    else if (ms > now + 5 * 60 * 1000) errors.discovered_at = B.future;
    else body.discovered_at = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  const desc = text(errors, 'description', v.description, LIMITS.text, B.fDescription.replace('?', ''), true);
  if (desc) body.description = desc;
  const cats = (Array.isArray(v.categories) ? v.categories : []).filter((c) => CATEGORY_LABELS[c]);
  if (cats.length === 0) errors.categories = B.chooseCategory;
  else body.categories = [...new Set(cats)];
  const sn = trimmed(v.subjects_approx);
  if (!/^\d{1,9}$/.test(sn) || Number(sn) > LIMITS.subjects) errors.subjects_approx = sn ? B.subjectsInvalid : B.required('het geschatte aantal betrokkenen');
  else body.subjects_approx = Number(sn);
  const orgs = text(errors, 'organisations', v.organisations, LIMITS.orgs, B.fOrganisations, false);
  if (orgs) body.organisations = orgs;
  const meas = text(errors, 'measures', v.measures, LIMITS.text, B.fMeasures, false);
  if (meas) body.measures = meas;
  return result(errors, body);
}

export function emptyApForm(item) {
  return { ap_decision: item?.ap_decision === 'ja' || item?.ap_decision === 'nee' ? item.ap_decision : '', ap_rationale: item?.ap_rationale || '', ap_date: '', ap_reference: item?.ap_reference || '' };
}

/** The AP decision → { errors, body }: ja/nee with rationale; ja needs the notification date. */
export function validateAp(v, today = todayISO()) {
  const errors = {};
  const body = {};
  if (!DECISION_LABELS[v.ap_decision]) errors.ap_decision = B.chooseDecision;
  else body.ap_decision = v.ap_decision;
  const why = text(errors, 'ap_rationale', v.ap_rationale, LIMITS.rationale, B.fApRationale, false);
  if (!why && !errors.ap_rationale) errors.ap_rationale = B.rationaleRequired;
  else if (why) body.ap_rationale = why;
  if (v.ap_decision === 'ja') {
    const ds = trimmed(v.ap_date);
    const d = /^\d{4}-\d{2}-\d{2}$/.test(ds) ? ds : parseDutchDate(ds);
    if (!ds) errors.ap_date = B.required(B.fApDate.toLowerCase());
    else if (!d) errors.ap_date = B.dateInvalid(B.fApDate);
    else if (d > today) errors.ap_date = B.dateFuture(B.fApDate);
    else body.ap_date = d;
    const ref = text(errors, 'ap_reference', v.ap_reference, LIMITS.reference, B.fApReference, false);
    if (ref) body.ap_reference = ref;
  }
  return result(errors, body);
}

export function emptySubjectsForm(item) {
  return { subjects_decision: item?.subjects_decision === 'ja' || item?.subjects_decision === 'nee' ? item.subjects_decision : '', subjects_rationale: item?.subjects_rationale || '' };
}

export function validateSubjects(v) {
  const errors = {};
  const body = {};
  if (!DECISION_LABELS[v.subjects_decision]) errors.subjects_decision = B.chooseDecision;
  else body.subjects_decision = v.subjects_decision;
  const why = text(errors, 'subjects_rationale', v.subjects_rationale, LIMITS.rationale, B.fSubRationale, false);
  if (!why && !errors.subjects_rationale) errors.subjects_rationale = B.rationaleRequired;
  else if (why) body.subjects_rationale = why;
  return result(errors, body);
}

/** Both decisions made and still open: the breach may be closed. */
export function mayClose(item) {
  return !!item && item.status !== 'gesloten' && item.ap_decision !== 'open' && item.subjects_decision !== 'open';
}

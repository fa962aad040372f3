// @ts-check
// Pure helpers for the retention screen (bewaartermijnen, docs/retention.md): the Dutch texts,
// the terms in words, what the hold and extension forms send (reason / rationale required, an end
// date in the future, limits), the report period, and tombstones in words. Unit-tested in
// test/unit/retention.test.mjs; no DOM here. Items are shown by reference only, never by name.
import { parseDutchDate, todayISO } from './i18n/nl.js';
import { formatMediumDate } from './meetings.js';

/** Limits of src/app/retention.c (the server checks them too). */
export const LIMITS = { text: 2000, maxYears: 30, reportYears: 5 };

export const KIND_LABELS = {
  signal: 'Melding',
  case: 'Casus',
  key_figure: 'Sleutelfiguur',
  rights_request: 'Verzoek van een betrokkene',
  inzage_export: 'Inzage-overzicht zonder verzoek',
  breach: 'Datalek',
};
/** Kinds a hold or an extension can be placed on. */
export const HOLD_KINDS = {
  signal: 'Melding',
  case: 'Casus',
  rights_request: 'Verzoek van een betrokkene',
  inzage_export: 'Inzage-overzicht zonder verzoek',
};

export const HOLD_FIELDS = ['kind', 'id', 'until', 'reason'];
export const EXTENSION_FIELDS = ['kind', 'id', 'until', 'rationale'];

export const R = {
  title: 'Bewaartermijnen',
  intro:
    'Wat Regie bewaart, hoe lang, en wat er is vernietigd. Na de bewaartermijn vernietigt Regie een melding of casus volledig: ' +
    'alle gegevens, bijlagen en de sleutel. Er blijft alleen een verslag over zonder namen.',
  termsTitle: 'Termijnen',
  tSignal: 'Melding zonder casus',
  tSignalText: (m) => `${m} maanden na de weging (of na ontvangst als er niet is gewogen)`,
  tCase: 'Casus',
  tCaseText: (y) => `${y} jaar na afsluiting`,
  tKeyFigure: 'Beëindigde sleutelfiguur',
  tKeyFigureText: (m) => `${m} maanden na het einde van het contact`,
  tRights: 'Afgehandeld verzoek van een betrokkene (met inzage-overzichten)',
  tRightsText: (m) => `${m} maanden na afhandeling`,
  tInzage: 'Inzage-overzicht dat bij geen verzoek hoort',
  tInzageText: (m) => `${m} maanden na vrijgave (een concept: na het opstellen)`,
  tBreach: 'Afgesloten datalek (register datalekken)',
  tBreachText: (m) => `${m} maanden na afsluiting`,
  tNetwork: 'Personen in een netwerkanalyse',
  tMinutes: 'Verslagen van overleggen',
  tAudit: 'Toegangslog',
  tAuditText: (d) => `${d} dagen`,
  upcomingTitle: (days) => `Verloopt binnen ${days} dagen`,
  upcomingNone: 'Er verloopt de komende tijd niets.',
  upcomingCaption: (n) => (n === 1 ? '1 melding of casus waarvan de termijn afloopt' : `${n} meldingen of casussen waarvan de termijn afloopt`),
  cKind: 'Soort',
  cRef: 'Kenmerk',
  cNumber: 'Nummer',
  cEnd: 'Einde termijn',
  cStatus: 'Status',
  cUntil: 'Tot en met',
  cReason: 'Reden',
  cRationale: 'Onderbouwing',
  cBy: 'Vastgelegd door',
  cAction: 'Actie',
  overdue: 'Termijn verstreken',
  held: (d) => `Bewaarplicht tot ${formatMediumDate(d)}`,
  extended: (d) => `Verlengd tot ${formatMediumDate(d)}`,
  due: 'Wordt vernietigd',
  holdsTitle: 'Bewaarplichten',
  holdsIntro:
    'Een bewaarplicht (bijvoorbeeld bij bezwaar of een rechtszaak) houdt de vernietiging tegen tot de einddatum. ' +
    'Een reden en een einddatum zijn verplicht.',
  holdsNone: 'Er zijn geen bewaarplichten.',
  holdsCaption: (n) => (n === 1 ? '1 bewaarplicht' : `${n} bewaarplichten`),
  holdActive: 'Loopt',
  holdEnded: 'Beëindigd',
  holdExpired: 'Verlopen',
  endHold: 'Beëindigen',
  endHoldLabel: (id) => `Bewaarplicht ${id} beëindigen`,
  holdEndedMsg: 'De bewaarplicht is beëindigd.',
  newHold: 'Bewaarplicht vastleggen',
  holdSaved: 'De bewaarplicht is vastgelegd.',
  extensionsTitle: 'Verlengingen',
  extensionsIntro: 'Een verlenging is een besluit met een onderbouwing. Regie verlengt nooit vanzelf; de laatste verlenging geldt.',
  extensionsNone: 'Er zijn geen verlengingen.',
  extensionsCaption: (n) => (n === 1 ? '1 verlenging' : `${n} verlengingen`),
  newExtension: 'Verlenging vastleggen',
  extensionSaved: 'De verlenging is vastgelegd.',
  fKind: 'Soort',
  fId: 'Nummer',
  fIdHint: 'Het nummer staat in de adresbalk van de melding, de casus, het verzoek of het inzage-overzicht.',
  fUntil: 'Tot en met',
  fUntilHint: 'Bijvoorbeeld 31-12-2027',
  fReason: 'Reden',
  fReasonHint: 'Bijvoorbeeld: bezwaar van betrokkene loopt, of een rechtszaak. Geen namen.',
  fRationale: 'Onderbouwing van het besluit',
  reportTitle: 'Vernietigingsverslag',
  reportIntro: 'Wat is vernietigd, zonder namen: per melding, casus of sleutelfiguur een pseudoniem, de data en wie het goedkeurde.',
  fFrom: 'Vanaf',
  fTo: 'Tot en met',
  show: 'Toon verslag',
  reportNone: 'In deze periode is niets vernietigd.',
  reportCaption: (n) => (n === 1 ? '1 vernietiging' : `${n} vernietigingen`),
  cPseudonym: 'Pseudoniem',
  cStart: 'Begin termijn',
  cDestroyed: 'Vernietigd op',
  cApproved: 'Goedgekeurd door',
  cRows: 'Regels',
  required: (what) => `Vul ${what} in.`,
  chooseKind: 'Kies een melding, casus, verzoek of inzage-overzicht.',
  idInvalid: 'Vul het nummer in (alleen cijfers).',
  dateInvalid: (what) => `${what}: gebruik de vorm dd-mm-jjjj.`,
  dateNotFuture: 'De einddatum moet na vandaag liggen.',
  dateTooFar: `De einddatum ligt te ver weg (hoogstens ${LIMITS.maxYears} jaar).`,
  tooLong: (what, max) => `${what} is te lang (hoogstens ${max} tekens).`,
  periodOrder: 'De begindatum ligt na de einddatum.',
  periodTooLong: `Kies een periode van hoogstens ${LIMITS.reportYears} jaar.`,
  noText: 'alleen zichtbaar voor de gemeente',
};

const trimmed = (v) => String(v ?? '').trim();

/** '' → null, a valid date (dd-mm-jjjj or jjjj-mm-dd) → "YYYY-MM-DD", else false. */
export function dateOf(v) {
  const s = trimmed(v);
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  return parseDutchDate(s) || false;
}

function addYears(iso, n) {
  const y = Number(iso.slice(0, 4)) + n;
  return `${String(y).padStart(4, '0')}${iso.slice(4)}`;
}

const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

export function emptyHoldForm() {
  return { kind: '', id: '', until: '', reason: '' };
}
export function emptyExtensionForm() {
  return { kind: '', id: '', until: '', rationale: '' };
}

function common(v, errors, body, today) {
  if (!HOLD_KINDS[v.kind]) errors.kind = R.chooseKind;
  else body.kind = v.kind;
  const id = trimmed(v.id);
  if (!/^[1-9][0-9]{0,15}$/.test(id)) errors.id = R.idInvalid;
  else body.id = Number(id);
  const d = dateOf(v.until);
  if (d === null) errors.until = R.required('de einddatum');
  else if (d === false) errors.until = R.dateInvalid(R.fUntil);
  else if (d <= today) errors.until = R.dateNotFuture;
  else if (d > addYears(today, LIMITS.maxYears)) errors.until = R.dateTooFar;
  else body.until = d;
}

function longText(v, key, what, errors, body) {
  const x = trimmed(v[key]);
  if (!x) errors[key] = R.required(what.toLowerCase());
  else if (x.length > LIMITS.text) errors[key] = R.tooLong(what, LIMITS.text);
  else body[key] = x;
}

/** A legal hold form → { errors, body }. */
export function validateHold(v, today = todayISO()) {
  const errors = {};
  const body = {};
  common(v, errors, body, today);
  longText(v, 'reason', 'de reden', errors, body);
  return result(errors, body);
}

/** An extension form → { errors, body }. */
export function validateExtension(v, today = todayISO()) {
  const errors = {};
  const body = {};
  common(v, errors, body, today);
  longText(v, 'rationale', 'de onderbouwing', errors, body);
  return result(errors, body);
}

/** The report period (dd-mm-jjjj or empty) → { errors, query } ("?from=..&to=.." or ""). */
export function reportQuery(from, to) {
  const errors = {};
  const f = dateOf(from);
  const t = dateOf(to);
  if (f === false) errors.from = R.dateInvalid(R.fFrom);
  if (t === false) errors.to = R.dateInvalid(R.fTo);
  if (f && t && f > t) errors.from = R.periodOrder;
  if (f && t && f <= t && addYears(f, LIMITS.reportYears) < t) errors.from = R.periodTooLong;
  const q = [];
  if (f) q.push(`from=${f}`);
  if (t) q.push(`to=${t}`);
  return { errors, query: Object.keys(errors).length ? null : q.length ? `?${q.join('&')}` : '' };
}

/** The state of an upcoming item in words, with a badge status. */
export function upcomingState(item) {
  if (item?.held_until) return { status: 'active', text: R.held(item.held_until) };
  if (item?.overdue) return { status: 'warning', text: R.overdue };
  return { status: 'neutral', text: R.due };
}

/** The state of a hold in words. */
export function holdState(h) {
  if (h?.ended_at) return { status: 'inactive', text: R.holdEnded };
  if (h?.active) return { status: 'valid', text: R.holdActive };
  return { status: 'neutral', text: R.holdExpired };
}

export const kindLabel = (k) => KIND_LABELS[k] || k || '';

/** A pseudonym shortened for the table (the full value in the title attribute). */
export const shortPseudonym = (p) => (typeof p === 'string' && p.length > 12 ? `${p.slice(0, 12)}…` : p || '');

/** Upcoming items sorted by end date, then kind and id. */
export function sortUpcoming(items) {
  return [...(Array.isArray(items) ? items : [])].sort(
    (a, b) => String(a.expiry_date).localeCompare(String(b.expiry_date)) || String(a.kind).localeCompare(String(b.kind)) || a.id - b.id,
  );
}

// @ts-check
// Pure helpers for informing the person (docs/informing.md; REQ-PRIV-09/10): the Dutch texts of
// the screen, the status of a person in words ("Uitgesteld tot …", "Te laat" in text), and
// turning the form into a request body (with Dutch messages keyed by field). Unit-tested in
// test/unit/informing.test.mjs; no DOM here. Regie never chooses whom to inform: the list is in
// the order of the case.
import { formatDate, parseDutchDate, todayISO } from './i18n/nl.js';

/** Limits of src/app/informing.c (the server checks them too). */
export const LIMITS = { note: 2000 };

export const HOW_LABELS = {
  mondeling: 'Mondeling',
  brief: 'Per brief',
  via_advocaat: 'Via de advocaat',
  via_ouders_voogd: 'Via ouders of voogd (minderjarige)',
};

/** Fallback when the server's list is missing; the server sends the same codes with help. */
export const REASON_LABELS = {
  zou_preventie_schaden: 'Zou de preventie schaden',
  zou_opsporing_of_vervolging_schaden: 'Zou opsporing of vervolging schaden',
  veiligheid_van_derden: 'Veiligheid van anderen',
  persoon_onbereikbaar: 'Persoon niet bereikbaar',
  overig: 'Andere reden',
};

/** The texts of the screen (plain Dutch for a busy official). */
export const I = {
  nav: 'Informeren',
  title: (ref) => `Informeren van betrokkenen${ref ? `: casus ${ref}` : ''}`,
  intro:
    'Iedereen over wie de casus gegevens bevat, heeft recht om dat te weten: de betrokkene en ook familie en anderen uit de netwerkanalyse. Leg vast wanneer en hoe iemand is geïnformeerd. Kan dat nog niet, leg dan de reden vast en wanneer u het opnieuw bekijkt.',
  overviewLink: 'Informeren van betrokkenen',
  back: 'Terug naar de casus',
  statusTitle: 'Stand per persoon',
  none: 'Deze casus heeft nog geen personen om te informeren.',
  caption: 'Stand van het informeren per persoon',
  cPerson: 'Persoon',
  cKind: 'Rol in de casus',
  cStatus: 'Stand',
  cDue: 'Uiterlijk / opnieuw bekijken',
  subject: 'Betrokkene',
  network: 'Uit de netwerkanalyse',
  hidden: 'Persoon (afgeschermd)',
  noName: 'Persoon (naam onbekend)',
  open: 'Nog niet geïnformeerd',
  informed: (date, how) => `Geïnformeerd op ${date}${how ? `, ${how.toLowerCase()}` : ''}`,
  deferred: (date, reason) => `Uitgesteld tot ${date}: ${reason}`,
  late: 'Te laat',
  lateOpen: 'Te laat: de termijn om te informeren is verstreken.',
  lateDeferred: 'Te laat: het uitstel moest al opnieuw bekeken worden.',
  historyTitle: (name) => `Eerdere besluiten over ${name}`,
  historyLine: (v, text, by, at) => `Versie ${v}: ${text}. Vastgelegd door ${by} op ${at}.`,
  openLine: (date) => `Open, uiterlijk ${date}`,
  formTitle: 'Besluit vastleggen',
  formIntro: 'Een besluit kunt u niet wijzigen. Is er iets nieuws, leg dan een nieuw besluit vast; het oude blijft bewaard.',
  fPerson: 'Over wie gaat het?',
  fOutcome: 'Wat is er gebeurd?',
  oInformed: 'De persoon is geïnformeerd',
  oDeferred: 'Informeren kan (nog) niet',
  fDate: 'Datum van informeren',
  fHow: 'Hoe is de persoon geïnformeerd?',
  fNote: 'Toelichting (bijvoorbeeld wat is verteld)',
  fReason: 'Waarom kan het (nog) niet?',
  fExplanation: 'Toelichting op de reden',
  fExplanationHint: 'Verplicht bij "Andere reden".',
  fOm: 'Het Openbaar Ministerie is geraadpleegd',
  fReassess: 'Opnieuw bekijken uiterlijk op',
  fReassessHint: (max) => `Een datum in de toekomst, uiterlijk ${max}. Bijvoorbeeld: 17-10-2024`,
  dateHint: 'Bijvoorbeeld: 17-10-2024',
  submit: 'Besluit vastleggen',
  saved: 'Het besluit is vastgelegd.',
  readOnly: 'U kunt de stand zien; alleen de dossierhouder van de gemeente legt besluiten vast.',
  personRequired: 'Kies over wie het besluit gaat.',
  outcomeRequired: 'Kies wat er is gebeurd.',
  dateRequired: 'Vul de datum van informeren in.',
  dateInvalid: (what) => `${what}: vul een datum in als 17-10-2024.`,
  dateFuture: 'De datum van informeren ligt in de toekomst.',
  howRequired: 'Kies hoe de persoon is geïnformeerd.',
  reasonRequired: 'Kies de reden.',
  explanationRequired: 'Licht de andere reden toe.',
  omRequired: 'Deze reden kan alleen na overleg met het Openbaar Ministerie.',
  reassessRequired: 'Vul in wanneer u het opnieuw bekijkt.',
  reassessPast: 'De datum om opnieuw te bekijken moet in de toekomst liggen.',
  reassessTooFar: (max) => `Bekijk het uiterlijk op ${max} opnieuw.`,
  tooLong: (what, max) => `${what}: hoogstens ${max} tekens.`,
};

/** "2026-11-28" → "28-11-2026" (empty stays empty). */
const d = (iso) => formatDate(iso) || '';

/** The label of a reason code from the server's list (or the fallback). */
export function reasonLabel(reasons, code) {
  const hit = (Array.isArray(reasons) ? reasons : []).find((r) => r?.code === code);
  return hit?.label || REASON_LABELS[code] || code || '';
}

/** The name of a person item, or a neutral text when hidden or unknown. */
export function personName(item) {
  if (item?.redacted) return I.hidden;
  return item?.name || I.noName;
}

/**
 * The status of a person as text: { text, late, lateText } — "Geïnformeerd op …", "Uitgesteld
 * tot …: reden", "Nog niet geïnformeerd"; late (overdue) is said in words, not colour only.
 */
export function statusText(item, reasons) {
  const cur = item?.current || null;
  if (item?.status === 'informed' && cur) {
    return { text: I.informed(d(cur.informed_date), HOW_LABELS[cur.how] || cur.how_label || ''), late: false, lateText: '' };
  }
  if (item?.status === 'deferred' && cur) {
    const late = item.overdue === true;
    return { text: I.deferred(d(cur.reassess_date), reasonLabel(reasons, cur.reason)), late, lateText: late ? I.lateDeferred : '' };
  }
  const late = item?.overdue === true;
  return { text: I.open, late, lateText: late ? I.lateOpen : '' };
}

/** One line of the history of a person. */
export function historyText(rec, reasons) {
  if (!rec) return '';
  if (rec.outcome === 'informed') return I.informed(d(rec.informed_date), HOW_LABELS[rec.how] || rec.how_label || '');
  if (rec.outcome === 'deferred') return I.deferred(d(rec.reassess_date), reasonLabel(reasons, rec.reason));
  return I.openLine(d(rec.due_date));
}

/** The value of the person choice for an item: "s:<person_id>" or "n:<network_person_id>". */
export function personValue(item) {
  return item?.network_person_id ? `n:${item.network_person_id}` : `s:${item?.person_id ?? ''}`;
}

export function emptyInformingForm() {
  return { person: '', outcome: '', informed_date: '', how: '', note: '', reason: '', explanation: '', om_consulted: false, reassess_date: '' };
}

/** The order of the fields (for the error summary). */
export const INFORMING_FIELDS = ['person', 'outcome', 'informed_date', 'how', 'note', 'reason', 'explanation', 'om_consulted', 'reassess_date'];

const trimmed = (v) => String(v ?? '').trim();

/** 'YYYY-MM-DD' + n days. */
export function addDays(iso, n) {
  const [y, m, dd] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, dd + n));
  return t.toISOString().slice(0, 10);
}

/**
 * The form → { errors, body } for POST /api/cases/{id}/informing. `maxDays`: the longest
 * deferral (the server's reassess_max_days); `today` for tests.
 */
export function validateInforming(f, { maxDays = 182, today = todayISO() } = {}) {
  /** @type {Record<string,string>} */
  const errors = {};
  /** @type {Record<string, any>} */
  const body = {};
  const p = trimmed(f.person);
  const m = /^([sn]):(\d+)$/.exec(p);
  if (!m) errors.person = I.personRequired;
  else if (m[1] === 'n') body.network_person_id = Number(m[2]);
  else {
    body.person = 'subject';
    body.person_id = Number(m[2]);
  }
  if (f.outcome !== 'informed' && f.outcome !== 'deferred') errors.outcome = I.outcomeRequired;
  else body.outcome = f.outcome;
  if (f.outcome === 'informed') {
    const s = trimmed(f.informed_date);
    const iso = s ? parseDutchDate(s) : null;
    if (!s) errors.informed_date = I.dateRequired;
    else if (!iso) errors.informed_date = I.dateInvalid(I.fDate);
    else if (iso > today) errors.informed_date = I.dateFuture;
    else body.informed_date = iso;
    if (!HOW_LABELS[f.how]) errors.how = I.howRequired;
    else body.how = f.how;
    const note = trimmed(f.note);
    if (note.length > LIMITS.note) errors.note = I.tooLong(I.fNote, LIMITS.note);
    else if (note) body.note = note;
  } else if (f.outcome === 'deferred') {
    if (!f.reason) errors.reason = I.reasonRequired;
    else body.reason = f.reason;
    const ex = trimmed(f.explanation);
    if (ex.length > LIMITS.note) errors.explanation = I.tooLong(I.fExplanation, LIMITS.note);
    else if (!ex && f.reason === 'overig') errors.explanation = I.explanationRequired;
    else if (ex) body.explanation = ex;
    if (f.reason === 'zou_opsporing_of_vervolging_schaden') {
      if (!f.om_consulted) errors.om_consulted = I.omRequired;
      else body.om_consulted = true;
    }
    const s = trimmed(f.reassess_date);
    const iso = s ? parseDutchDate(s) : null;
    const max = addDays(today, maxDays);
    if (!s) errors.reassess_date = I.reassessRequired;
    else if (!iso) errors.reassess_date = I.dateInvalid(I.fReassess);
    else if (iso <= today) errors.reassess_date = I.reassessPast;
    else if (iso > max) errors.reassess_date = I.reassessTooFar(d(max));
    else body.reassess_date = iso;
  }
  return { errors, body: Object.keys(errors).length ? null : body };
}

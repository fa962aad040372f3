// @ts-check
// Pure helpers for the register of requests of data subjects (verzoeken betrokkenen,
// docs/rights.md): the Dutch texts of the screens, the deadline status in words (never colour
// alone), the deadline arithmetic (received + 1 calendar month, + 1 or 2 after an extension) and
// turning form state into request bodies (Dutch messages keyed by field). Unit-tested in
// test/unit/rights.test.mjs; no DOM here.
import { todayISO } from './i18n/nl.js';
import { dateOf } from './retention.js';

/** Limits of src/app/rights.c (the server checks them too). */
export const LIMITS = { name: 200, mandate: 1000, text: 2000, summary: 4000 };

export const KIND_LABELS = {
  inzage: 'Inzage (art. 15 AVG)',
  rectificatie: 'Rectificatie (art. 16 AVG)',
  wissing: 'Wissing (art. 17 AVG)',
  beperking: 'Beperking (art. 18 AVG)',
  bezwaar: 'Bezwaar (art. 21 AVG)',
};
export const CHANNEL_LABELS = { balie: 'Aan de balie', post: 'Per post', email: 'Per e-mail', webformulier: 'Via het webformulier', telefoon: 'Telefonisch' };
export const REQUESTER_LABELS = { betrokkene: 'De betrokkene zelf', vertegenwoordiger: 'Een vertegenwoordiger' };
export const ID_METHOD_LABELS = {
  balie_identiteitsbewijs: 'Identiteitsbewijs getoond aan de balie (geen kopie gemaakt)',
  digid: 'Ingelogd met DigiD',
  bekende_vertegenwoordiger: 'Bekende vertegenwoordiger (bijv. advocaat of curator)',
};
export const ID_RESULT_LABELS = { vastgesteld: 'Identiteit vastgesteld', niet_vastgesteld: 'Identiteit niet vastgesteld' };
export const DECISION_LABELS = { toegewezen: 'Toegewezen', gedeeltelijk_geweigerd: 'Gedeeltelijk geweigerd', geweigerd: 'Geweigerd' };
export const GROUND_LABELS = {
  strafbare_feiten: 'Voorkomen en opsporen van strafbare feiten (art. 41 lid 1 sub d UAVG)',
  rechten_anderen: 'Bescherming van de rechten en vrijheden van anderen (art. 41 lid 1 sub h UAVG)',
  nationale_veiligheid: 'Nationale veiligheid (art. 41 lid 1 sub a UAVG)',
  openbare_veiligheid: 'Openbare veiligheid (art. 41 lid 1 sub c UAVG)',
  toezicht: 'Toezicht, inspectie of regelgeving (art. 41 lid 1 sub g UAVG)',
  ongegrond: 'Kennelijk ongegrond of buitensporig (art. 12 lid 5 AVG)',
};
export const RESPONSE_METHOD_LABELS = { brief: 'Per brief', email: 'Per beveiligde e-mail', balie: 'Uitgereikt aan de balie', berichtenbox: 'Via de Berichtenbox' };
export const STATUS_LABELS = { open: 'Lopend', due_soon: 'Verloopt binnen 7 dagen', overdue: 'Termijn verstreken', closed: 'Afgehandeld' };
export const FILTER_LABELS = { open: 'Alle lopende verzoeken', overdue: 'Alleen termijn verstreken', due_soon: 'Alleen verloopt binnen 7 dagen', closed: 'Afgehandelde verzoeken (archief)' };

export const INTAKE_FIELDS = ['kind', 'received_date', 'channel', 'requester', 'representative_name', 'mandate', 'subject_name', 'subject_birth_date', 'subject_bsn', 'note'];
export const IDENTITY_FIELDS = ['method', 'result', 'date'];
export const EXTENSION_FIELDS = ['months', 'reason', 'told_date'];
export const ITEM_FIELDS = ['text', 'owner_org_id'];
export const DECISION_FIELDS = ['decision', 'ground', 'reason', 'changes'];
export const POLICE_FIELDS = ['police_org_id', 'date'];
export const RESPONSE_FIELDS = ['date', 'method', 'summary', 'export_id'];

/** The texts of the screens (plain Dutch for a busy official). */
export const V = {
  nav: 'Verzoeken betrokkenen',
  title: 'Verzoeken van betrokkenen',
  intro: 'Verzoeken om inzage, rectificatie, wissing, beperking of bezwaar (AVG art. 15-21). Beantwoord binnen één maand na ontvangst; verlengen met ten hoogste twee maanden kan één keer, met reden, binnen de eerste maand. Politiegegevens beantwoordt de politie (Wpg): zend die door.',
  newLink: 'Nieuw verzoek registreren',
  filterTitle: 'Filteren',
  fStatus: 'Tonen',
  allStatuses: 'Alle verzoeken',
  pick: 'Maak een keuze',
  filter: 'Toon verzoeken',
  caption: 'Verzoeken, verstreken en bijna verstreken termijnen eerst',
  none: 'Er zijn geen verzoeken die bij dit filter passen.',
  count: (n, overdue, soon) => `${n} ${n === 1 ? 'verzoek' : 'verzoeken'}${overdue ? `; bij ${overdue} is de termijn verstreken` : ''}${soon ? `; ${soon} ${soon === 1 ? 'verloopt' : 'verlopen'} binnen 7 dagen` : ''}.`,
  cSubject: 'Betrokkene',
  cKind: 'Soort verzoek',
  cReceived: 'Ontvangen',
  cDue: 'Uiterste datum',
  cStatus: 'Stand',
  cMunicipality: 'Gemeente',
  daysLeft: (n) => (n === 0 ? 'vandaag' : n > 0 ? `nog ${n} ${n === 1 ? 'dag' : 'dagen'}` : `${-n} ${n === -1 ? 'dag' : 'dagen'} te laat`),
  // intake
  newTitle: 'Nieuw verzoek registreren',
  newIntro: 'Leg het verzoek vast op de dag dat het binnenkwam: de termijn van één maand loopt vanaf de ontvangst. Maak geen kopie van een identiteitsbewijs; de identiteitscontrole legt u hierna vast.',
  fKind: 'Soort verzoek',
  fReceived: 'Ontvangen op',
  fChannel: 'Hoe kwam het verzoek binnen?',
  fRequester: 'Wie doet het verzoek?',
  fRepresentative: 'Naam van de vertegenwoordiger',
  fMandate: 'Machtiging of grondslag van de vertegenwoordiging',
  fMandateHint: 'Bijvoorbeeld: schriftelijke machtiging van 1 maart, curatele, ouder met gezag.',
  subjectLegend: 'Betrokkene (over wie het verzoek gaat)',
  fSubjectName: 'Naam',
  fBirthDate: 'Geboortedatum',
  fBsn: 'BSN',
  fNote: 'Opmerking',
  save: 'Verzoek registreren',
  saved: 'Het verzoek is geregistreerd.',
  // detail
  back: 'Terug naar de verzoeken',
  notFound: 'Dit verzoek bestaat niet of u heeft er geen toegang toe.',
  detailTitle: (kind) => `Verzoek: ${kind}`,
  dSubject: 'Betrokkene',
  dBirthDate: 'Geboortedatum',
  dBsn: 'BSN',
  dRequester: 'Verzoeker',
  dMandate: 'Machtiging',
  dChannel: 'Binnengekomen',
  dReceived: 'Ontvangen op',
  dDue: 'Uiterste datum',
  dBaseDue: 'Eerste termijn tot',
  dStatus: 'Stand',
  dNote: 'Opmerking',
  dMunicipality: 'Gemeente',
  partnerView: 'U ziet alleen de onderdelen waarvoor uw organisatie verantwoordelijk is.',
  closedNotice: 'Dit verzoek is afgehandeld. Het is alleen nog te lezen.',
  identityTitle: 'Identiteitscontrole',
  identityIntro: 'Stel de identiteit van de verzoeker vast voordat u het verzoek inhoudelijk behandelt. Maak en bewaar géén kopie van een identiteitsbewijs (advies Autoriteit Persoonsgegevens): leg alleen vast hoe, door wie en wanneer de identiteit is vastgesteld.',
  identityNone: 'De identiteitscontrole is nog niet vastgelegd.',
  identityDone: (label, date, by) => `${label} op ${date}${by ? ` door ${by}` : ''}.`,
  fMethod: 'Hoe is de identiteit vastgesteld?',
  fResult: 'Uitkomst',
  fDate: 'Datum',
  identitySave: 'Identiteitscontrole vastleggen',
  identitySaved: 'De identiteitscontrole is vastgelegd.',
  extensionTitle: 'Termijn verlengen',
  extensionIntro: 'Bij een complex verzoek of veel verzoeken kan de termijn één keer met ten hoogste twee maanden worden verlengd. Dat kan alleen binnen de eerste maand, en de verzoeker moet binnen die maand zijn ingelicht, met de reden.',
  extensionDone: (months, date) => `Verlengd met ${months} ${months === 1 ? 'maand' : 'maanden'}; verzoeker ingelicht op ${date}.`,
  fMonths: 'Verlengen met',
  monthOptions: { 1: '1 maand', 2: '2 maanden' },
  fReason: 'Reden',
  fTold: 'Verzoeker ingelicht op',
  extensionSave: 'Termijn verlengen',
  extensionSaved: 'De termijn is verlengd.',
  policeTitle: 'Politiegegevens doorzenden',
  policeIntro: 'Gaat het verzoek (of een onderdeel) over politiegegevens? Dan geldt de Wet politiegegevens en beantwoordt de politie het. Regie beantwoordt politiegegevens nooit zelf.',
  policeDone: (org, date) => `Doorgezonden aan ${org} op ${date}.`,
  fPoliceOrg: 'Politieorganisatie',
  fPoliceItem: 'Alleen dit onderdeel (leeg: het hele verzoek)',
  policeSave: 'Doorgezonden aan politie vastleggen',
  policeSaved: 'De doorzending is vastgelegd.',
  itemsTitle: 'Onderdelen en eigenaren',
  itemsIntro: 'Splits het verzoek in onderdelen. De organisatie die de gegevens aanleverde, beslist over haar onderdeel. Regie wijzigt zelf geen gegevens: leg vast wat waar is gewijzigd.',
  itemsNone: 'Er zijn nog geen onderdelen.',
  itemsCaption: (n) => `${n} ${n === 1 ? 'onderdeel' : 'onderdelen'}`,
  cText: 'Onderdeel',
  cOwner: 'Eigenaar',
  cDecision: 'Beslissing',
  fText: 'Omschrijving van het onderdeel',
  fOwner: 'Organisatie die erover beslist',
  itemSave: 'Onderdeel toevoegen',
  itemSaved: 'Het onderdeel is toegevoegd.',
  decideTitle: (n) => `Beslissing over onderdeel ${n}`,
  fDecision: 'Beslissing',
  fGround: 'Wettelijke grond voor de weigering',
  fDecisionReason: 'Motivering',
  fChanges: 'Wat is waar gewijzigd, gewist of beperkt?',
  decideSave: 'Beslissing vastleggen',
  decideSaved: 'De beslissing is vastgelegd.',
  routedToPolice: (org) => `Doorgezonden aan ${org}`,
  responseTitle: 'Antwoord en afsluiten',
  responseIntro: 'Leg het verzonden antwoord vast. Daarna is het verzoek afgesloten en alleen nog te lezen.',
  responseDone: (date, method) => `Beantwoord op ${date} (${method}).`,
  fRespDate: 'Verzonden op',
  fRespMethod: 'Hoe verzonden',
  fSummary: 'Samenvatting van het antwoord',
  fExport: 'Nummer van de inzage-export (als die is meegestuurd)',
  responseSave: 'Antwoord vastleggen en afsluiten',
  responseSaved: 'Het antwoord is vastgelegd; het verzoek is afgesloten.',
  required: (what) => `Vul ${what} in.`,
  choose: (what) => `Kies ${what}.`,
  tooLong: (what, max) => `${what} mag hoogstens ${max} tekens zijn.`,
  dateInvalid: (what) => `${what} is geen geldige datum. Gebruik dd-mm-jjjj.`,
  dateFuture: (what) => `${what} ligt in de toekomst.`,
  bsnInvalid: 'Een BSN heeft 9 cijfers en voldoet aan de elfproef.',
  refusalNeeds: 'Bij een (gedeeltelijke) weigering zijn een wettelijke grond en een motivering verplicht.',
  idInvalid: 'Vul een nummer in.',
};

const trimmed = (v) => String(v ?? '').trim();
const result = (errors, body) => ({ errors, body: Object.keys(errors).length ? null : body });

/** "YYYY-MM-DD" + months, a day that does not exist becoming the month's last day (as the server). */
export function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const t = y * 12 + (m - 1) + months;
  const ny = Math.floor(t / 12);
  const nm = (t % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
/** The deadline of a request received on `received` (+ ext months after an extension). */
export const deadlineOf = (received, ext = 0) => addMonths(received, 1 + ext);

/** The deadline status in words and a badge status (the text carries the meaning, not the colour). */
export function statusOf(item) {
  const s = item?.deadline_status || 'open';
  const badge = { overdue: 'error', due_soon: 'warning', closed: 'inactive', open: 'valid' }[s] || 'neutral';
  let text = STATUS_LABELS[s] || s;
  if (s !== 'closed' && typeof item?.days_left === 'number') text += ` (${V.daysLeft(item.days_left)})`;
  if (s === 'closed' && item?.answered_late) text += ' (te laat beantwoord)';
  return { text, status: badge };
}

/** Overdue first, then due soon, then by deadline; closed last (newest first). */
export function sortRequests(items) {
  const rank = { overdue: 0, due_soon: 1, open: 2, closed: 3 };
  return [...(Array.isArray(items) ? items : [])].sort((a, b) => {
    const r = (rank[a.deadline_status] ?? 2) - (rank[b.deadline_status] ?? 2);
    if (r) return r;
    if (a.deadline_status === 'closed') return String(b.closed_date).localeCompare(String(a.closed_date));
    return String(a.due_date).localeCompare(String(b.due_date)) || a.id - b.id;
  });
}

export const rightsQuery = (status) => (status && FILTER_LABELS[status] ? `?status=${encodeURIComponent(status)}` : '');
export function parseRightsSearch(search) {
  const m = /(?:^|[?&])status=([a-z_]+)/.exec(String(search || ''));
  return { status: m && FILTER_LABELS[m[1]] ? m[1] : '' };
}

/** 9 digits passing the elfproef (spaces, dots and hyphens allowed). */
export function bsnValid(v) {
  const s = String(v).replace(/[\s.-]/g, '');
  if (!/^\d{9}$/.test(s) || s === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  sum -= Number(s[8]);
  return sum % 11 === 0;
}

function text(errors, key, v, max, what, required) {
  const x = trimmed(v);
  if (!x) {
    if (required) errors[key] = V.required(what.toLowerCase());
    return undefined;
  }
  if (x.length > max) {
    errors[key] = V.tooLong(what, max);
    return undefined;
  }
  return x;
}
function date(errors, key, v, what, today, required = true) {
  const d = dateOf(v);
  if (d === null) {
    if (required) errors[key] = V.required(what.toLowerCase());
    return undefined;
  }
  if (d === false) errors[key] = V.dateInvalid(what);
  else if (d > today) errors[key] = V.dateFuture(what);
  return d || undefined;
}
function code(errors, key, v, table, what) {
  if (!table[v]) {
    errors[key] = V.choose(what.toLowerCase());
    return undefined;
  }
  return v;
}

export function emptyIntakeForm() {
  return { kind: '', received_date: '', channel: '', requester: 'betrokkene', representative_name: '', mandate: '', subject_name: '', subject_birth_date: '', subject_bsn: '', note: '' };
}

/** The intake form → { errors, body } with the data subject nested as the server wants it. */
export function validateIntake(v, today = todayISO()) {
  const errors = {};
  const body = {};
  body.kind = code(errors, 'kind', v.kind, KIND_LABELS, V.fKind);
  body.received_date = date(errors, 'received_date', v.received_date, V.fReceived, today);
  body.channel = code(errors, 'channel', v.channel, CHANNEL_LABELS, 'het kanaal');
  body.requester = code(errors, 'requester', v.requester, REQUESTER_LABELS, 'wie het verzoek doet');
  if (v.requester === 'vertegenwoordiger') {
    body.representative_name = text(errors, 'representative_name', v.representative_name, LIMITS.name, V.fRepresentative, true);
    body.mandate = text(errors, 'mandate', v.mandate, LIMITS.mandate, 'De machtiging', true);
  }
  const subject = {};
  subject.name = text(errors, 'subject_name', v.subject_name, LIMITS.name, 'De naam van de betrokkene', true);
  subject.birth_date = date(errors, 'subject_birth_date', v.subject_birth_date, V.fBirthDate, today);
  const bsn = trimmed(v.subject_bsn);
  if (bsn && !bsnValid(bsn)) errors.subject_bsn = V.bsnInvalid;
  else if (bsn) subject.bsn = bsn;
  body.subject = subject;
  const note = text(errors, 'note', v.note, LIMITS.text, V.fNote, false);
  if (note) body.note = note;
  return result(errors, JSON.parse(JSON.stringify(body)));
}

export function validateIdentity(v, today = todayISO()) {
  const errors = {};
  const body = {
    method: code(errors, 'method', v.method, ID_METHOD_LABELS, 'hoe de identiteit is vastgesteld'),
    result: code(errors, 'result', v.result, ID_RESULT_LABELS, 'de uitkomst'),
    date: date(errors, 'date', v.date, V.fDate, today),
  };
  return result(errors, body);
}

export function validateExtension(v, today = todayISO()) {
  const errors = {};
  const months = Number(v.months);
  if (months !== 1 && months !== 2) errors.months = V.choose('1 of 2 maanden');
  const reason = text(errors, 'reason', v.reason, LIMITS.text, 'De reden', true);
  const told = date(errors, 'told_date', v.told_date, V.fTold, today);
  return result(errors, { months, reason, told_date: told });
}

function positiveId(errors, key, v, required, what) {
  const s = trimmed(v);
  if (!s) {
    if (required) errors[key] = V.choose(what.toLowerCase());
    return undefined;
  }
  if (!/^[1-9]\d{0,15}$/.test(s)) {
    errors[key] = V.idInvalid;
    return undefined;
  }
  return Number(s);
}

export function validateItem(v) {
  const errors = {};
  const body = {
    text: text(errors, 'text', v.text, LIMITS.text, 'De omschrijving', true),
    owner_org_id: positiveId(errors, 'owner_org_id', v.owner_org_id, true, 'de organisatie'),
  };
  return result(errors, body);
}

/** A decision: a (partial) refusal needs a ground and a reason; a grant of a change records what changed. */
export function validateDecision(v, kind) {
  const errors = {};
  const body = { decision: code(errors, 'decision', v.decision, DECISION_LABELS, 'een beslissing') };
  const refusal = v.decision === 'gedeeltelijk_geweigerd' || v.decision === 'geweigerd';
  if (refusal) {
    body.ground = code(errors, 'ground', v.ground, GROUND_LABELS, 'de wettelijke grond');
    body.reason = text(errors, 'reason', v.reason, LIMITS.text, V.fDecisionReason, true);
  } else {
    const reason = text(errors, 'reason', v.reason, LIMITS.text, V.fDecisionReason, false);
    if (reason) body.reason = reason;
  }
  const needChanges = kind !== 'inzage' && v.decision !== 'geweigerd';
  const changes = text(errors, 'changes', v.changes, LIMITS.text, 'Wat is gewijzigd', needChanges && !!body.decision);
  if (changes) body.changes = changes;
  return result(errors, JSON.parse(JSON.stringify(body)));
}

export function validatePolice(v, today = todayISO()) {
  const errors = {};
  const body = {
    police_org_id: positiveId(errors, 'police_org_id', v.police_org_id, true, 'de politieorganisatie'),
    date: date(errors, 'date', v.date, V.fDate, today),
  };
  const item = positiveId(errors, 'item_id', v.item_id, false, 'het onderdeel');
  if (item) body.item_id = item;
  return result(errors, body);
}

export function validateResponse(v, today = todayISO()) {
  const errors = {};
  const body = {
    date: date(errors, 'date', v.date, V.fRespDate, today),
    method: code(errors, 'method', v.method, RESPONSE_METHOD_LABELS, 'hoe het antwoord is verzonden'),
    summary: text(errors, 'summary', v.summary, LIMITS.summary, 'De samenvatting', true),
  };
  const exp = positiveId(errors, 'export_id', v.export_id, false, 'de export');
  if (exp) body.export_id = exp;
  return result(errors, body);
}

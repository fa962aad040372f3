// @ts-check
// Pure helpers for the inzage export (right of access, AVG art. 15; docs/inzage.md): the Dutch
// texts of the screens, the search form (BSN, or name + birth date: exact matches only), the
// candidate rows the official confirms, and the readable sections of a released export. Unit-
// tested in test/unit/inzage.test.mjs; no DOM here. Nothing here scores or ranks people.
import { formatDate, parseDutchDate } from './i18n/nl.js';

/** Limits of src/app/inzage.c (the server checks them too). */
export const LIMITS = { name: 256, persons: 50 };

export const T = {
  nav: 'Inzageverzoeken',
  title: 'Inzage voor een betrokkene',
  intro: 'Stel voor één persoon een overzicht op van alles wat Regie over hem of haar bewaart (AVG artikel 15). Een tweede dossierhouder of de FG controleert het overzicht en geeft het vrij; pas daarna kunt u het afdrukken of downloaden.',
  searchTitle: 'Persoon zoeken',
  searchIntro: 'Zoek op BSN, of op naam en geboortedatum. Regie toont alleen exacte overeenkomsten; u bepaalt zelf welke gevonden gegevens bij deze persoon horen.',
  fBsn: 'BSN',
  fBsnHint: '9 cijfers',
  fName: 'Naam',
  fDob: 'Geboortedatum',
  fDobHint: 'Bijvoorbeeld 04-03-1991',
  search: 'Zoeken',
  noneFound: 'Geen gegevens van uw gemeente gevonden met deze zoekgegevens.',
  candidatesTitle: 'Gevonden gegevens: bevestig welke bij deze persoon horen',
  candidatesHint: 'Elke regel is een vastlegging in een melding of casus van uw gemeente. Vink alleen aan wat zeker over deze persoon gaat.',
  fRequest: 'Nummer van het verzoek (optioneel)',
  fRequestHint: 'Het nummer uit het register Verzoeken betrokkenen',
  create: 'Concept-overzicht opstellen',
  created: 'Het concept is opgesteld.',
  listTitle: 'Opgestelde overzichten',
  listNone: 'Er zijn nog geen overzichten opgesteld.',
  cCreated: 'Opgesteld',
  cBy: 'Door',
  cStatus: 'Stand',
  cItems: 'Gegevens',
  cWithheld: 'Achtergehouden',
  open: 'Bekijk',
  // detail
  detailTitle: (id) => `Inzage ${id}`,
  back: 'Terug naar de inzageverzoeken',
  notFound: 'Dit overzicht bestaat niet of hoort bij een andere gemeente.',
  conceptNote: 'Dit is een concept. Controleer het hele overzicht. Achtergehouden gegevens staan onderaan en vragen een menselijke beoordeling.',
  approveTitle: 'Vrijgeven (vier ogen)',
  approveIntro: 'Alleen een andere dossierhouder dan de opsteller, of de FG, kan het overzicht vrijgeven.',
  approveOwn: 'U heeft dit overzicht zelf opgesteld. Vraag een collega-dossierhouder of de FG om het vrij te geven.',
  approve: 'Overzicht vrijgeven',
  approveConfirmTitle: 'Overzicht vrijgeven?',
  approveConfirmText: 'Na vrijgeven kan het overzicht niet meer worden gewijzigd en kan het aan de betrokkene worden verstrekt.',
  approveConfirm: 'Ja, vrijgeven',
  cancel: 'Annuleren',
  approved: 'Het overzicht is vrijgegeven.',
  print: 'Afdrukken',
  download: 'Download als JSON-bestand',
  printHeading: 'Overzicht van uw persoonsgegevens in Regie',
  printIntro: (org) => `Dit overzicht geeft ${org || 'de gemeente'} op uw verzoek (artikel 15 AVG). Het bevat de gegevens die over u zijn vastgelegd, waar ze vandaan komen, hoe lang ze worden bewaard en wie ze heeft ingezien of ontvangen.`,
  persons: 'Uw gegevens zoals vastgelegd',
  signals: 'Meldingen over u',
  case: 'Casus',
  otherCases: 'Casussen waarin u voorkomt',
  recipients: 'Wie uw gegevens heeft ingezien of ontvangen',
  recipientsCaption: 'Inzage en verstrekking per dag, organisatie, rol en doel (zonder namen van medewerkers)',
  withheld: 'Niet in dit overzicht',
  notes: 'Toelichting',
  none: 'Geen.',
  meta: (n, w) => `${n} gegevens; ${w} achtergehouden.`,
};

export const STATUS = {
  concept: { text: 'Concept', status: 'warning' },
  vrijgegeven: { text: 'Vrijgegeven', status: 'ok' },
};
export const stateOf = (x) => STATUS[x?.status] || { text: x?.status || '', status: 'neutral' };

const BSN_RE = /^[0-9]{9}$/;

/** The 11-proof (elfproef) of a BSN. */
export function bsnValid(bsn) {
  const s = String(bsn ?? '').replace(/[\s.-]/g, '');
  if (!BSN_RE.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(s[i]) * (9 - i);
  sum -= Number(s[8]);
  return sum % 11 === 0;
}

export const emptySearch = () => ({ bsn: '', name: '', birth_date: '' });

/**
 * The search body from the form: BSN, or name + birth date (both), or both kinds.
 * @returns {{ body: any, errors: Record<string, string> }}
 */
export function validateSearch(v) {
  const errors = {};
  const body = {};
  const bsn = String(v.bsn ?? '').replace(/[\s.-]/g, '');
  const name = String(v.name ?? '').trim();
  const dobText = String(v.birth_date ?? '').trim();
  if (bsn) {
    if (!bsnValid(bsn)) errors.bsn = 'Vul een geldig BSN in (9 cijfers).';
    else body.bsn = bsn;
  }
  if (name || dobText) {
    if (!name) errors.name = 'Vul ook de naam in.';
    else if (name.length > LIMITS.name) errors.name = `Ten hoogste ${LIMITS.name} tekens.`;
    else body.name = name;
    const dob = dobText ? parseDutchDate(dobText) : null;
    if (!dobText) errors.birth_date = 'Vul ook de geboortedatum in.';
    else if (!dob) errors.birth_date = 'Vul een geldige datum in, zoals 04-03-1991.';
    else body.birth_date = dob;
  }
  if (!bsn && !name && !dobText) errors.bsn = 'Vul een BSN in, of naam en geboortedatum.';
  return { body: Object.keys(errors).length ? null : body, errors };
}

/** One candidate (a person row) as a plain Dutch line: where it appears, no other person's data. */
export function candidateLabel(c) {
  const links = Array.isArray(c?.links) ? c.links : [];
  const parts = links.map((l) => {
    const where = l.reference ? ` ${l.reference}` : '';
    const when = l.date ? `, ${formatDate(l.date)}` : '';
    const org = l.municipality?.name ? `, ${l.municipality.name}` : '';
    return `${l.kind_label || l.kind}${where}${when}${org}`;
  });
  const how = c?.matched_by ? ` (gevonden op ${c.matched_by})` : '';
  return `${parts.join('; ') || 'Vastlegging'}${how}`;
}

/** The create body: the confirmed person ids and the optional request number. */
export function createBody(confirmed, requestId) {
  const errors = {};
  const ids = (confirmed || []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) errors.person_ids = 'Bevestig minstens één gevonden vastlegging.';
  else if (ids.length > LIMITS.persons) errors.person_ids = `Ten hoogste ${LIMITS.persons} vastleggingen per overzicht.`;
  const body = { person_ids: ids };
  const r = String(requestId ?? '').trim();
  if (r) {
    if (!/^[1-9][0-9]{0,15}$/.test(r)) errors.request_id = 'Vul een geldig nummer in, of laat het leeg.';
    else body.request_id = Number(r);
  }
  return { body: Object.keys(errors).length ? null : body, errors };
}

/** Dutch words for the table names of the export. */
export const TABLE_LABELS = {
  person: 'Persoonsgegevens',
  signal: 'Melding',
  signal_info: 'Aanvullende informatie',
  signal_feedback: 'Terugkoppeling aan de melder',
  weighing: 'Weging',
  pga_case: 'Casus',
  case_event: 'Besluit over fase of kenmerk',
  case_participant: 'Deelnemende organisatie',
  case_task: 'Taak',
  case_plan: 'Plan van aanpak',
  case_measure: 'Maatregel',
  case_assessment: 'Beoordeling',
  family_support: 'Familieondersteuning',
  family_contact: 'Contact familieondersteuning',
  comm_line: 'Communicatielijn',
  network_person: 'Vermelding in een netwerk',
  network_relation: 'Relatie in een netwerk',
  network_assessment: 'Inschatting van zorg',
  informing_record: 'Informeren van de betrokkene',
  document: 'Document',
  agenda_item: 'Bespreking in een overleg',
  item_minutes: 'Verslag van een bespreking',
  decision: 'Besluit in een overleg',
  meeting_action: 'Actie uit een overleg',
  ambtsbericht: 'Ambtsbericht',
};
export const tableLabel = (t) => TABLE_LABELS[t] || t;

/** Dutch labels of the export's members (the JSON keeps its English names, docs/inzage.schema.json). */
export const FIELD_LABELS = {
  reference: 'kenmerk', received_date: 'ontvangen op', route_label: 'route', state: 'stand', state_label: 'fase',
  phenomenon: 'fenomeen', reporter: 'melder', observed: 'waarneming', legal_ground: 'grondslag', other_subjects: 'andere betrokkenen (aantal)',
  partners: 'deelnemende partners', category: 'categorie', recorded: 'vastgelegd op', legal_basis: 'grondslag', content: 'inhoud',
  version: 'versie', outcome: 'uitkomst', decided_date: 'besloten op', joint: 'gezamenlijk besloten', rationale: 'onderbouwing',
  proportionality: 'proportionaliteit', subsidiarity: 'subsidiariteit', admitted: 'opgenomen op', closed_date: 'afgesloten op',
  flags: 'kenmerken', kind: 'soort', code: 'code', on: 'aan', date: 'datum', due_date: 'uiterlijk', done_date: 'gedaan op',
  title: 'titel', adopted: 'vastgesteld', adopted_date: 'vastgesteld op', goals: 'doelen', person_view: 'uw visie',
  consent_approach: 'instemming', type: 'soort', status: 'stand', owner_organisation: 'eigenaar', description: 'omschrijving',
  start_date: 'begint op', end_date: 'eindigt op', instrument: 'instrument', instrument_version: 'versie instrument',
  risk_factors: 'risicofactoren', protective_factors: 'beschermende factoren', needs: 'behoeften', bereavement: 'rouw en nazorg',
  supporter_kind: 'ondersteuner', channel: 'kanaal', note: 'notitie', owner: 'eigenaar', confidence: 'zekerheid',
  direction: 'richting', other_party: 'andere partij', since: 'sinds', until: 'tot', concern: 'zorg', how: 'hoe', reason: 'reden',
  media_type: 'soort bestand', size: 'grootte (bytes)', attached_to: 'hoort bij', result: 'uitkomst', decided_by: 'besloten door',
  role: 'rol', practical: 'praktisch', emotional: 'emotioneel', care: 'zorg', news_by: 'bericht door', aftercare: 'nazorg',
};
/** Codes that have a label member next to them: only the label is shown. */
const HAS_LABEL = { route: 'route_label', state: 'state_label' };

const META = new Set(['table', 'id', 'source_organisation', 'controller', 'retention_end', 'withheld', 'withheld_reason', 'withheld_text']);

/** Text of a value for the readable page (arrays and objects flattened, never raw JSON). */
export function valueText(v) {
  if (v == null || v === '') return '';
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (Array.isArray(v)) return v.map(valueText).filter(Boolean).join('; ');
  if (typeof v === 'object') {
    return Object.entries(v).map(([k, x]) => (valueText(x) ? `${FIELD_LABELS[k] || k}: ${valueText(x)}` : '')).filter(Boolean).join('; ');
  }
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}(T|$)/.test(s) ? formatDate(s) : s;
}

/**
 * The readable facts of one export item: [label, text] pairs of its own members (not the nested
 * lists), then source, controller and retention end.
 */
export function itemFacts(it) {
  const facts = [];
  for (const [k, v] of Object.entries(it || {})) {
    if (META.has(k) || Array.isArray(v) && v.some((x) => x && typeof x === 'object' && x.table)) continue;
    if (k === 'case' || (HAS_LABEL[k] && it[HAS_LABEL[k]])) continue;
    const text = valueText(v);
    if (text) facts.push([FIELD_LABELS[k] || k.replace(/_/g, ' '), text]);
  }
  if (it?.source_organisation?.name) facts.push(['bron', it.source_organisation.name]);
  if (it?.controller?.name) facts.push(['verwerkingsverantwoordelijke', it.controller.name]);
  facts.push(['bewaard tot', it?.retention_end ? formatDate(it.retention_end) : 'termijn start bij afsluiten']);
  return facts;
}

/** The nested item lists of an item, as [member, items] pairs in document order. */
export function childLists(it) {
  return Object.entries(it || {}).filter(([, v]) => Array.isArray(v) && v.some((x) => x && typeof x === 'object' && x.table));
}

/** Recipients as table rows (date, organisation, role, purpose, action, count). */
export function recipientRows(exp) {
  return (exp?.recipients || []).map((r, i) => ({
    key: i,
    date: formatDate(r.date),
    org: r.organisation?.name || '',
    role: r.role || '',
    purpose: r.purpose || 'niet vastgelegd',
    action: ACTIONS[r.action] || r.action || '',
    count: r.count || 1,
  }));
}
const ACTIONS = { read: 'ingezien', create: 'vastgelegd', update: 'gewijzigd', search: 'gezocht', export: 'verstrekt', delete: 'verwijderd', print: 'afgedrukt' };

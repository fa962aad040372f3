// @ts-check
// Pure helpers for the council report (Raadsrapportage, docs/figures.md): the texts, the period
// choices (a quarter or a whole year, never finer), formatting a cell (a suppressed cell is null
// and shows as "<10" with the threshold from the answer), the plain-Dutch explanation of rounding
// and suppression, and checking the recipient of a copy. Unit-tested in
// test/unit/figures.test.mjs; no DOM here.

export const T = {
  title: 'Raadsrapportage',
  intro: 'Cijfers over de aanpak van radicalisering voor een besloten vergadering van de gemeenteraad. Alleen aantallen, nooit namen.',
  periodLabel: 'Periode',
  periodHint: 'Een kwartaal of een heel jaar. Kleiner dan een kwartaal kan niet.',
  show: 'Cijfers tonen',
  print: 'Afdrukken of opslaan als pdf',
  explanationTitle: 'Hoe u deze cijfers leest',
  tablesTitle: 'Cijfers',
  municipality: 'Gemeente',
  total: 'Totaal',
  loading: 'Cijfers worden opgehaald.',
  issueTitle: 'Exemplaar uitgeven',
  issueIntro: 'Geeft u deze cijfers aan een raadslid of aan de griffie? Leg dan vast wie het exemplaar krijgt. Elk exemplaar krijgt een nummer en een kenmerk.',
  recipientLabel: 'Ontvanger',
  recipientHint: 'Naam van het raadslid, of "Griffie".',
  issue: 'Exemplaar uitgeven',
  issued: (id, who) => `Exemplaar ${id} is uitgegeven aan ${who}.`,
  copiesTitle: 'Uitgegeven exemplaren',
  copiesNone: 'Voor deze periode zijn nog geen exemplaren uitgegeven.',
  copiesCaption: (p) => `Uitgegeven exemplaren, ${p}`,
  cNumber: 'Nummer',
  cRecipient: 'Ontvanger',
  cBy: 'Uitgegeven door',
  cAt: 'Datum',
  cDigest: 'Kenmerk',
  region: (name) => `Regio: ${name}`,
  span: (from, to) => `Van ${from} tot en met ${to}`,
  errRecipientEmpty: 'Vul de ontvanger in.',
  errRecipientLong: 'De ontvanger mag hoogstens 200 tekens zijn.',
  errRecipientLine: 'De ontvanger moet op één regel passen.',
};

const QUARTER_MONTHS = ['januari tot en met maart', 'april tot en met juni', 'juli tot en met september', 'oktober tot en met december'];
export const FIRST_YEAR = 2015;
export const RECIPIENT_MAX = 200;

/** "2026Q3" → "3e kwartaal 2026"; "2026" → "Heel 2026". */
export function periodLabel(p) {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(String(p || ''));
  if (!m) return String(p || '');
  if (!m[2]) return `Heel ${m[1]}`;
  return `${m[2]}e kwartaal ${m[1]} (${QUARTER_MONTHS[Number(m[2]) - 1]})`;
}

/** True for "2026Q3" or "2026" from 2015 to the year of `today`. */
export function validPeriod(p, today = new Date()) {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(String(p || ''));
  if (!m) return false;
  const y = Number(m[1]);
  return y >= FIRST_YEAR && y <= today.getFullYear();
}

/** The quarters and years to choose from, newest first: this year's quarters up to now, the year itself, then earlier years. */
export function periodOptions(today = new Date()) {
  const year = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3) + 1;
  const out = [];
  for (let y = year; y >= FIRST_YEAR; y -= 1) {
    const last = y === year ? q : 4;
    for (let k = last; k >= 1; k -= 1) out.push({ value: `${y}Q${k}`, label: periodLabel(`${y}Q${k}`) });
    out.push({ value: String(y), label: periodLabel(String(y)) });
  }
  return out;
}

/** The last complete quarter (what a council usually asks about). */
export function defaultPeriod(today = new Date()) {
  const q = Math.floor(today.getMonth() / 3) + 1;
  const y = today.getFullYear();
  if (q === 1) return y - 1 >= FIRST_YEAR ? `${y - 1}Q4` : `${FIRST_YEAR}Q1`;
  return `${y}Q${q - 1}`;
}

/** A published number in Dutch notation, or "<threshold" for a suppressed (null) cell. */
export function formatCell(v, threshold) {
  if (v === null || v === undefined) return `<${Number(threshold) || 10}`;
  const n = Number(v);
  if (!Number.isFinite(n)) return `<${Number(threshold) || 10}`;
  return n.toLocaleString('nl-NL');
}

/** Text for screen readers and the print: "minder dan 10 (afgeschermd)" for a suppressed cell. */
export function cellDescription(v, threshold) {
  if (v === null || v === undefined) return `minder dan ${Number(threshold) || 10}, of afgeschermd`;
  return formatCell(v, threshold);
}

/** The explanation of rounding and suppression, in plain Dutch (one sentence per item). */
export function explanation(threshold, rounding) {
  const th = Number(threshold) || 10;
  const r = Number(rounding) || 5;
  return [
    `Alle aantallen zijn afgerond op een veelvoud van ${r}. Een 12 staat er dus als 10, een 13 als 15.`,
    `Aantallen kleiner dan ${th} laten we niet zien. Daar staat "<${th}".`,
    `Soms verbergen we ook een groter aantal. Anders kan iemand een verborgen aantal uitrekenen uit de totalen. Ook daar staat "<${th}".`,
    'Totalen zijn apart afgerond. Ze tellen daardoor niet altijd precies op.',
    'Een 0 betekent: geen.',
    'Er staan geen namen of andere gegevens over personen in dit overzicht.',
  ];
}

/** Checks the recipient of a copy; returns an error text or ''. */
export function recipientError(s) {
  const v = String(s ?? '').trim();
  if (!v) return T.errRecipientEmpty;
  if (/[\r\n]/.test(v)) return T.errRecipientLine;
  if (new TextEncoder().encode(v).length > RECIPIENT_MAX) return T.errRecipientLong;
  return '';
}

/**
 * The rows of one table for display: [{ key, name, cells: string[], total: string }], then the
 * totals row, all formatted.
 */
export function tableView(table, threshold) {
  const rows = (table?.rows || []).map((r) => ({
    key: String(r.municipality?.id ?? r.municipality?.name ?? ''),
    name: String(r.municipality?.name ?? ''),
    cells: (r.cells || []).map((v) => formatCell(v, threshold)),
    total: formatCell(r.total, threshold),
  }));
  const totals = {
    cells: (table?.totals?.cells || []).map((v) => formatCell(v, threshold)),
    total: formatCell(table?.totals?.total, threshold),
  };
  return { columns: (table?.columns || []).map((c) => String(c.label ?? c.code)), rows, totals };
}

/** "a1b2c3d4e5f6…" (the first 12 characters of the digest) for tables; the full one in a title. */
export const shortDigest = (d) => (d ? `${String(d).slice(0, 12)}…` : '');

// @ts-check
// Pure helpers for the "Dagelijkse samenvatting per e-mail" section of Mijn account (issue 9; the
// server side is src/app/digest.c, docs/operations.md "E-mail digest"): the Dutch texts, the
// address check (the same rules as the server: at most 254 characters, printable ASCII, one @,
// no spaces), the request body and the status sentence. Unit-tested in test/unit/digest.test.mjs;
// no DOM here.
import { formatDate } from './i18n/nl.js';

export const EMAIL_MAX = 254;

export const DT = {
  title: 'Dagelijkse samenvatting per e-mail',
  intro:
    'Wilt u elke ochtend een korte e-mail met het aantal taken dat te laat is, de overleggen van morgen en de meldingen die wachten? ' +
    'In de e-mail staan geen namen of andere gegevens: alleen aantallen en een link naar uw werklijst in Regie.',
  enabled: 'Stuur mij elke dag een samenvatting',
  enabledHint: 'Is er niets te melden, dan krijgt u geen e-mail.',
  email: 'E-mailadres',
  emailHint: 'Bijvoorbeeld naam@gemeente.nl. Alleen u ziet dit adres.',
  submit: 'Samenvatting opslaan',
  saved: 'Uw keuze is opgeslagen',
  savedOn: (hour) => `U krijgt de samenvatting vanaf morgen elke dag rond ${hour}:00 uur.`,
  savedOff: 'U krijgt geen samenvatting meer.',
  loadFailed: 'Uw instelling voor de samenvatting kon niet worden geladen. Probeer het later opnieuw.',
  statusOn: (email, hour) => `Staat aan: elke dag rond ${hour}:00 uur naar ${email}.`,
  statusOff: 'Staat uit.',
  lastSent: (date) => `Laatst verstuurd op ${date}.`,
  notAvailable:
    'Let op: de e-mailserver is nog niet ingesteld. U kunt de samenvatting al aanzetten; ze wordt verstuurd zodra de beheerder de e-mailserver heeft ingesteld.',
  emailRequired: 'Vul uw e-mailadres in om de samenvatting aan te zetten.',
  emailTooLong: `Het e-mailadres mag hoogstens ${EMAIL_MAX} tekens hebben.`,
  emailInvalid: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl, zonder spaties.',
  errorTitle: 'De samenvatting is niet opgeslagen',
};

/**
 * The address check of the server (core/smtp.c smtp_addr_ok), so the user hears about a typo
 * before sending. Returns an error text, or '' when fine. Empty is fine here (see checkDigest).
 * @param {string} email
 */
export function emailError(email) {
  if (email === '') return '';
  if (email.length > EMAIL_MAX) return DT.emailTooLong;
  if (!/^[\x21-\x7e]+$/.test(email) || /[<>"(),;:\\[\]]/.test(email)) return DT.emailInvalid;
  const parts = email.split('@');
  if (parts.length !== 2 || parts[0] === '' || parts[0].length > 64) return DT.emailInvalid;
  const labels = parts[1].split('.');
  if (!labels.every((l) => /^[A-Za-z0-9-]{1,63}$/.test(l))) return DT.emailInvalid;
  return '';
}

/**
 * Field errors of the form: { email?: string }.
 * @param {{ enabled: boolean, email: string }} form
 */
export function checkDigest(form) {
  /** @type {Record<string,string>} */
  const fe = {};
  const msg = emailError(form.email);
  if (msg) fe.email = msg;
  else if (form.enabled && form.email === '') fe.email = DT.emailRequired;
  return fe;
}

/**
 * The PUT body: an empty address removes it.
 * @param {{ enabled: boolean, email: string }} form
 */
export function digestBody(form) {
  return { enabled: !!form.enabled, email: form.email };
}

/**
 * The form state from the server's answer.
 * @param {any} s
 */
export function digestForm(s) {
  return { enabled: !!s?.enabled, email: typeof s?.email === 'string' ? s.email : '' };
}

/**
 * The sentences that say where things stand (status, last sent, relay missing).
 * @param {any} s the server's answer {enabled, email, last_sent_date, available, hour}
 * @returns {string[]}
 */
export function digestStatus(s) {
  if (!s) return [];
  const hour = Number.isInteger(s.hour) ? s.hour : 7;
  const out = [s.enabled && s.email ? DT.statusOn(s.email, hour) : DT.statusOff];
  if (s.last_sent_date) out.push(DT.lastSent(formatDate(s.last_sent_date)));
  if (s.enabled && s.available === false) out.push(DT.notAvailable);
  return out;
}

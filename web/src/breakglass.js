// @ts-check
// Pure helpers for break-glass access to a case (docs/breakglass.md): the Dutch texts, checking
// the form (reason 20..1000 characters, a 6-digit code) and the banner text "Break-glass-toegang
// tot HH:MM". Unit-tested in test/unit/breakglass.test.mjs; no DOM here. The server checks
// everything again and is the authority.

/** Limits of src/app/breakglass.h. */
export const BG_LIMITS = { reasonMin: 20, reasonMax: 1000 };

export const BG = {
  offerTitle: 'Toegang in noodgeval (break-glass)',
  offerIntro: 'U ziet deze casus niet, omdat u of uw organisatie er niet aan deelneemt. Alleen in een noodgeval kunt u de casus toch inzien.',
  warning: 'De functionaris gegevensbescherming (FG) controleert elk gebruik van break-glass. De casusregisseur krijgt een melding. Elke inzage wordt vastgelegd met uw naam, uw organisatie en uw reden.',
  readOnly: (m) => `U krijgt ${m} minuten alleen-lezen toegang tot deze casus. U kunt niets wijzigen.`,
  open: 'Toegang in noodgeval aanvragen',
  reason: 'Reden',
  reasonHint: 'Beschrijf waarom u deze casus nu moet inzien en waarom het niet kan wachten (minstens 20 tekens). Noem geen gegevens die er niet toe doen.',
  code: 'Verificatiecode',
  codeHint: 'De 6 cijfers uit uw authenticator-app. Een code werkt maar één keer.',
  submit: 'Toegang openen',
  cancel: 'Annuleren',
  busy: 'Bezig…',
  reasonRequired: 'Vul de reden in.',
  reasonShort: (n) => `Beschrijf de reden in minstens ${n} tekens.`,
  reasonLong: (n) => `De reden is te lang (maximaal ${n} tekens).`,
  codeRequired: 'Vul de verificatiecode in.',
  codeFormat: 'De verificatiecode bestaat uit 6 cijfers.',
  failed: 'De toegang is niet geopend.',
  banner: (hhmm) => `Break-glass-toegang tot ${hhmm} — elke inzage wordt gecontroleerd`,
  bannerText: 'U ziet deze casus via break-glass (alleen lezen). De FG beoordeelt dit gebruik.',
};

/** Character count as the server counts it (Unicode code points). */
export const charCount = (s) => [...String(s ?? '')].length;

/** Digits only (spaces and dashes from copy-paste dropped). */
export const cleanCode = (s) => String(s ?? '').replace(/[\s-]/g, '');

/**
 * Checks the form. Returns {errors: {reason?, totp?}, body?} — body only when there is no error.
 * @param {{reason: string, totp: string}} f
 */
export function validateBreakGlass(f) {
  const errors = {};
  const reason = String(f?.reason ?? '').trim();
  const n = charCount(reason);
  if (n === 0) errors.reason = BG.reasonRequired;
  else if (n < BG_LIMITS.reasonMin) errors.reason = BG.reasonShort(BG_LIMITS.reasonMin);
  else if (n > BG_LIMITS.reasonMax) errors.reason = BG.reasonLong(BG_LIMITS.reasonMax);
  const totp = cleanCode(f?.totp);
  if (!totp) errors.totp = BG.codeRequired;
  else if (!/^\d{6}$/.test(totp)) errors.totp = BG.codeFormat;
  if (Object.keys(errors).length) return { errors };
  return { errors, body: { reason, totp } };
}

/** "HH:MM" in Europe/Amsterdam of an RFC 3339 time; '' when unusable. */
export function hhmm(iso) {
  const d = new Date(String(iso ?? ''));
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** The banner text of a case opened under a grant ({grant_id, expires_at}), or '' without one. */
export function bannerText(grant) {
  if (!grant || !grant.expires_at) return '';
  return BG.banner(hhmm(grant.expires_at) || '—');
}

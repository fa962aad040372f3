// @ts-check
// Password rules the UI checks before sending (the server checks again and also refuses
// well-known passwords). Pure; unit-tested in test/unit/account.test.mjs.
import { t } from './i18n/nl.js';

export const PW_MIN = 15;
export const PW_MAX = 1024;

/** Length in characters as the server counts them (code points, not UTF-16 units). */
export function passwordLength(pw) {
  return [...String(pw || '')].length;
}

/**
 * Checks the "Wachtwoord wijzigen" form. Returns field name → Dutch message
 * (current_password, new_password, confirm); empty when the form may be sent.
 * @param {{ current: string, next: string, confirm: string }} v
 */
export function checkPasswordChange({ current, next, confirm }) {
  /** @type {Record<string,string>} */
  const fe = {};
  const n = passwordLength(next);
  if (!current) fe.current_password = t.account.currentRequired;
  if (!next) fe.new_password = t.account.nextRequired;
  else if (n < PW_MIN) fe.new_password = t.activate.passwordTooShort(n);
  else if (n > PW_MAX) fe.new_password = t.activate.passwordTooLong;
  else if (current && next === current) fe.new_password = t.account.same;
  if (next && !fe.new_password) {
    if (!confirm) fe.confirm = t.account.confirmRequired;
    else if (confirm !== next) fe.confirm = t.account.mismatch;
  }
  return fe;
}

// Mijn account: the client-side password-change checks (src/passwords.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPasswordChange, passwordLength, PW_MIN, PW_MAX } from '../../src/passwords.js';
import { t } from '../../src/i18n/nl.js';

const good = 'een lange zin als wachtwoord 2024';

test('all fields filled and the two new passwords equal: nothing to report', () => {
  assert.deepEqual(checkPasswordChange({ current: 'oud wachtwoord', next: good, confirm: good }), {});
});

test('empty form: current and new are required (confirm waits for new)', () => {
  assert.deepEqual(checkPasswordChange({ current: '', next: '', confirm: '' }), {
    current_password: t.account.currentRequired,
    new_password: t.account.nextRequired,
  });
});

test('length rules count characters, not bytes', () => {
  assert.equal(passwordLength('ééé'), 3);
  assert.equal(passwordLength('😀😀'), 2);
  assert.equal(checkPasswordChange({ current: 'x', next: 'kort', confirm: 'kort' }).new_password, t.activate.passwordTooShort(4));
  assert.equal(checkPasswordChange({ current: 'x', next: '😀'.repeat(PW_MIN), confirm: '😀'.repeat(PW_MIN) }).new_password, undefined);
  assert.equal(checkPasswordChange({ current: 'x', next: 'a'.repeat(PW_MAX + 1), confirm: '' }).new_password, t.activate.passwordTooLong);
});

test('repeat must match; same as current is refused', () => {
  assert.deepEqual(checkPasswordChange({ current: 'x', next: good, confirm: '' }), { confirm: t.account.confirmRequired });
  assert.deepEqual(checkPasswordChange({ current: 'x', next: good, confirm: `${good} ` }), { confirm: t.account.mismatch });
  assert.deepEqual(checkPasswordChange({ current: good, next: good, confirm: good }), { new_password: t.account.same });
});

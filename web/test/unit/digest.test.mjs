// Mijn account — dagelijkse samenvatting per e-mail: the pure helpers of src/digest.js (address
// check equal to the server's, form errors, request body, status sentences). Fictional addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DT, EMAIL_MAX, emailError, checkDigest, digestBody, digestForm, digestStatus } from '../../src/digest.js';

test('good addresses pass', () => {
  for (const a of ['a@b.nl', 'jan.de.vries+regie@gemeente.example.org', 'x_y-z@sub-domain.test']) {
    assert.equal(emailError(a), '', a);
  }
});

test('bad addresses are refused with a plain Dutch reason (same rules as the server)', () => {
  const bad = [
    'geen-apenstaartje', 'a@@b.nl', 'a@b@c.nl', 'met spatie@b.nl', 'regel\r\nBcc: x@y.nl', 'a@b.nl\n',
    'tab\t@b.nl', 'jé@b.nl', '<a@b.nl>', '@b.nl', 'a@', 'a@b..nl', 'a@.b.nl', 'a@b.nl.', 'a@b_c.nl', '"a"@b.nl',
    ' a@b.nl', 'a,b@c.nl',
  ];
  for (const a of bad) assert.equal(emailError(a), DT.emailInvalid, JSON.stringify(a));
  const long = `${'a'.repeat(20)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}`;
  assert.ok(long.length > EMAIL_MAX);
  assert.equal(emailError(long), DT.emailTooLong);
  assert.equal(emailError(`${'a'.repeat(65)}@b.nl`), DT.emailInvalid, 'local part over 64');
});

test('switching on needs an address; switching off does not', () => {
  assert.deepEqual(checkDigest({ enabled: true, email: '' }), { email: DT.emailRequired });
  assert.deepEqual(checkDigest({ enabled: false, email: '' }), {});
  assert.deepEqual(checkDigest({ enabled: true, email: 'a@b.nl' }), {});
  assert.deepEqual(checkDigest({ enabled: false, email: 'kapot' }), { email: DT.emailInvalid });
});

test('body and form state', () => {
  assert.deepEqual(digestBody({ enabled: true, email: 'a@b.nl' }), { enabled: true, email: 'a@b.nl' });
  assert.deepEqual(digestBody({ enabled: false, email: '' }), { enabled: false, email: '' });
  assert.deepEqual(digestForm({ enabled: true, email: 'a@b.nl' }), { enabled: true, email: 'a@b.nl' });
  assert.deepEqual(digestForm({ enabled: false, email: null }), { enabled: false, email: '' });
  assert.deepEqual(digestForm(null), { enabled: false, email: '' });
});

test('status sentences', () => {
  assert.deepEqual(digestStatus({ enabled: false, email: null, last_sent_date: null, available: false, hour: 7 }), [DT.statusOff]);
  assert.deepEqual(digestStatus({ enabled: true, email: 'a@b.nl', last_sent_date: '2026-11-28', available: true, hour: 6 }), [
    'Staat aan: elke dag rond 6:00 uur naar a@b.nl.',
    'Laatst verstuurd op 28-11-2026.',
  ]);
  assert.deepEqual(digestStatus({ enabled: true, email: 'a@b.nl', available: false, hour: 7 }), [
    DT.statusOn('a@b.nl', 7),
    DT.notAvailable,
  ]);
  assert.deepEqual(digestStatus(null), []);
});

test('no text promises or shows personal data in the mail', () => {
  assert.match(DT.intro, /geen namen/);
  for (const v of Object.values(DT)) if (typeof v === 'string') assert.doesNotMatch(v, /undefined/);
});

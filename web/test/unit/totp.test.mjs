// The TOTP helper used by the e2e tests and the dev server: RFC 6238 Appendix B and RFC 4648 vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totp, hotp, base32Decode, base32Encode, stepAt } from '../lib/totp.mjs';

const SECRET = base32Encode(Buffer.from('12345678901234567890')); // RFC 6238 SHA-1 seed

test('RFC 6238 appendix B (SHA-1), 8 digits', () => {
  const cases = [
    [59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'],
    [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130'],
  ];
  for (const [sec, want] of cases) assert.equal(totp(SECRET, { ms: sec * 1000, digits: 8 }), want, `T=${sec}`);
});

test('6-digit codes are the last 6 digits; step is floor(t/30)', () => {
  assert.equal(totp(SECRET, { ms: 59_000 }), '287082');
  assert.equal(totp(SECRET, { step: stepAt(1111111109_000) }), '081804');
  assert.equal(stepAt(59_000), 1);
  assert.equal(stepAt(60_000), 2);
});

test('RFC 4226 HOTP vectors', () => {
  const want = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  want.forEach((w, i) => assert.equal(hotp(Buffer.from('12345678901234567890'), i), w));
});

test('base32 (RFC 4648) round trip, case and spaces ignored', () => {
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('mzxw 6ytb oi').toString(), 'foobar');
  assert.equal(base32Decode('MZXW6YTBOI======').toString(), 'foobar');
  assert.throws(() => base32Decode('MZ1W'));
});

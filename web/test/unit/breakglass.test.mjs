// The break-glass helpers (src/breakglass.js): the form checks as the server does them (reason
// 20..1000 characters counted as code points, trimmed; a 6-digit code, spaces dropped), the
// banner text "Break-glass-toegang tot HH:MM" in Amsterdam time, and the warning that the FG
// reviews every use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BG, BG_LIMITS, validateBreakGlass, bannerText, hhmm, charCount, cleanCode } from '../../src/breakglass.js';

const REASON = 'Acute melding van de politie; casusregisseur onbereikbaar (fictief).';

test('a reason and a 6-digit code are required', () => {
  assert.deepEqual(validateBreakGlass({ reason: '', totp: '' }).errors, { reason: BG.reasonRequired, totp: BG.codeRequired });
  const short = validateBreakGlass({ reason: '  te kort  ', totp: '123456' });
  assert.equal(short.errors.reason, BG.reasonShort(20));
  assert.equal(short.body, undefined, 'nothing is sent with an error');
  assert.equal(validateBreakGlass({ reason: REASON, totp: '12a456' }).errors.totp, BG.codeFormat);
  assert.equal(validateBreakGlass({ reason: REASON, totp: '12345' }).errors.totp, BG.codeFormat);
  const ok = validateBreakGlass({ reason: `  ${REASON}\n`, totp: '123 456' });
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.body, { reason: REASON, totp: '123456' });
});

test('limits count characters, not bytes', () => {
  assert.equal(charCount('ëëë'), 3);
  assert.equal(validateBreakGlass({ reason: 'é'.repeat(BG_LIMITS.reasonMin), totp: '000000' }).body?.reason.length, 20);
  assert.equal(validateBreakGlass({ reason: 'é'.repeat(BG_LIMITS.reasonMax), totp: '000000' }).errors.reason, undefined);
  assert.equal(validateBreakGlass({ reason: 'x'.repeat(BG_LIMITS.reasonMax + 1), totp: '000000' }).errors.reason, BG.reasonLong(1000));
  assert.equal(cleanCode(' 12-34 56 '), '123456');
});

test('banner: the end time in Amsterdam time, and the review is named', () => {
  assert.equal(hhmm('2026-11-28T13:05:00.000Z'), '14:05');
  assert.equal(hhmm('2026-07-01T08:30:00Z'), '10:30');
  assert.equal(hhmm('geen tijd'), '');
  assert.equal(bannerText({ grant_id: 1, expires_at: '2026-11-28T13:05:00.000Z' }), 'Break-glass-toegang tot 14:05 — elke inzage wordt gecontroleerd');
  assert.equal(bannerText(null), '');
  assert.match(BG.warning, /FG/);
  assert.match(BG.offerTitle, /Toegang in noodgeval \(break-glass\)/);
});

// Dutch formatting helpers in src/i18n/nl.js (Europe/Amsterdam, nl-NL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDateTime, formatDate, parseDutchDate, formatDuration, groupSecret, describeClient, formatList, roleLabels,
  label, ROLE_LABELS, pageTitle, t,
} from '../../src/i18n/nl.js';

test('formatDateTime: UTC → Europe/Amsterdam, Dutch month names, 24-hour clock', () => {
  assert.equal(formatDateTime('2024-03-05T13:05:00Z'), '5 maart 2024 om 14:05'); // CET (+1)
  assert.equal(formatDateTime('2024-07-01T22:30:00Z'), '2 juli 2024 om 00:30'); // CEST (+2), next day
  assert.equal(formatDateTime('2024-10-27T00:59:59Z'), '27 oktober 2024 om 02:59'); // last second of CEST
  assert.equal(formatDateTime('2024-10-27T01:00:00Z'), '27 oktober 2024 om 02:00'); // CET again
  assert.equal(formatDateTime('2024-12-31T23:00:00+00:00'), '1 januari 2025 om 00:00');
  assert.equal(formatDateTime(''), '');
  assert.equal(formatDateTime(null), '');
  assert.equal(formatDateTime('geen datum'), '');
});

test('formatDate: calendar dates stay as they are (no zone shift), timestamps convert', () => {
  assert.equal(formatDate('2024-03-05'), '05-03-2024');
  assert.equal(formatDate('2023-12-31'), '31-12-2023');
  assert.equal(formatDate('2024-06-30T22:30:00Z'), '01-07-2024');
  assert.equal(formatDate(null), '');
  assert.equal(formatDate(''), '');
});

test('parseDutchDate accepts d-m-jjjj with - / . or space and rejects impossible dates', () => {
  assert.equal(parseDutchDate('17-10-2024'), '2024-10-17');
  assert.equal(parseDutchDate('1-2-2024'), '2024-02-01');
  assert.equal(parseDutchDate(' 01/02/2024 '), '2024-02-01');
  assert.equal(parseDutchDate('1.2.2024'), '2024-02-01');
  assert.equal(parseDutchDate('29-02-2024'), '2024-02-29');
  assert.equal(parseDutchDate('29-02-2023'), null);
  assert.equal(parseDutchDate('31-04-2024'), null);
  assert.equal(parseDutchDate('00-01-2024'), null);
  assert.equal(parseDutchDate('12-13-2024'), null);
  assert.equal(parseDutchDate('2024-10-17'), null);
  assert.equal(parseDutchDate('17-10-24'), null);
  assert.equal(parseDutchDate(''), null);
  assert.equal(parseDutchDate(undefined), null);
});

test('formatDuration rounds up to whole minutes from one minute', () => {
  assert.equal(formatDuration(120), '2 minuten');
  assert.equal(formatDuration(105), '2 minuten');
  assert.equal(formatDuration(60), '1 minuut');
  assert.equal(formatDuration(45), '45 seconden');
  assert.equal(formatDuration(1), '1 seconde');
  assert.equal(formatDuration(-5), '0 seconden');
});

test('groupSecret groups per 4 characters in capitals', () => {
  assert.equal(groupSecret('jbswy3dpehpk3pxp'), 'JBSW Y3DP EHPK 3PXP');
  assert.equal(groupSecret('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  assert.equal(groupSecret('AB CD-EF'), 'ABCD EF');
  assert.equal(groupSecret(''), '');
});

test('describeClient summarises a User-Agent', () => {
  assert.equal(describeClient('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36'), 'Chrome 156 (headless) op Linux');
  assert.equal(describeClient('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0'), 'Edge 130 op Windows');
  assert.equal(describeClient('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'Firefox 128 op Windows');
  assert.equal(describeClient('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'), 'Safari 17 op macOS');
  assert.equal(describeClient('curl/8.0'), 'curl/8.0');
  assert.equal(describeClient(''), 'Onbekend');
});

test('lists, role labels, page titles', () => {
  assert.equal(formatList(['politie', 'OM', 'jeugdzorg']), 'politie, OM en jeugdzorg');
  assert.equal(roleLabels(['beheerder', 'fg']), 'Functioneel beheerder en Functionaris gegevensbescherming');
  assert.equal(label(ROLE_LABELS, 'onbekend'), 'onbekend');
  assert.equal(label(ROLE_LABELS, 'toString'), 'toString');
  assert.equal(pageTitle('Mijn sessies'), 'Mijn sessies — Regie');
  assert.equal(t.form.errorSummaryTitle(1), 'Er is 1 fout');
  assert.equal(t.form.errorSummaryTitle(3), 'Er zijn 3 fouten');
  assert.equal(t.timeout.title('2 minuten'), 'Uw sessie verloopt over 2 minuten');
});

test('every role has a Dutch label', () => {
  assert.deepEqual(Object.keys(ROLE_LABELS), ['beheerder', 'dossierhouder', 'voorzitter', 'partner', 'melder', 'burgemeester', 'raadslid', 'fg']);
  assert.equal(ROLE_LABELS.beheerder, 'Functioneel beheerder');
  assert.equal(ROLE_LABELS.fg, 'Functionaris gegevensbescherming');
});

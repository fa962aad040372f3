// Toegangslogboek helpers (src/audit.js) and the audit labels/formatters in src/i18n/nl.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateAuditForm, auditQuery, nextBefore, isValidBsn, cleanBsn, parseId, shortPseudonym, formatLegalBasis, formatProcessing,
  SUBJECT_FIELDS, PAGE_SIZE,
} from '../../src/audit.js';
import {
  t, label, parseDutchDate, formatDate, formatTimestamp, todayISO, AUDIT_ACTION_LABELS, AUDIT_SEARCH_ACTIONS, AUDIT_OUTCOME_LABELS,
  AUDIT_VERIFY_STATUS_LABELS,
} from '../../src/i18n/nl.js';
import { canSearchAudit, canChangePassword, ROLE_PERMISSIONS } from '../../src/permissions.js';

test('dates: dd-mm-jjjj in the UI ↔ YYYY-MM-DD for the API, both ways', () => {
  for (const iso of ['2024-01-01', '2024-02-29', '2024-12-31', '1999-07-04']) {
    assert.equal(parseDutchDate(formatDate(iso)), iso, iso);
  }
  assert.equal(formatDate('2026-11-28'), '28-11-2026');
  assert.equal(parseDutchDate('28-11-2026'), '2026-11-28');
  assert.equal(parseDutchDate('2026-11-28'), null, 'ISO typed by the user is not dd-mm-jjjj');
});

test('formatTimestamp: Europe/Amsterdam, dd-mm-jjjj uu:mm:ss, 24-hour clock', () => {
  assert.equal(formatTimestamp('2026-11-28T16:57:36.773Z'), '28-11-2026 17:57:36'); // CET
  assert.equal(formatTimestamp('2024-07-01T22:30:05Z'), '02-07-2024 00:30:05'); // CEST, next day
  assert.equal(formatTimestamp('2024-10-27T00:59:59Z'), '27-10-2024 02:59:59');
  assert.equal(formatTimestamp('2024-10-27T01:00:00Z'), '27-10-2024 02:00:00');
  assert.equal(formatTimestamp(''), '');
  assert.equal(formatTimestamp('onzin'), '');
});

test('todayISO: the calendar day in Amsterdam, not in UTC', () => {
  assert.equal(todayISO(new Date('2024-03-05T22:59:59Z')), '2024-03-05');
  assert.equal(todayISO(new Date('2024-03-05T23:00:00Z')), '2024-03-06'); // 00:00 CET
  assert.equal(todayISO(new Date('2024-07-01T22:00:00Z')), '2024-07-02'); // 00:00 CEST
});

test('action labels: every searchable action and the extra ones have a Dutch label', () => {
  assert.deepEqual(AUDIT_SEARCH_ACTIONS, [
    'create', 'read', 'update', 'delete', 'search', 'export', 'login', 'login_failed', 'logout', 'authz_denied', 'break_glass', 'log_view',
  ]);
  for (const a of [...AUDIT_SEARCH_ACTIONS, 'print', 'merge', 'transfer', 'purge']) {
    assert.ok(AUDIT_ACTION_LABELS[a] && AUDIT_ACTION_LABELS[a] !== a, `label for ${a}`);
  }
  assert.equal(label(AUDIT_ACTION_LABELS, 'login_failed'), 'Inloggen mislukt');
  assert.equal(label(AUDIT_ACTION_LABELS, 'log_view'), 'Logboek bekeken');
  assert.equal(label(AUDIT_ACTION_LABELS, 'nieuw_iets'), 'nieuw_iets');
  assert.equal(label(AUDIT_OUTCOME_LABELS, 'denied'), 'Geweigerd');
  for (const s of ['ok', 'seq_gap', 'bad_record', 'leaf_mismatch', 'chain_mismatch', 'root_mismatch', 'bad_checkpoint', 'bad_signature',
    'truncated', 'behind_witness', 'fork', 'consistency', 'bad_deletion', 'incomplete']) {
    assert.ok(AUDIT_VERIFY_STATUS_LABELS[s], `verify status ${s}`);
  }
});

test('BSN: 9 digits and the elfproef; spaces and dots are ignored', () => {
  assert.equal(isValidBsn('123456782'), true);
  assert.equal(isValidBsn('1234.56.782'), true);
  assert.equal(isValidBsn(' 111 222 333 '), true);
  assert.equal(isValidBsn('123456789'), false);
  assert.equal(isValidBsn('000000000'), false, 'sum 0 is not a BSN');
  assert.equal(isValidBsn('12345678'), false);
  assert.equal(isValidBsn('12345678a'), false);
  assert.equal(cleanBsn('1234-56-782'), '123456782');
});

test('parseId: positive whole numbers only', () => {
  assert.equal(parseId('12'), 12);
  assert.equal(parseId(' 7 '), 7);
  assert.equal(parseId('0'), null);
  assert.equal(parseId('-1'), null);
  assert.equal(parseId('1.5'), null);
  assert.equal(parseId('abc'), null);
  assert.equal(parseId(''), null);
});

test('validateAuditForm: one "zoeken op" field at most, dates and numbers checked, API parameters built', () => {
  const ok = validateAuditForm({ account: '1', from: '28-11-2026', to: '28-11-2026', action: 'login' });
  assert.deepEqual(ok.params, { account: '1', from: '2026-11-28', to: '2026-11-28', action: 'login' });
  assert.deepEqual(ok.fields, {});
  assert.equal(ok.group, '');

  assert.deepEqual(validateAuditForm({}).params, {}, 'an empty form searches everything');
  assert.deepEqual(validateAuditForm({ person_bsn: '1234 56 782' }).params, { person_bsn: '123456782' });

  const two = validateAuditForm({ account: '1', user: '2' });
  assert.equal(two.params, null);
  assert.equal(two.group, t.audit.oneSubject);
  assert.deepEqual(two.filled, ['account', 'user']);

  const bad = validateAuditForm({ person_bsn: '12345', org: 'x', from: '31-02-2024', to: '1-1-2024' });
  assert.equal(bad.params, null);
  assert.equal(bad.group, t.audit.oneSubject);
  assert.equal(bad.fields.person_bsn, t.audit.bsnFormat);
  assert.match(bad.fields.org, /^Organisatie \(nummer\): vul een nummer in/);
  assert.match(bad.fields.from, /zoals 17-10-2024/);
  assert.equal(bad.fields.to, undefined, 'no order check when "van" is not a date');

  assert.equal(validateAuditForm({ person_bsn: '123456789' }).fields.person_bsn, t.audit.bsnInvalid);
  assert.equal(validateAuditForm({ from: '2-1-2024', to: '1-1-2024' }).fields.to, t.audit.toBeforeFrom);
  assert.deepEqual(validateAuditForm({ action: 'geen_handeling' }).params, {}, 'unknown actions are not sent');
  assert.deepEqual(SUBJECT_FIELDS, ['person_bsn', 'account', 'user', 'org']);
});

test('auditQuery and nextBefore: paging with limit and before', () => {
  assert.equal(auditQuery({ from: '2026-11-28', to: '2026-11-28', account: '' }, { limit: PAGE_SIZE }), `?from=2026-11-28&to=2026-11-28&limit=${PAGE_SIZE}`);
  assert.equal(auditQuery({ account: '1' }, { limit: 25, before: 40 }), '?account=1&limit=25&before=40');
  assert.equal(auditQuery({}, { queue: 'break_glass', limit: 25, before: null }), '?queue=break_glass&limit=25');
  assert.equal(auditQuery({ before: undefined }), '');
  assert.equal(nextBefore({ next_before: 17 }), 17);
  assert.equal(nextBefore({ next_before: null }), null);
  assert.equal(nextBefore({ next_before: 0 }), null, 'the server refuses before=0 and nothing is older than seq 0');
  assert.equal(nextBefore({}), null);
  assert.equal(nextBefore(null), null);
});

test('record presentation: pseudonym, legal basis, processing activity', () => {
  const p = '1bc73ae66c9ffce8d5092a31dfc5939c0ecad5d554a42e49659dda5d3b810212';
  assert.equal(shortPseudonym(p), '1bc73ae6…');
  assert.equal(shortPseudonym('abc'), 'abc');
  assert.equal(shortPseudonym(null), '');
  assert.equal(formatLegalBasis('avg-6-1-c'), 'AVG art. 6 lid 1 sub c');
  assert.equal(formatLegalBasis('avg-9-2-g'), 'AVG art. 9 lid 2 sub g');
  assert.equal(formatLegalBasis('avg-10'), 'AVG art. 10');
  assert.equal(formatLegalBasis('wpg-16'), 'wpg-16');
  assert.equal(formatLegalBasis(''), '');
  assert.equal(formatProcessing('regie:verwerking/authenticatie'), 'Inloggen en sessies');
  assert.equal(formatProcessing('regie:verwerking/toezicht-logging'), 'Toezicht op het logboek');
  assert.equal(formatProcessing('regie:verwerking/casus-regie'), 'Casus regie');
  assert.equal(formatProcessing(null), '');
});

test('who sees the Toegangslogboek and Mijn account', () => {
  const s = (roles, permissions) => ({ user: { roles }, ...(permissions ? { permissions } : {}) });
  assert.equal(canSearchAudit(s(['fg'])), true);
  assert.equal(canSearchAudit(s(['fg'], ['list.audit_log', 'search.audit_log'])), true);
  assert.equal(canSearchAudit(s(['dossierhouder'], ['list.case', 'update.user'])), false);
  assert.equal(canSearchAudit(s(['beheerder'])), false);
  assert.equal(canSearchAudit(null), false);
  for (const role of Object.keys(ROLE_PERMISSIONS)) assert.equal(canChangePassword(s([role])), true, role);
  assert.equal(canChangePassword(s(['melder'], ['create.signal'])), false);
});

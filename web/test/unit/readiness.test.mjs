// The readiness helpers (src/readiness.js): status badges in words, the overview order, and what
// the forms send (people, policy document, training, COT table, support point) with the server's
// limits. The checklist itself is computed by the server; nothing here decides a status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  R, LIMITS, statusBadge, overviewRows, singleMunicipality, peopleForm, validatePeople, validateDoc, emptyDocForm,
  validateTraining, emptyTrainingForm, cotForm, validateCot, safeUrl, validateSupport, supportForm, lastTrainingText,
} from '../../src/readiness.js';

const TODAY = '2026-11-28';
const FNS = [{ code: 'agenderen', label: 'Agenderen' }, { code: 'melden', label: 'Melden' }];

test('a status badge always carries words; the colour only adds to them', () => {
  assert.deepEqual(statusBadge('in_orde'), { status: 'valid', text: 'In orde' });
  assert.deepEqual(statusBadge('aandachtspunt'), { status: 'warning', text: 'Aandachtspunt' });
  assert.deepEqual(statusBadge('ontbreekt'), { status: 'danger', text: 'Ontbreekt' });
  assert.equal(statusBadge('iets').text, 'Onbekend');
});

test('overview: most open points first, then by name; one municipality opens directly', () => {
  const m = (id, name, ok, att, mis, warn = false) => ({ municipality: { id, name }, summary: { in_orde: ok, aandachtspunt: att, ontbreekt: mis }, continuity_warning: warn });
  const rows = overviewRows({ items: [m(1, 'Voorbeeldstad', 7, 0, 0), m(2, 'Proefdorp', 2, 3, 2, true), m(3, 'Oefenveen', 6, 1, 0)] });
  assert.deepEqual(rows.map((r) => r.municipality.name), ['Proefdorp', 'Oefenveen', 'Voorbeeldstad']);
  assert.equal(singleMunicipality({ items: [m(9, 'X', 1, 1, 1)] }), 9);
  assert.equal(singleMunicipality({ items: rows }), null);
  assert.deepEqual(overviewRows(null), []);
});

test('people: ids or null, the deputy differs from the dossierhouder and needs one', () => {
  const f = peopleForm({ readiness: { dossierhouder_id: 5, deputy_id: null, regional_org_id: 7 } });
  assert.deepEqual(f, { dossierhouder_id: '5', deputy_id: '', regional_org_id: '7', regional_body_id: '' });
  assert.deepEqual(validatePeople(f).body, { dossierhouder_id: 5, deputy_id: null, regional_org_id: 7, regional_body_id: null });
  assert.equal(validatePeople({ ...f, deputy_id: '5' }).errors.deputy_id, R.deputySame);
  assert.equal(validatePeople({ dossierhouder_id: '', deputy_id: '6' }).errors.deputy_id, R.deputyNeedsDh);
});

test('policy document: kind and title required, limits, no decision in the future', () => {
  const empty = validateDoc(emptyDocForm(), TODAY);
  assert.equal(empty.body, null);
  assert.ok(empty.errors.kind && empty.errors.title);
  const ok = validateDoc({ kind: 'lokale_scan', title: ' Scan ', reference: '', decision_date: '17-10-2024' }, TODAY);
  assert.deepEqual(ok.body, { kind: 'lokale_scan', title: 'Scan', decision_date: '2024-10-17' });
  assert.ok(validateDoc({ kind: 'overig', title: 'x'.repeat(LIMITS.title + 1) }, TODAY).errors.title);
  assert.ok(validateDoc({ kind: 'overig', title: 'x', decision_date: '01-01-2099' }, TODAY).errors.decision_date);
  assert.ok(validateDoc({ kind: 'overig', title: 'x', decision_date: '31-02-2024' }, TODAY).errors.decision_date);
});

test('training: date (not in the future), topic and 1..100 distinct attendees', () => {
  const e = validateTraining(emptyTrainingForm(), TODAY).errors;
  assert.ok(e.date && e.topic && e.attendee_ids);
  const ok = validateTraining({ date: '2026-10-01', topic: 'Signalen', provider: '', attendee_ids: ['3', '3', '4'] }, TODAY);
  assert.deepEqual(ok.body, { date: '2026-10-01', topic: 'Signalen', attendee_ids: [3, 4] });
  assert.ok(validateTraining({ date: '2027-01-01', topic: 'x', attendee_ids: ['1'] }, TODAY).errors.date);
  const many = Array.from({ length: LIMITS.attendees + 1 }, (_, i) => String(i + 1));
  assert.ok(validateTraining({ date: '2026-10-01', topic: 'x', attendee_ids: many }, TODAY).errors.attendee_ids);
});

test('COT: every function is sent (an empty one is an open point); a note needs an organisation', () => {
  const f = cotForm({ cot: [{ function: 'agenderen', orgs: [{ id: 1 }], note: 'De burgemeester' }, { function: 'melden', orgs: [], note: null }] });
  assert.deepEqual(f, { agenderen: { org_ids: ['1'], note: 'De burgemeester' }, melden: { org_ids: [], note: '' } });
  assert.deepEqual(validateCot(f, FNS).body, { roles: [{ function: 'agenderen', org_ids: [1], note: 'De burgemeester' }, { function: 'melden', org_ids: [] }] });
  const bad = validateCot({ melden: { org_ids: [], note: 'wie?' } }, FNS);
  assert.equal(bad.body, null);
  assert.equal(bad.errors['roles.1.note'], R.noteNeedsOrg);
  const many = { agenderen: { org_ids: Array.from({ length: LIMITS.cotOrgs + 1 }, (_, i) => String(i + 1)), note: '' } };
  assert.ok(validateCot(many, FNS).errors['roles.0.org_ids']);
});

test('support: only https links are links; new sends filled members, edit sends all', () => {
  assert.equal(safeUrl('https://www.vng.nl/radicalisering'), 'https://www.vng.nl/radicalisering');
  assert.equal(safeUrl('http://www.vng.nl'), null);
  assert.equal(safeUrl('javascript:alert(1)'), null);
  assert.equal(safeUrl('https://a b'), null);
  assert.deepEqual(validateSupport({ name: 'VNG', description: '', contact: '', url: '', sort: '' }).body, { name: 'VNG' });
  assert.deepEqual(validateSupport({ name: 'VNG', description: '', contact: 'x', url: '', sort: '10' }, true).body,
    { name: 'VNG', description: '', contact: 'x', url: '', sort: 10 });
  assert.ok(validateSupport({ name: '' }).errors.name);
  assert.ok(validateSupport({ name: 'x', url: 'ftp://x' }).errors.url);
  assert.ok(validateSupport({ name: 'x', sort: '-1' }).errors.sort);
  assert.deepEqual(supportForm({ name: 'N', sort: 0, url: null }), { name: 'N', description: '', contact: '', url: '', sort: '0' });
});

test('last training per organisation in words', () => {
  assert.equal(lastTrainingText({ last_date: null }), R.never);
  assert.equal(lastTrainingText({ last_date: '2026-01-02' }, (d) => `d:${d}`), 'd:2026-01-02');
});

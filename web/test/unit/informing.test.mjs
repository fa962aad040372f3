// The informing helpers (src/informing.js): the status of a person in words (overdue said in
// text), the history lines, and what the form sends (person choice, informed: date not in the
// future and how; deferred: reason, explanation for "overig", the OM for "opsporing", and a
// re-assessment date in the future within the maximum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  I, statusText, historyText, personName, personValue, emptyInformingForm, validateInforming, addDays, reasonLabel,
} from '../../src/informing.js';

const TODAY = '2026-11-28';
const opts = { today: TODAY, maxDays: 182 };
const form = (x) => ({ ...emptyInformingForm(), person: 's:11', ...x });

test('status in words, overdue in text', () => {
  assert.deepEqual(statusText({ status: 'open', overdue: false }), { text: I.open, late: false, lateText: '' });
  assert.equal(statusText({ status: 'open', overdue: true }).lateText, I.lateOpen);
  const inf = statusText({ status: 'informed', current: { informed_date: '2026-11-20', how: 'brief' } });
  assert.equal(inf.text, 'Geïnformeerd op 20-11-2026, per brief');
  const reasons = [{ code: 'persoon_onbereikbaar', label: 'Persoon niet bereikbaar' }];
  const def = statusText({ status: 'deferred', overdue: true, current: { reassess_date: '2026-12-01', reason: 'persoon_onbereikbaar' } }, reasons);
  assert.equal(def.text, 'Uitgesteld tot 01-12-2026: Persoon niet bereikbaar');
  assert.equal(def.late, true);
  assert.equal(def.lateText, I.lateDeferred);
  assert.equal(reasonLabel([], 'overig'), 'Andere reden');
  assert.equal(historyText({ outcome: 'open', due_date: '2026-12-26' }), 'Open, uiterlijk 26-12-2026');
});

test('names and person values', () => {
  assert.equal(personName({ redacted: true, name: 'x' }), I.hidden);
  assert.equal(personName({ redacted: false }), I.noName);
  assert.equal(personValue({ person_id: 5, network_person_id: null }), 's:5');
  assert.equal(personValue({ person_id: 5, network_person_id: 9 }), 'n:9');
});

test('informed: date, how, note', () => {
  const ok = validateInforming(form({ outcome: 'informed', informed_date: '20-11-2026', how: 'mondeling', note: ' gesprek ' }), opts);
  assert.deepEqual(ok.body, { person: 'subject', person_id: 11, outcome: 'informed', informed_date: '2026-11-20', how: 'mondeling', note: 'gesprek' });
  const bad = validateInforming(form({ outcome: 'informed', informed_date: '29-11-2026', how: 'rooksignaal' }), opts);
  assert.equal(bad.body, null);
  assert.equal(bad.errors.informed_date, I.dateFuture);
  assert.equal(bad.errors.how, I.howRequired);
  const none = validateInforming({ ...emptyInformingForm() }, opts);
  assert.equal(none.errors.person, I.personRequired);
  assert.equal(none.errors.outcome, I.outcomeRequired);
});

test('deferred: reason, explanation, OM, re-assessment date', () => {
  const nw = validateInforming(form({ person: 'n:7', outcome: 'deferred', reason: 'veiligheid_van_derden', reassess_date: '28-12-2026' }), opts);
  assert.deepEqual(nw.body, { network_person_id: 7, outcome: 'deferred', reason: 'veiligheid_van_derden', reassess_date: '2026-12-28' });
  const e1 = validateInforming(form({ outcome: 'deferred', reason: 'overig', reassess_date: '28-11-2026' }), opts).errors;
  assert.equal(e1.explanation, I.explanationRequired);
  assert.equal(e1.reassess_date, I.reassessPast);
  const e2 = validateInforming(form({ outcome: 'deferred', reason: 'zou_opsporing_of_vervolging_schaden', reassess_date: '01-01-2028' }), opts).errors;
  assert.equal(e2.om_consulted, I.omRequired);
  assert.match(e2.reassess_date, /uiterlijk/);
  assert.equal(validateInforming(form({ outcome: 'deferred' }), opts).errors.reason, I.reasonRequired);
  const max = addDays(TODAY, 182);
  const [y, m, d] = max.split('-');
  const ok = validateInforming(form({ outcome: 'deferred', reason: 'zou_opsporing_of_vervolging_schaden', om_consulted: true, reassess_date: `${d}-${m}-${y}` }), opts);
  assert.equal(ok.body?.reassess_date, max);
  assert.equal(ok.body?.om_consulted, true);
});

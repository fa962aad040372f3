// The key-figure helpers (src/keyfigures.js): the list filters in the address and the API query,
// "contact gewenst" and the last contact in words, the order (overdue first, then by
// organisation), and what the forms send (consent required, no dates in the future, limits,
// clearing optional members on edit). Nothing here links a key figure to a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  K, LIMITS, parseKeyFigureSearch, keyFigureSearch, keyFigureQuery, lastContactText, stateOf, sortKeyFigures,
  emptyKeyFigureForm, formFromKeyFigure, validateKeyFigure, validateContact, validateEnd, KF_FIELDS,
} from '../../src/keyfigures.js';

const TODAY = '2026-11-28';
const good = () => ({
  ...emptyKeyFigureForm(),
  level: 'bestuurlijk',
  organisation: 'Stichting Voorbeeld (test)',
  role: 'Voorzitter',
  contact_name: 'Fictieve Persoon',
  consent_date: '03-03-2026',
  consent_note: 'Mondeling op 3 maart, vastgelegd in het gespreksverslag.',
});

test('filters: address and API query, defaults and unknown values', () => {
  assert.deepEqual(parseKeyFigureSearch(''), { level: '', status: 'active' });
  assert.deepEqual(parseKeyFigureSearch('?niveau=ambtelijk&status=overdue'), { level: 'ambtelijk', status: 'overdue' });
  assert.deepEqual(parseKeyFigureSearch('?niveau=kerk&status=alles'), { level: '', status: 'active' });
  assert.equal(keyFigureSearch({ level: '', status: 'active' }), '');
  assert.equal(keyFigureSearch({ level: 'bestuurlijk', status: 'ended' }), '?niveau=bestuurlijk&status=ended');
  assert.equal(keyFigureQuery({ level: 'bestuurlijk', status: 'overdue' }), '?level=bestuurlijk&status=overdue');
  assert.equal(keyFigureQuery({}), '');
});

test('state in words, never colour only; last contact text', () => {
  assert.deepEqual(stateOf({ status: 'active', contact_wanted: true }), { text: 'Contact gewenst', status: 'warning' });
  assert.equal(stateOf({ status: 'active', contact_wanted: false }).text, 'Bijgewerkt');
  assert.equal(stateOf({ status: 'ended', contact_wanted: false }).text, 'Beëindigd');
  assert.equal(lastContactText({ last_contact_date: null }), 'Nog geen contact');
  assert.match(lastContactText({ last_contact_date: '2026-10-12' }), /12 okt/);
});

test('order: overdue first, then by organisation (case-insensitive), then id', () => {
  const out = sortKeyFigures([
    { id: 1, organisation: 'zwemclub', contact_wanted: false },
    { id: 2, organisation: 'Buurthuis', contact_wanted: true },
    { id: 3, organisation: 'Apotheek', contact_wanted: false },
    { id: 4, organisation: 'Atletiek', contact_wanted: true },
  ]);
  assert.deepEqual(out.map((x) => x.id), [4, 2, 3, 1]);
});

test('new key figure: consent date and note are required; the body has no case id', () => {
  const ok = validateKeyFigure(good(), { today: TODAY });
  assert.deepEqual(ok.errors, {});
  assert.equal(ok.body.consent_date, '2026-03-03');
  assert.equal(ok.body.level, 'bestuurlijk');
  assert.equal('case_id' in ok.body, false);
  assert.deepEqual(Object.keys(ok.body).filter((k) => !KF_FIELDS.includes(k)), [], 'only known members');
  assert.equal('phone' in ok.body, false, 'an empty optional member is left out of a new key figure');

  const none = validateKeyFigure({ ...good(), consent_date: '', consent_note: '' }, { today: TODAY });
  assert.equal(none.body, null);
  assert.match(none.errors.consent_date, /datum van de toestemming/i);
  assert.equal(none.errors.consent_note, K.consentNoteRequired);
});

test('new key figure: dates in the future, bad phone and e-mail, level, limits', () => {
  const v = validateKeyFigure({
    ...good(), consent_date: '29-11-2026', phone: 'bel me', email: 'geen-adres', level: 'kerk', organisation: 'x'.repeat(LIMITS.name + 1),
  }, { today: TODAY });
  assert.equal(v.body, null);
  assert.match(v.errors.consent_date, /toekomst/);
  assert.equal(v.errors.phone, K.phoneInvalid);
  assert.equal(v.errors.email, K.emailInvalid);
  assert.equal(v.errors.level, K.chooseLevel);
  assert.match(v.errors.organisation, /te lang/);
  assert.match(validateKeyFigure({ ...good(), consent_date: '31-02-2026' }, { today: TODAY }).errors.consent_date, /geldige datum/);
  const okPhone = validateKeyFigure({ ...good(), phone: '010-555 01 01', email: 'a.b@voorbeeld.nl' }, { today: TODAY });
  assert.equal(okPhone.body.phone, '010-555 01 01');
  assert.equal(okPhone.body.email, 'a.b@voorbeeld.nl');
});

test('edit: filled from the key figure; emptied optional members are cleared (null)', () => {
  const f = formFromKeyFigure({ level: 'ambtelijk', organisation: 'O', role: 'R', contact_name: 'N', phone: '0612345678', email: null, consent_date: '2026-03-03', consent_note: 'C', note: null });
  assert.equal(f.consent_date, '03-03-2026');
  assert.equal(f.phone, '0612345678');
  assert.equal(f.email, '');
  const v = validateKeyFigure({ ...f, phone: '' }, { edit: true, today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.equal(v.body.phone, null);
  assert.equal(v.body.email, null);
  assert.equal(v.body.note, null);
});

test('contact and end: date not in the future, topic and reason required', () => {
  assert.deepEqual(validateContact({ date: '28-11-2026', topic: 'Kennismaking' }, TODAY).body, { date: '2026-11-28', topic: 'Kennismaking' });
  const c = validateContact({ date: '30-11-2026', topic: '' }, TODAY);
  assert.equal(c.body, null);
  assert.match(c.errors.date, /toekomst/);
  assert.equal(c.errors.topic, K.topicRequired);
  assert.match(validateContact({ date: '', topic: 'x' }, TODAY).errors.date, /datum/);
  assert.deepEqual(validateEnd({ date: '01-11-2026', reason: 'toestemming_ingetrokken' }, TODAY).body, { date: '2026-11-01', reason: 'toestemming_ingetrokken' });
  assert.equal(validateEnd({ date: '01-11-2026', reason: 'boos' }, TODAY).errors.reason, K.chooseReason);
});

// The ambtsbericht (AIVD) parts of the signal screens (src/signals.js): the extra members of the
// new-signal form for the burgemeester, the update form ("Ambtsbericht bijwerken"), the reader
// choices, and server errors such as "ambtsbericht/received_date" on the right field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  emptySignalForm, emptyAmbtsbericht, validateSignal, signalFieldKeys, signalRewrite, formErrors, fieldId,
  ambtsberichtFieldKeys, ambtsberichtLabels, ambtsberichtBody, ambtsberichtFormFrom, validateAmbtsberichtUpdate, readerOptions,
  MAX_READERS,
} from '../../src/signals.js';
import { ApiError, normaliseProblem } from '../../src/api.js';
import { t } from '../../src/i18n/nl.js';

const TODAY = '2026-11-28';
const s = t.signals;

function ambForm(patch = {}) {
  const f = emptySignalForm({ municipality_id: 1 });
  f.route = 'ambtsbericht';
  f.subjects = [{ kind: 'person', name: 'Fictief Persoon', birth_date: '', bsn: '', description: '' }];
  f.observed = 'Samenvatting van het ambtsbericht.';
  f.acute = { ...f.acute, danger: 'nee' };
  f.ambtsbericht = { ...emptyAmbtsbericht(), addressee: ' De burgemeester van Voorbeeldstad ', received_date: '20-11-2026', ...patch };
  return f;
}

test('a new signal form has an empty ambtsbericht part', () => {
  assert.deepEqual(emptySignalForm().ambtsbericht, {
    addressee: '', received_date: '', readers: [], nctv_consulted: '', nctv_date: '', nctv_contact: '', driehoek_decision: '', driehoek_date: '',
  });
});

test('route ambtsbericht: the body has the ambtsbericht member and no reporter; only filled members are sent', () => {
  const f = ambForm({ readers: ['2', '3', '2'] });
  f.reporter.kind = ''; // the reporter questions are not asked for an ambtsbericht
  const v = validateSignal(f, { mode: 'full', today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.equal(v.body.route, 'ambtsbericht');
  assert.equal('reporter' in v.body, false);
  assert.deepEqual(v.body.ambtsbericht, { addressee: 'De burgemeester van Voorbeeldstad', received_date: '2026-11-20', readers: [2, 3] });
});

test('route ambtsbericht: NCTV date and contact only when the NCTV was consulted; driehoek decision and date', () => {
  const yes = validateSignal(ambForm({ nctv_consulted: 'ja', nctv_date: '21-11-2026', nctv_contact: ' Nina NCTV ', driehoek_decision: 'Gesprek met de persoon', driehoek_date: '25-11-2026' }), { mode: 'full', today: TODAY });
  assert.deepEqual(yes.errors, {});
  assert.deepEqual(yes.body.ambtsbericht, {
    addressee: 'De burgemeester van Voorbeeldstad', received_date: '2026-11-20', nctv_consulted: true, nctv_date: '2026-11-21',
    nctv_contact: 'Nina NCTV', driehoek_decision: 'Gesprek met de persoon', driehoek_date: '2026-11-25',
  });
  const no = validateSignal(ambForm({ nctv_consulted: 'nee', nctv_date: '21-11-2026', nctv_contact: 'weg' }), { mode: 'full', today: TODAY });
  assert.deepEqual(no.body.ambtsbericht, { addressee: 'De burgemeester van Voorbeeldstad', received_date: '2026-11-20', nctv_consulted: false });
});

test('route ambtsbericht: required members, dates and the reader limit, with Dutch messages', () => {
  const v = validateSignal(ambForm({
    addressee: ' ', received_date: '', nctv_consulted: 'ja', nctv_date: '31-02-2026', driehoek_date: 'morgen',
    readers: Array.from({ length: MAX_READERS + 1 }, (_, i) => String(i + 1)),
  }), { mode: 'full', today: TODAY });
  assert.equal(v.body, null);
  assert.deepEqual(v.errors, {
    'ambtsbericht.addressee': s.addresseeRequired,
    'ambtsbericht.received_date': s.ambReceivedRequired,
    'ambtsbericht.readers': s.readersTooMany(MAX_READERS),
    'ambtsbericht.nctv_date': s.dateInvalid(s.fNctvDate),
    'ambtsbericht.driehoek_date': s.dateInvalid(s.fDriehoekDecisionDate),
  });
  const future = validateSignal(ambForm({ received_date: '29-11-2026' }), { mode: 'full', today: TODAY });
  assert.deepEqual(future.errors, { 'ambtsbericht.received_date': s.dateFuture(s.fAmbReceived) });
  // every message key is a field of the form (so the error summary can link to it)
  const keys = new Set(signalFieldKeys(ambForm(), 'full'));
  for (const k of Object.keys(v.errors)) assert.ok(keys.has(k), k);
});

test('other routes send no ambtsbericht, even when the part was filled before the route changed', () => {
  const f = ambForm({ readers: ['2'] });
  f.route = 'professional';
  f.reporter.kind = 'anonymous';
  const v = validateSignal(f, { mode: 'full', today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.equal('ambtsbericht' in v.body, false);
  assert.deepEqual(v.body.reporter, { kind: 'anonymous' });
});

test('field keys: the ambtsbericht members replace the reporter questions, in form order', () => {
  const keys = signalFieldKeys(ambForm(), 'full');
  const i = keys.indexOf('received_date');
  assert.deepEqual(keys.slice(i + 1, i + 10), [
    'ambtsbericht.addressee', 'ambtsbericht.received_date', 'ambtsbericht.readers', 'ambtsbericht.nctv_consulted', 'ambtsbericht.nctv_date',
    'ambtsbericht.nctv_contact', 'ambtsbericht.driehoek_decision', 'ambtsbericht.driehoek_date', 'ambtsbericht',
  ]);
  assert.equal(keys.includes('reporter.kind'), false);
  const normal = signalFieldKeys({ ...ambForm(), route: 'professional' }, 'full');
  assert.equal(normal.some((k) => k.startsWith('ambtsbericht')), false);
  assert.ok(normal.includes('reporter.kind'));
  assert.deepEqual(ambtsberichtFieldKeys('', { creating: false }), ['readers', 'nctv_consulted', 'nctv_date', 'nctv_contact', 'driehoek_decision', 'driehoek_date']);
  assert.equal(fieldId('sig', 'ambtsbericht.received_date'), 'sig-ambtsbericht-received-date');
});

test('server errors "ambtsbericht/received_date" and "ambtsbericht/readers" land on their fields', () => {
  const f = ambForm();
  const err = new ApiError(normaliseProblem(400, {
    status: 400, title: 'Bad Request', detail: 'Een of meer velden zijn niet goed ingevuld; zie errors.',
    errors: [
      { field: 'ambtsbericht/received_date', reason: 'geen geldige datum (JJJJ-MM-DD)' },
      { field: 'ambtsbericht/readers', reason: 'alleen een dossierhouder of voorzitter kan lezer zijn' },
      { field: 'route', reason: 'alleen de burgemeester registreert een ambtsbericht' },
    ],
  }));
  const v = formErrors(err, { known: new Set(signalFieldKeys(f, 'full')), labels: ambtsberichtLabels('ambtsbericht.'), rewrite: signalRewrite });
  assert.deepEqual(Object.keys(v.fields).sort(), ['ambtsbericht.readers', 'ambtsbericht.received_date', 'route']);
  assert.equal(v.fields['ambtsbericht.received_date'], `${s.fAmbReceived}: geen geldige datum (JJJJ-MM-DD).`);
  assert.equal(v.fields['ambtsbericht.readers'], `${s.fReaders}: alleen een dossierhouder of voorzitter kan lezer zijn.`);
  assert.deepEqual(v.loose, []);
  // the update form: paths without the prefix
  const upd = new ApiError(normaliseProblem(400, { status: 400, errors: [{ field: 'driehoek_date', reason: 'geen geldige datum (JJJJ-MM-DD)' }, { field: 'readers', reason: 'onbekend account' }] }));
  const u = formErrors(upd, { known: new Set(ambtsberichtFieldKeys('', { creating: false })), labels: ambtsberichtLabels() });
  assert.deepEqual(Object.keys(u.fields).sort(), ['driehoek_date', 'readers']);
});

test('readerOptions: the candidates, plus readers already named who are no longer candidates', () => {
  const candidates = [{ id: 2, name: 'Daan Dossier (demo)' }, { id: 3, name: 'Vera Voorzitter (demo)' }];
  assert.deepEqual(readerOptions(candidates), [{ value: '2', label: 'Daan Dossier (demo)' }, { value: '3', label: 'Vera Voorzitter (demo)' }]);
  assert.deepEqual(readerOptions(candidates, [{ id: 3, name: 'Vera Voorzitter (demo)' }, { id: 9, name: 'Oud Lid' }]).map((o) => o.value), ['2', '3', '9']);
  assert.deepEqual(readerOptions(undefined, null), []);
});

test('update form: prefilled from the detail view; every member is sent, empty ones as null', () => {
  const stored = {
    addressee: 'Burgemeester', received_date: '2026-11-20', nctv_consulted: true, nctv_date: '2026-11-21', nctv_contact: 'Nina NCTV',
    driehoek_decision: '', driehoek_date: null, readers: [{ id: 2, name: 'Daan Dossier (demo)' }],
  };
  const f = ambtsberichtFormFrom(stored);
  assert.deepEqual(f, {
    addressee: '', received_date: '', readers: ['2'], nctv_consulted: 'ja', nctv_date: '21-11-2026', nctv_contact: 'Nina NCTV',
    driehoek_decision: '', driehoek_date: '',
  });
  assert.equal(ambtsberichtFormFrom({ nctv_consulted: false }).nctv_consulted, 'nee');
  assert.equal(ambtsberichtFormFrom({ nctv_consulted: null }).nctv_consulted, '');
  assert.deepEqual(ambtsberichtFormFrom(null), emptyAmbtsbericht());

  const v = validateAmbtsberichtUpdate({ ...f, driehoek_decision: ' Persoonsgericht aanpakken ', driehoek_date: '27-11-2026', readers: ['2', '3'] }, TODAY);
  assert.deepEqual(v.errors, {});
  assert.deepEqual(v.body, {
    readers: [2, 3], nctv_consulted: true, nctv_date: '2026-11-21', nctv_contact: 'Nina NCTV',
    driehoek_decision: 'Persoonsgericht aanpakken', driehoek_date: '2026-11-27',
  });
  // no addressee/received date in the update; clearing readers and NCTV sends empty values
  const cleared = validateAmbtsberichtUpdate({ ...emptyAmbtsbericht(), addressee: 'genegeerd' }, TODAY);
  assert.deepEqual(cleared.body, {
    readers: [], nctv_consulted: null, nctv_date: null, nctv_contact: null, driehoek_decision: null, driehoek_date: null,
  });
  const nee = validateAmbtsberichtUpdate({ ...f, nctv_consulted: 'nee' }, TODAY);
  assert.equal(nee.body.nctv_consulted, false);
  assert.equal(nee.body.nctv_date, null);
  assert.equal(nee.body.nctv_contact, null);
  const bad = validateAmbtsberichtUpdate({ ...f, nctv_date: '30-11-2026', driehoek_date: '2026-13-01' }, TODAY);
  assert.equal(bad.body, null);
  assert.deepEqual(bad.errors, { nctv_date: s.dateFuture(s.fNctvDate), driehoek_date: s.dateInvalid(s.fDriehoekDecisionDate) });
});

test('ambtsberichtBody adds errors in place under the given prefix', () => {
  const errors = {};
  const out = ambtsberichtBody({ ...emptyAmbtsbericht(), driehoek_decision: 'x'.repeat(10001) }, errors, { creating: true, today: TODAY });
  assert.deepEqual(Object.keys(errors).sort(), ['ambtsbericht.addressee', 'ambtsbericht.driehoek_decision', 'ambtsbericht.received_date']);
  assert.equal(errors['ambtsbericht.driehoek_decision'], s.tooLong(s.fDriehoekDecision, 10000));
  assert.deepEqual(out, {});
});

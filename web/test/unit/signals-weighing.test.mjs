// The weighing form (src/signals.js): body from form state, required fields per outcome, the
// correction prefill (`corrects`), and server errors by criterion index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  emptyWeighingForm, weighingFormFrom, validateWeighing, weighingFieldKeys, weighingRewrite, formErrors,
} from '../../src/signals.js';
import { ApiError, normaliseProblem } from '../../src/api.js';

const TODAY = '2026-11-28';
const criteria = [
  { value: 'c1', label: 'Zorgen over radicalisering' },
  { value: 'c2', label: 'Gevaar voor anderen' },
];

function filled(outcome = 'geen_zorg') {
  const f = emptyWeighingForm(criteria, TODAY);
  f.attendees = [
    { org_id: '1', name: 'Daan Dossier', function: 'Dossierhouder' },
    { org_id: '4', name: 'Pim Partner', function: '' },
  ];
  f.criteria = { c1: { assessment: 'ja', note: ' duidelijk ' }, c2: { assessment: 'onbekend', note: '' } };
  f.rationale = 'Onderbouwing';
  f.proportionality = 'Proportioneel';
  f.subsidiarity = 'Geen lichter middel';
  f.decision_rule = 'unaniem';
  f.outcome = outcome;
  return f;
}

test('an empty form starts today, in a meeting, with one attendee row and every criterion open', () => {
  const f = emptyWeighingForm(criteria, TODAY);
  assert.equal(f.decided_on, '28-11-2026');
  assert.equal(f.in_meeting, true);
  assert.equal(f.attendees.length, 1);
  assert.deepEqual(f.criteria, { c1: { assessment: '', note: '' }, c2: { assessment: '', note: '' } });
  assert.equal(f.corrects, null);
});

test('all required fields of the weighing, with Dutch messages', () => {
  const f = emptyWeighingForm(criteria, TODAY);
  f.decided_on = '';
  const v = validateWeighing(f, criteria, { today: TODAY });
  assert.equal(v.body, null);
  assert.deepEqual(Object.keys(v.errors), [
    'decided_on', 'attendees.0.org_id', 'criteria.c1.assessment', 'criteria.c2.assessment', 'rationale', 'proportionality',
    'subsidiarity', 'decision_rule', 'outcome',
  ]);
  assert.equal(v.errors['criteria.c2.assessment'], 'Gevaar voor anderen: kies ja, nee of onbekend.');
  assert.equal(v.errors['attendees.0.org_id'], 'Vul minstens één aanwezige in.');
  // a half-filled attendee row
  const g = filled();
  g.attendees.push({ org_id: '', name: 'Zonder organisatie', function: '' });
  assert.equal(validateWeighing(g, criteria, { today: TODAY }).errors['attendees.2.org_id'], 'Aanwezige 3: kies een organisatie.');
  // empty rows are skipped
  const h = filled();
  h.attendees.push({ org_id: '', name: '', function: '' });
  assert.equal(validateWeighing(h, criteria, { today: TODAY }).body.attendees.length, 2);
});

test('body of POST /weighings: every criterion once, trimmed texts, no empty optional fields', () => {
  const v = validateWeighing(filled(), criteria, { today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.deepEqual(v.body, {
    decided_on: '2026-11-28',
    in_meeting: true,
    attendees: [{ org_id: 1, name: 'Daan Dossier', function: 'Dossierhouder' }, { org_id: 4, name: 'Pim Partner' }],
    criteria: [{ code: 'c1', assessment: 'ja', note: 'duidelijk' }, { code: 'c2', assessment: 'onbekend' }],
    rationale: 'Onderbouwing',
    proportionality: 'Proportioneel',
    subsidiarity: 'Geen lichter middel',
    decision_rule: 'unaniem',
    outcome: 'geen_zorg',
  });
});

test('outcome sub-fields: only the block of the chosen outcome is sent, with its required fields', () => {
  const adm = filled('opname_pga');
  adm.referral.to = 'niet meesturen';
  let v = validateWeighing(adm, criteria, { today: TODAY });
  assert.deepEqual(v.errors, {
    'admission.casusregisseur_id': 'Kies een casusregisseur.',
    'admission.first_overleg_date': 'Vul de datum van het eerste casusoverleg in.',
  });
  adm.admission = { casusregisseur_id: '7', first_overleg_date: '3-12-2026' };
  v = validateWeighing(adm, criteria, { today: TODAY });
  assert.deepEqual(v.body.admission, { casusregisseur_id: 7, first_overleg_date: '2026-12-03' });
  assert.equal('referral' in v.body, false);
  adm.admission.first_overleg_date = '27-11-2026';
  assert.match(validateWeighing(adm, criteria, { today: TODAY }).errors['admission.first_overleg_date'], /voor de datum van de weging/);

  const ref = filled('verwezen_regulier');
  assert.deepEqual(Object.keys(validateWeighing(ref, criteria, { today: TODAY }).errors), ['referral.to', 'referral.informed_by']);
  ref.referral = { to: 'Jeugdzorg', informed_by: 'Dossierhouder' };
  assert.deepEqual(validateWeighing(ref, criteria, { today: TODAY }).body.referral, { to: 'Jeugdzorg', informed_by: 'Dossierhouder' });

  const rew = filled('herwegen');
  rew.reweigh = { date: '28-11-2026', information_sought: '', from: '' };
  assert.deepEqual(Object.keys(validateWeighing(rew, criteria, { today: TODAY }).errors), ['reweigh.date', 'reweigh.information_sought', 'reweigh.from']);
  rew.reweigh = { date: '12-12-2026', information_sought: 'schoolgegevens', from: 'school' };
  assert.deepEqual(validateWeighing(rew, criteria, { today: TODAY }).body.reweigh, { date: '2026-12-12', information_sought: 'schoolgegevens', from: 'school' });

  const esc = filled('acuut_escalatie');
  assert.deepEqual(Object.keys(validateWeighing(esc, criteria, { today: TODAY }).errors), ['escalation.driehoek_date']);
  esc.escalation = { driehoek_date: '28-11-2026', note: '' };
  assert.deepEqual(validateWeighing(esc, criteria, { today: TODAY }).body.escalation, { driehoek_date: '2026-11-28' });
});

test('decided_on: not in the future, a real date', () => {
  const f = filled();
  f.decided_on = '29-11-2026';
  assert.match(validateWeighing(f, criteria, { today: TODAY }).errors.decided_on, /toekomst/);
  f.decided_on = '31-11-2026';
  assert.match(validateWeighing(f, criteria, { today: TODAY }).errors.decided_on, /vul een datum in zoals 17-10-2024/);
});

test('"Corrigeer deze weging" prefills the current weighing and sends corrects', () => {
  const w = {
    id: 555, version: 2, decided_on: '2026-11-20', in_meeting: false,
    attendees: [{ org: { id: 1, name: 'Gemeente Voorbeeldstad', kind: 'gemeente' }, name: 'Daan', function: '' }],
    criteria: [{ code: 'c1', label: 'Zorgen', assessment: 'nee', assessment_label: 'Nee', note: 'geen' }, { code: 'c2', assessment: 'ja', note: '' }],
    rationale: 'R', proportionality: 'P', subsidiarity: 'S', dissent: '', decision_rule: 'voorzitter', outcome: 'opname_pga',
    admission: { casusregisseur: { id: 7, name: 'Daan Dossier' }, first_overleg_date: '2026-12-03' },
  };
  const f = weighingFormFrom(w, criteria);
  assert.equal(f.corrects, 555);
  assert.equal(f.decided_on, '20-11-2026');
  assert.equal(f.in_meeting, false);
  assert.deepEqual(f.attendees, [{ org_id: '1', name: 'Daan', function: '' }]);
  assert.deepEqual(f.criteria, { c1: { assessment: 'nee', note: 'geen' }, c2: { assessment: 'ja', note: '' } });
  assert.deepEqual(f.admission, { casusregisseur_id: '7', first_overleg_date: '03-12-2026' });
  const v = validateWeighing(f, criteria, { today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.equal(v.body.corrects, 555);
  assert.equal(v.body.decided_on, '2026-11-20');
  assert.deepEqual(v.body.admission, { casusregisseur_id: 7, first_overleg_date: '2026-12-03' });
  assert.deepEqual(weighingFormFrom(null, criteria).corrects, null);
});

test('server errors by index ("criteria/1/assessment", "attendees/0/org_id") land on the right field', () => {
  const f = filled('opname_pga');
  const known = new Set(weighingFieldKeys(f, criteria));
  assert.ok(known.has('admission.casusregisseur_id'));
  assert.ok(!known.has('referral.to'));
  const err = new ApiError(normaliseProblem(422, {
    status: 422, detail: 'Controleer de velden.',
    errors: [
      { field: 'criteria/1/assessment', reason: 'kies ja, nee of onbekend' },
      { field: 'attendees/0/org_id', reason: 'deze organisatie bestaat niet' },
      { field: 'admission/casusregisseur_id', reason: 'kies een actieve dossierhouder van de gemeente van deze melding' },
      { field: 'corrects', reason: 'alleen de nieuwste weging van deze melding kan worden gecorrigeerd' },
    ],
  }));
  const v = formErrors(err, { known, rewrite: weighingRewrite(criteria.map((c) => c.value)), labels: { 'criteria.c2.assessment': 'Gevaar voor anderen', corrects: 'Correctie' } });
  assert.equal(v.fields['criteria.c2.assessment'], 'Gevaar voor anderen: kies ja, nee of onbekend.');
  assert.equal(v.fields['attendees.0.org_id'], 'deze organisatie bestaat niet');
  assert.equal(v.fields['admission.casusregisseur_id'], 'kies een actieve dossierhouder van de gemeente van deze melding');
  // no field on the form for `corrects`: the message goes to the summary, with a Dutch name
  assert.equal(v.fields.corrects, undefined);
  assert.deepEqual(v.loose, ['Correctie: alleen de nieuwste weging van deze melding kan worden gecorrigeerd.']);
  assert.equal(weighingRewrite(['c1'])('criteria.5.note'), 'criteria.5.note');
});

// The purpose helpers (src/purpose.js, docs/purpose.md): which requests carry the purpose (the
// content of one case, not the list of its purposes, not other objects), the choice kept per case,
// the choices offered from GET /api/cases/{id}/purposes (allowed ones and recorded re-use bases),
// and which refusals make the page ask again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PURPOSE, PURPOSE_HEADER, purposeCaseFor, purposeHeaders, getPurpose, setPurpose, clearPurpose, setCurrentCase, setPurposeOwner,
  isPurposeProblem, purposeChoices, validatePurpose, onPurposeRequired, purposeRefused,
} from '../../src/purpose.js';

test('case-content reads carry the purpose of their case', () => {
  assert.equal(purposeCaseFor('/api/cases/42'), '42');
  assert.equal(purposeCaseFor('/api/cases/42/network/graph?x=1'), '42');
  assert.equal(purposeCaseFor('/api/cases/42/purposes'), '', 'the list of purposes needs none');
  assert.equal(purposeCaseFor('/api/cases'), '');
  assert.equal(purposeCaseFor('/api/cases?fase=uitvoering'), '');
  assert.equal(purposeCaseFor('/api/signals/42'), '');
  setCurrentCase(7);
  assert.equal(purposeCaseFor('/api/persons/3/links'), '7', 'links of a person: the open case');
  assert.equal(purposeCaseFor('/api/documents?owner=case&owner_id=7'), '7');
  setCurrentCase(null);
  assert.equal(purposeCaseFor('/api/persons/3/links'), '');
});

test('the choice is kept per case and sent only on reads', () => {
  clearPurpose('42');
  assert.deepEqual(purposeHeaders('GET', '/api/cases/42'), {}, 'nothing chosen yet');
  setPurpose('42', 'plan', 'Opstellen of uitvoeren van het plan van aanpak');
  assert.deepEqual(getPurpose('42'), { code: 'plan', label: 'Opstellen of uitvoeren van het plan van aanpak' });
  assert.deepEqual(purposeHeaders('GET', '/api/cases/42/checklist'), { [PURPOSE_HEADER]: 'plan' });
  assert.deepEqual(purposeHeaders('POST', '/api/cases/42/plans'), {}, 'a write states no purpose');
  assert.deepEqual(purposeHeaders('GET', '/api/cases/43'), {}, 'another case has its own');
  setPurposeOwner(2);
  assert.equal(getPurpose('42'), null, 'another user in the same tab chooses anew');
  setPurposeOwner(null);
  clearPurpose('42');
  assert.equal(getPurpose('42'), null);
});

test('the choices: allowed purposes, then recorded re-use bases', () => {
  const r = {
    state: 'afgesloten',
    purposes: [
      { code: 'casusoverleg', label: 'Casusoverleg', allowed: false },
      { code: 'verantwoording', label: 'Verantwoording', allowed: true },
      { code: 'rechten_betrokkene', label: 'Verzoek van de betrokkene', allowed: true },
    ],
    reuse: [{ code: 'hergebruik:9', label: 'Hergebruik voor handhaving (grondslag: art. 172 Gemeentewet)' }],
  };
  const c = purposeChoices(r);
  assert.deepEqual(c.map((x) => x.value), ['verantwoording', 'rechten_betrokkene', 'hergebruik:9']);
  assert.deepEqual(purposeChoices(null), []);
  assert.deepEqual(validatePurpose('', c), { error: PURPOSE.required });
  assert.deepEqual(validatePurpose('casusoverleg', c), { error: PURPOSE.required }, 'not offered = not allowed');
  assert.deepEqual(validatePurpose('hergebruik:9', c), { code: 'hergebruik:9', label: c[2].label });
});

test('a refusal for the purpose asks again, other errors do not', () => {
  assert.ok(isPurposeProblem({ status: 428, errors: [{ field: 'purpose', reason: 'verplicht' }] }));
  assert.ok(isPurposeProblem({ status: 422, errors: [{ field: 'purpose', reason: 'niet toegestaan' }] }));
  assert.ok(isPurposeProblem({ status: 400, errors: [{ field: 'purpose', reason: 'onbekend' }] }));
  assert.ok(!isPurposeProblem({ status: 400, errors: [{ field: 'state', reason: 'onbekend' }] }));
  assert.ok(!isPurposeProblem({ status: 404, errors: [] }));
  const asked = [];
  const off = onPurposeRequired((id) => asked.push(id));
  setPurpose('5', 'plan', 'Plan');
  purposeRefused('/api/cases/5/plans', { status: 422, errors: [{ field: 'purpose', reason: 'x' }] });
  purposeRefused('/api/cases/5', { status: 404, errors: [] });
  purposeRefused('/api/signals/5', { status: 428, errors: [] });
  off();
  assert.deepEqual(asked, ['5']);
  assert.equal(getPurpose('5'), null, 'the refused purpose is forgotten');
});

test('Dutch texts for a busy official', () => {
  assert.equal(PURPOSE.question, 'Waarvoor opent u dit dossier?');
  assert.equal(PURPOSE.line, 'Doel:');
  assert.equal(PURPOSE.change, 'wijzigen');
  assert.match(PURPOSE.changeLabel('Plan'), /wijzigen/, 'the accessible name contains the visible text');
});

// The network helpers (src/network.js): names (or "afgeschermd"), distance to the centre, the
// concern as text, the graph elements built from the same person list as the table, the
// "ook bekend in een andere casus" answer, who may edit, and what each form sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  personName, distances, relationText, concernText, graphElements, graphSummary, linkLines, canEditNetwork, validBsn,
  validatePerson, validateRelation, validateConcern, validateFollowup, followupFields, typeGroup,
} from '../../src/network.js';

const view = {
  items: [
    { id: 1, subject: true, name: 'Fictieve Betrokkene', concern: null },
    { id: 2, subject: false, name: 'Fictieve Moeder', concern: { concern: 'some', label: 'Enige zorg', reason: 'Gezien', date: '2026-11-02', by: { id: 7, name: 'Daan' } } },
    { id: 3, subject: false, name: 'Fictieve Tante', concern: null },
    { id: 4, subject: false, redacted: true, concern: null },
    { id: 5, subject: false, name: 'Fictieve Los', concern: null },
  ],
  relations: [
    { id: 10, from: 1, to: 2, type: 'parent', confidence: 'confirmed' },
    { id: 11, from: 2, to: 3, type: 'sibling', confidence: 'reported' },
    { id: 12, from: 4, to: 3, type: 'child', confidence: 'confirmed' },
  ],
};

test('personName: name, afgeschermd, description, unknown', () => {
  assert.equal(personName(view.items[0]), 'Fictieve Betrokkene');
  assert.equal(personName({ id: 9, redacted: true, name: 'lek' }), 'Persoon (afgeschermd)');
  assert.equal(personName({ id: 9, description: 'man bij de moskee' }), 'Persoon zonder naam: man bij de moskee');
  assert.equal(personName({ id: 9 }), 'Persoon (naam onbekend)');
});

test('distances and relation text: over relations in both directions, from the subjects', () => {
  const d = distances(view.items, view.relations);
  assert.deepEqual(d.get('1'), { steps: 0, via: null });
  assert.deepEqual(d.get('2'), { steps: 1, via: 'parent' });
  assert.equal(d.get('3').steps, 2);
  assert.equal(d.get('4').steps, 3);
  assert.equal(d.has('5'), false);
  assert.equal(relationText(view, view.items[0], d), 'Centrale persoon');
  assert.equal(relationText(view, view.items[1], d), 'Ouder');
  assert.equal(relationText(view, view.items[2], d), 'Indirect (2 stappen)');
  assert.equal(relationText(view, view.items[4], d), 'Geen verbinding');
  // another centre
  assert.equal(distances(view.items, view.relations, 3).get('1').steps, 2);
  // a relation to a person outside the list is ignored
  assert.equal(distances(view.items, [{ from: 1, to: 99, type: 'friend' }]).has('99'), false);
});

test('concernText: a human judgement in words, no numbers', () => {
  assert.equal(concernText(view, null), 'Niet beoordeeld');
  assert.equal(concernText(view, view.items[1].concern), 'Enige zorg op 2 november 2026 door Daan');
  assert.equal(concernText({}, { concern: 'serious' }), 'Ernstige zorg');
});

test('graphElements: only persons of the list, labels in text, edges between shown nodes', () => {
  const graph = {
    centre: 1, depth: 2,
    nodes: [
      { id: 1, centre: true, relation_to_centre: null },
      { id: 2, relation_to_centre: 'parent' },
      { id: 3, relation_to_centre: null },
      { id: 77, relation_to_centre: 'friend' }, // not in the list: dropped
    ],
    edges: [
      { id: 10, from: 1, to: 2, type: 'parent', confidence: 'confirmed' },
      { id: 11, from: 2, to: 3, type: 'sibling', confidence: 'reported' },
      { id: 13, from: 2, to: 77, type: 'friend', confidence: 'confirmed' },
    ],
  };
  const el = graphElements(view, graph);
  assert.deepEqual(el.nodes.map((x) => x.data.id), ['1', '2', '3']);
  assert.equal(el.nodes[0].data.centre, 1);
  assert.equal(el.nodes[1].data.label, 'Fictieve Moeder\nOuder\nEnige zorg');
  assert.equal(el.nodes[1].data.group, 'familie');
  assert.equal(el.nodes[1].data.concern, 'some');
  assert.equal(el.nodes[2].data.label, 'Fictieve Tante\nIndirect');
  assert.deepEqual(el.edges.map((x) => [x.data.source, x.data.target, x.data.confidence]), [['1', '2', 'confirmed'], ['2', '3', 'reported']]);
  assert.equal(graphSummary(view, graph), 'Netwerk van Fictieve Betrokkene: 3 personen, 2 relaties (tot 2 stappen).');
  assert.deepEqual(graphElements(view, null), { nodes: [], edges: [] });
  assert.equal(typeGroup('recruiter'), 'sleutel');
  assert.equal(typeGroup('weird'), 'anders');
});

test('linkLines: a readable case as a link, another municipality as a hit with contact only', () => {
  const lines = linkLines({
    items: [
      { hit: true, case_id: 4, reference: 'C-AAAA-BBBB', municipality: { id: 1, name: 'Gemeente Voorbeeldstad' }, person_id: 8 },
      { hit: true, municipality: { id: 2, name: 'Gemeente Proefdorp' }, contact: 'Neem contact op met de dossierhouder van Gemeente Proefdorp.' },
    ],
  });
  assert.deepEqual(lines[0], { kind: 'case', caseId: '4', reference: 'C-AAAA-BBBB', municipality: 'Gemeente Voorbeeldstad' });
  assert.deepEqual(lines[1], { kind: 'hit', municipality: 'Gemeente Proefdorp', contact: 'Neem contact op met de dossierhouder van Gemeente Proefdorp.' });
  assert.deepEqual(linkLines({ items: [] }), []);
  assert.deepEqual(linkLines(null), []);
});

test('canEditNetwork: dossierhouder/voorzitter of the municipality; the police partner reads only', () => {
  const c = { state: 'uitvoering', municipality: { id: 3 } };
  const s = (roles, org) => ({ user: { roles, organisation: { id: org } } });
  assert.equal(canEditNetwork(s(['dossierhouder'], 3), c), true);
  assert.equal(canEditNetwork(s(['voorzitter'], 3), c), true);
  assert.equal(canEditNetwork(s(['dossierhouder'], 4), c), false);
  assert.equal(canEditNetwork(s(['partner'], 3), c), false);
  assert.equal(canEditNetwork(s(['dossierhouder'], 3), { ...c, state: 'afgesloten' }), false);
  assert.equal(canEditNetwork(s(['partner'], 9), { ...c, can: { network: true } }), true, 'the server answer wins');
});

test('validBsn: elfproef', () => {
  assert.equal(validBsn('111222333'), '111222333');
  assert.equal(validBsn('11122233'), null);
  assert.equal(validBsn('123456789'), null);
  assert.equal(validBsn('000000000'), null);
});

test('validatePerson: at least one of name, BSN, description', () => {
  assert.deepEqual(validatePerson({ name: '', birth_date: '', bsn: '', description: '' }).errors, { name: 'Vul een naam, een BSN of een omschrijving in.' });
  assert.deepEqual(validatePerson({ name: ' Fictieve X ', birth_date: '9-9-2001', bsn: '', description: '' }).body, { name: 'Fictieve X', birth_date: '2001-09-09' });
  assert.deepEqual(validatePerson({ name: '', birth_date: '', bsn: '', description: 'man bij de moskee' }).body, { description: 'man bij de moskee' });
  assert.equal(validatePerson({ name: 'X', birth_date: '', bsn: '12', description: '' }).errors.bsn, 'Vul een geldig BSN in (9 cijfers).');
  assert.ok(validatePerson({ name: 'X', birth_date: '31-02-2001', bsn: '', description: '' }).errors.birth_date);
});

test('validateRelation', () => {
  const ok = validateRelation({ from_id: '1', to_id: '2', type: 'friend', confidence: 'reported', since_date: '1-1-2020', until_date: '', note: '' });
  assert.deepEqual(ok.body, { from_id: 1, to_id: 2, type: 'friend', confidence: 'reported', since_date: '2020-01-01' });
  const bad = validateRelation({ from_id: '1', to_id: '1', type: '', confidence: '', since_date: '2-2-2020', until_date: '1-1-2020', note: '' });
  assert.equal(bad.body, null);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['confidence', 'to_id', 'type', 'until_date']);
});

test('validateConcern: none/some/serious with a reason', () => {
  assert.deepEqual(validateConcern({ concern: 'serious', reason: ' Gezien ', date: '' }).body, { concern: 'serious', reason: 'Gezien' });
  const bad = validateConcern({ concern: '7', reason: '', date: '' });
  assert.deepEqual(Object.keys(bad.errors).sort(), ['concern', 'reason']);
});

test('validateFollowup: a signal or a care measure', () => {
  assert.deepEqual(validateFollowup({ kind: 'signal', observed: 'Gezien', legal_ground: '' }).body, { kind: 'signal', observed: 'Gezien' });
  assert.deepEqual(
    validateFollowup({ kind: 'measure', type: 'mentor_sleutelfiguur', owner_org_id: '3', legal_basis: 'Wmo', description: 'Mentor' }).body,
    { kind: 'measure', type: 'mentor_sleutelfiguur', owner_org_id: 3, legal_basis: 'Wmo', description: 'Mentor' },
  );
  assert.deepEqual(Object.keys(validateFollowup({ kind: 'measure' }).errors).sort(), ['description', 'legal_basis', 'owner_org_id', 'type']);
  assert.deepEqual(Object.keys(validateFollowup({ kind: '' }).errors), ['kind']);
  assert.deepEqual(followupFields({ kind: 'signal' }), ['kind', 'observed', 'legal_ground']);
});

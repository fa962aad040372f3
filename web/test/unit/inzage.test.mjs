// The inzage helpers (src/inzage.js): the search form (BSN with the elfproef, or name + birth date
// typed the Dutch way; exact values only), the candidate lines (where a record appears, no other
// person's data), the create body (at least one confirmed record, at most 50, optional request
// number) and the readable facts of an export item (source, controller, retention end; nested
// lists and withheld markers not flattened into text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bsnValid, validateSearch, emptySearch, candidateLabel, createBody, itemFacts, childLists, recipientRows,
  valueText, tableLabel, stateOf,
} from '../../src/inzage.js';

test('BSN elfproef', () => {
  assert.equal(bsnValid('111222333'), true);
  assert.equal(bsnValid('123456789'), false);
  assert.equal(bsnValid('11122233'), false);
  assert.equal(bsnValid('111.222.333'), true);
});

test('search: BSN, or name and birth date, with Dutch messages per field', () => {
  assert.deepEqual(validateSearch(emptySearch()).errors, { bsn: 'Vul een BSN in, of naam en geboortedatum.' });
  assert.deepEqual(validateSearch({ bsn: '111 222 333' }).body, { bsn: '111222333' });
  assert.ok(validateSearch({ bsn: '123456789' }).errors.bsn);
  assert.ok(validateSearch({ name: 'Fictief Persoon' }).errors.birth_date);
  assert.ok(validateSearch({ birth_date: '04-03-1991' }).errors.name);
  assert.ok(validateSearch({ name: 'X', birth_date: '31-02-1991' }).errors.birth_date);
  assert.deepEqual(validateSearch({ name: ' Fictief Persoon ', birth_date: '4-3-1991' }).body, { name: 'Fictief Persoon', birth_date: '1991-03-04' });
  assert.equal(validateSearch({ name: 'x'.repeat(257), birth_date: '04-03-1991' }).body, null);
});

test('candidate lines say where a record appears, nothing about other people', () => {
  const c = {
    person_id: 7,
    matched_by: 'bsn',
    links: [{ kind: 'signal', kind_label: 'Betrokkene van een melding', date: '2026-11-02', municipality: { id: 1, name: 'Gemeente Voorbeeldstad' }, reference: 'M-ABCD-EFGH' }],
  };
  assert.equal(candidateLabel(c), 'Betrokkene van een melding M-ABCD-EFGH, 02-11-2026, Gemeente Voorbeeldstad (gevonden op bsn)');
  assert.equal(candidateLabel({ links: [] }), 'Vastlegging');
});

test('create body: confirmed records and an optional request number', () => {
  assert.ok(createBody([], '').errors.person_ids);
  assert.deepEqual(createBody(['5', '6'], '').body, { person_ids: [5, 6] });
  assert.deepEqual(createBody(['5'], ' 12 ').body, { person_ids: [5], request_id: 12 });
  assert.ok(createBody(['5'], 'abc').errors.request_id);
  assert.ok(createBody(Array.from({ length: 51 }, (_, i) => String(i + 1)), '').errors.person_ids);
});

test('readable facts of an item: own members, source, controller, retention end', () => {
  const it = {
    table: 'signal_info', id: 3, source_organisation: { name: 'Politie eenheid Voorbeeld' }, controller: { name: 'Gemeente Voorbeeldstad' },
    retention_end: null, category: 'other', recorded: '2026-11-02T10:00:00Z', content: 'Fictief', withheld: false,
    documents: [{ table: 'document', id: 9 }], needs: { practical: 'Fictief', care: '' },
  };
  const facts = itemFacts(it);
  const keys = facts.map(([k]) => k);
  assert.ok(keys.includes('bron') && keys.includes('verwerkingsverantwoordelijke') && keys.includes('bewaard tot'));
  assert.ok(!keys.includes('documents') && !keys.includes('table') && !keys.includes('withheld'));
  assert.deepEqual(facts.find(([k]) => k === 'behoeften'), ['behoeften', 'praktisch: Fictief']);
  assert.ok(keys.includes('categorie') && keys.includes('inhoud'));
  assert.deepEqual(itemFacts({ table: 'signal', id: 1, route: 'professional', route_label: 'Professional' }).filter(([k]) => k === 'route'), [['route', 'Professional']]);
  assert.equal(facts.find(([k]) => k === 'bewaard tot')[1], 'termijn start bij afsluiten');
  assert.deepEqual(childLists(it).map(([k]) => k), ['documents']);
  assert.equal(valueText(true), 'ja');
  assert.equal(valueText('2026-11-02'), '02-11-2026');
  assert.equal(tableLabel('case_measure'), 'Maatregel');
  assert.equal(stateOf({ status: 'vrijgegeven' }).text, 'Vrijgegeven');
});

test('recipients: date, organisation, role, purpose and action, never a person', () => {
  const rows = recipientRows({ recipients: [{ date: '2026-11-02', organisation: { name: 'Gemeente Voorbeeldstad' }, role: 'dossierhouder', purpose: '', action: 'read', count: 3 }] });
  assert.deepEqual(rows[0], { key: 0, date: '02-11-2026', org: 'Gemeente Voorbeeldstad', role: 'dossierhouder', purpose: 'niet vastgelegd', action: 'ingezien', count: 3 });
});

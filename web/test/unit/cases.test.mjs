// The case helpers (src/cases.js): labels, the list filters, deadlines in Dutch, the checklist
// grouped in factsheet order, the allowed transitions, the measure catalogue by domain, what each
// form sends (and the Dutch messages when it cannot), the communication-line warning and the
// work list order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  codeLabel, stateLabel, flagLabels, activeFlags, caseTitle, parseCasesSearch, casesSearch, casesQuery, dueInfo, nextDeadlines,
  compareCodes, groupTasks, openTaskGroups, evidenceText, allowedTransitions, emptyTransitionForm, transitionFieldKeys,
  validateTransition, emptyFlagForm, flagFieldKeys, validateFlag, planFormFrom, validatePlan, planMeasures, linesOf, measureTypeGroups,
  emptyMeasureForm, validateMeasure, measureUpdateForm, measureUpdateKeys, validateMeasureUpdate, taskForm, validateTask,
  taskOwnerOptions, emptyAssessmentForm, validateAssessment, emptyFamilyForm, validateFamily, validateContact, emptyCommForm,
  validateComm, commWarning, sortWorklist, worklistWhat, worklistHref, worklistCounts, TASK_GROUP_ORDER, timelineEntries,
  meetingDecisionOptions, CASES_PER_PAGE, WORKLIST_PER_PAGE, listPages, worklistQuery, mergeWorklist, worklistSummary,
} from '../../src/cases.js';
import { formErrors } from '../../src/signals.js';
import { ApiError, normaliseProblem } from '../../src/api.js';
import { t, CASE_STATE_LABELS } from '../../src/i18n/nl.js';

const TODAY = '2026-11-28';

test('labels: the server option list wins, then the Dutch table; the list row label first', () => {
  const opts = { states: [{ code: 'afgeschaald', label: 'Afgeschaald (server)' }], flags: [{ code: 'uitgereisd', label: 'Uitgereisd' }] };
  assert.equal(codeLabel(opts.states, 'afgeschaald', CASE_STATE_LABELS), 'Afgeschaald (server)');
  assert.equal(codeLabel(null, 'afgeschaald', CASE_STATE_LABELS), 'Afgeschaald (nazorg)');
  assert.equal(codeLabel(null, '', CASE_STATE_LABELS), '');
  assert.equal(stateLabel({ state: 'beeldvorming', state_label: 'Beeldvorming!' }, opts), 'Beeldvorming!');
  assert.equal(stateLabel({ state: 'plan_vastgesteld' }, {}), 'Plan vastgesteld');
  assert.deepEqual(flagLabels([{ flag: 'uitgereisd', label: 'Uitgereisd (server)' }, { flag: 'minderjarig' }, 'verhuisd'], opts), [
    'Uitgereisd (server)', 'Minderjarig', 'Verhuisd naar een andere gemeente',
  ]);
  assert.deepEqual(activeFlags({ flags: [{ flag: 'uitgereisd' }, { flag: 'minderjarig' }] }), ['uitgereisd', 'minderjarig']);
  assert.deepEqual(activeFlags(null), []);
  assert.equal(caseTitle({ reference: 'M-6Z3V-P2ER' }), 'Casus M-6Z3V-P2ER');
  assert.equal(caseTitle(null), 'Casus');
});

test('list filters: page URL in Dutch, API query in English, junk ignored', () => {
  assert.deepEqual(parseCasesSearch('?fase=beeldvorming&markering=uitgereisd'), { state: 'beeldvorming', flag: 'uitgereisd', page: 1 });
  assert.deepEqual(parseCasesSearch('?fase=%3Cscript%3E&markering='), { state: '', flag: '', page: 1 });
  assert.deepEqual(parseCasesSearch(''), { state: '', flag: '', page: 1 });
  assert.equal(casesSearch({ state: 'beeldvorming', flag: '' }), '?fase=beeldvorming');
  assert.equal(casesSearch({}), '');
  assert.equal(casesQuery({ state: 'uitvoering', flag: 'uitgereisd' }), '?state=uitvoering&flag=uitgereisd');
  assert.equal(casesQuery({ flag: 'minderjarig' }), '?flag=minderjarig');
  assert.equal(casesQuery(), '');
});

test('case list pages: ?pagina= in the page URL, page/per_page to the API, junk is page 1', () => {
  assert.deepEqual(parseCasesSearch('?fase=uitvoering&pagina=3'), { state: 'uitvoering', flag: '', page: 3 });
  for (const junk of ['0', '-2', 'x', '1e3', '2.5', '1000000', '']) {
    assert.equal(parseCasesSearch(`?pagina=${junk}`).page, 1, junk);
  }
  assert.equal(casesSearch({ state: 'uitvoering', page: 2 }), '?fase=uitvoering&pagina=2');
  assert.equal(casesSearch({ page: 1 }), '');
  assert.equal(casesQuery({ state: 'uitvoering', page: 2, per_page: CASES_PER_PAGE }), '?state=uitvoering&page=2&per_page=25');
  assert.equal(casesQuery({ page: 1, per_page: 25 }), '?per_page=25');
  assert.ok(CASES_PER_PAGE >= 1 && CASES_PER_PAGE <= 100, 'within the server\'s 1..100');
  assert.equal(listPages(51, 25), 3);
  assert.equal(listPages(50, 25), 2);
  assert.equal(listPages(0, 25), 1);
  assert.equal(listPages(undefined, 25), 1);
});

test('deadlines in Dutch: late in days (the server\'s overdue wins), today, days left, none', () => {
  assert.deepEqual(dueInfo({ due_date: '2026-10-31', overdue: true }, TODAY), { date: '31 oktober 2026', overdue: true, note: 'Te laat: 28 dagen' });
  assert.deepEqual(dueInfo({ due_date: '2026-11-27' }, TODAY), { date: '27 november 2026', overdue: true, note: 'Te laat: 1 dag' });
  assert.deepEqual(dueInfo({ due_date: '2026-11-27', overdue: false }, TODAY), { date: '27 november 2026', overdue: false, note: '' });
  assert.deepEqual(dueInfo({ due_date: TODAY }, TODAY), { date: '28 november 2026', overdue: false, note: 'Vandaag' });
  assert.deepEqual(dueInfo({ due_date: '2026-11-29' }, TODAY), { date: '29 november 2026', overdue: false, note: 'Nog 1 dag' });
  assert.deepEqual(dueInfo({ due_date: '2027-02-25' }, TODAY), { date: '25 februari 2027', overdue: false, note: 'Nog 89 dagen' });
  assert.deepEqual(dueInfo({ due_date: '2026-01-01', state: 'done' }, TODAY), { date: '1 januari 2026', overdue: false, note: '' }, 'a done task is not late');
  assert.deepEqual(dueInfo({ due_date: null }, TODAY), { date: '', overdue: false, note: '' });
  assert.deepEqual(dueInfo({ overdue: true }, TODAY), { date: '', overdue: true, note: 'Te laat' });
});

test('next deadlines: open tasks, the case review and measure reviews, earliest (late) first', () => {
  const c = {
    state: 'uitvoering',
    next_review_date: '2027-01-27',
    tasks: [
      { id: 1, code: 'U6', title: 'BRP', state: 'open', due_date: '2026-10-31', overdue: true },
      { id: 2, code: 'N1', title: 'Noodzaak', state: 'open', due_date: '2027-11-28', overdue: false },
      { id: 3, code: 'C1', title: 'Zonder datum', state: 'open', due_date: null },
      { id: 4, code: 'R1', title: 'Gedaan', state: 'done', due_date: '2026-12-01' },
    ],
    measures: [
      { id: 9, type_label: 'Meldplicht (Twbmt)', status: 'running', review_date: '2026-12-15' },
      { id: 8, type_label: 'Beëindigd', status: 'ended', review_date: '2026-12-01' },
    ],
  };
  const d = nextDeadlines(c, TODAY);
  assert.deepEqual(d.map((x) => [x.what, x.due_date, x.overdue]), [
    ['U6 BRP', '2026-10-31', true],
    ['Herbeoordeling maatregel: Meldplicht (Twbmt)', '2026-12-15', false],
    ['Herbeoordeling van de casus', '2027-01-27', false],
    ['N1 Noodzaak', '2027-11-28', false],
  ]);
  assert.equal(nextDeadlines({ ...c, state: 'afgesloten' }, TODAY).some((x) => x.kind === 'review'), false, 'no review of a closed case');
  assert.equal(nextDeadlines(c, TODAY, 2).length, 2);
  assert.deepEqual(nextDeadlines(null, TODAY), []);
});

test('checklist: groups in factsheet order, codes in number order, counts of open and late items', () => {
  assert.ok(compareCodes('U2', 'U10') < 0);
  assert.ok(compareCodes('C6', 'N1') < 0);
  assert.ok(compareCodes('U1', 'U1') === 0);
  const tasks = [
    { id: 1, code: 'R1', group: 'Paspoort', state: 'open' },
    { id: 2, code: 'U10', group: 'Uitgereisd', state: 'open' },
    { id: 3, code: 'N1', group: 'Per casus', state: 'done' },
    { id: 4, code: 'U2', group: 'Uitgereisd', state: 'open', overdue: true },
    { id: 5, code: 'C2', group: 'Per casus', state: 'open' },
    { id: 6, code: 'X1', group: 'Nieuw', state: 'open' },
    { id: 7, code: 'C1', group: 'Per casus', state: 'nvt' },
    { id: 8, code: 'K1', group: 'Minderjarige', state: 'open' },
    { id: 9, code: 'N1', group: 'Per casus', state: 'open' },
    { id: 10, code: 'D1', group: 'Dreigende uitreis', state: 'open' },
  ];
  const g = groupTasks(tasks);
  assert.deepEqual(g.map((x) => [x.group, x.items.map((i) => i.id), x.open, x.overdue]), [
    ['Per casus', [7, 5, 3, 9], 2, 0], // the older N1 (done) before this period's
    ['Dreigende uitreis', [10], 1, 0],
    ['Uitgereisd', [4, 2], 2, 1],
    ['Minderjarige', [8], 1, 0],
    ['Paspoort', [1], 1, 0],
    ['Nieuw', [6], 1, 0],
  ]);
  assert.deepEqual(TASK_GROUP_ORDER, ['Per casus', 'Dreigende uitreis', 'Uitgereisd', 'Terugkeer', 'Overlijden', 'Minderjarige', 'Paspoort']);
  assert.deepEqual(openTaskGroups(tasks).map((x) => [x.group, x.items.map((i) => i.id)]), [
    ['Per casus', [5, 9]], ['Dreigende uitreis', [10]], ['Uitgereisd', [4, 2]], ['Minderjarige', [8]], ['Paspoort', [1]], ['Nieuw', [6]],
  ]);
  assert.deepEqual(groupTasks(null), []);
});

test('evidence reads as text; a measure the caller may not see says so', () => {
  assert.equal(evidenceText({ kind: 'text', text: 'PV 2026-001' }, {}), 'Toelichting: PV 2026-001');
  assert.equal(evidenceText({ kind: 'measure', id: 7 }, {}, [{ id: 7, type_label: 'Meldplicht (Twbmt)' }]), 'Maatregel: Meldplicht (Twbmt)');
  assert.equal(evidenceText({ kind: 'measure', hidden: true }, {}), 'Maatregel (niet zichtbaar voor u)');
  assert.equal(evidenceText({ kind: 'decision' }, { evidence_kinds: [{ code: 'decision', label: 'Besluit (server)' }] }), 'Besluit (server)');
  assert.equal(evidenceText(null, {}), '');
});

test('transitions: only the lifecycle moves; "plan vastgesteld" needs an adopted plan, closing needs the right', () => {
  assert.deepEqual(allowedTransitions({ state: 'beeldvorming', plan_adopted: null }), ['afgesloten']);
  assert.deepEqual(allowedTransitions({ state: 'beeldvorming', plan_adopted: { id: 1 } }), ['plan_vastgesteld', 'afgesloten']);
  assert.deepEqual(allowedTransitions({ state: 'uitvoering' }, { canClose: false }), ['herbeoordeling', 'afgeschaald']);
  assert.deepEqual(allowedTransitions({ state: 'afgesloten' }), ['herbeoordeling']);
  assert.deepEqual(allowedTransitions({ state: 'opgenomen' }), ['beeldvorming'], 'an admitted case is not closed before the picture is formed');
  assert.deepEqual(allowedTransitions({ state: 'vernietigd' }), []);
});

test('transition form: what it sends, and the closure for afgesloten', () => {
  const empty = validateTransition(emptyTransitionForm());
  assert.equal(empty.body, null);
  assert.deepEqual(empty.errors, { to: 'Kies de nieuwe fase.', rationale: 'Vul de onderbouwing in.' });
  const f = { ...emptyTransitionForm(), to: 'herbeoordeling', rationale: '  Periodieke herbeoordeling. ', decided_by: 'burgemeester', decided_date: '1-11-2026', next_review_date: '31-12-2026' };
  assert.deepEqual(validateTransition(f).body, {
    to: 'herbeoordeling', rationale: 'Periodieke herbeoordeling.', decided_by: 'burgemeester', decided_date: '2026-11-01', next_review_date: '2026-12-31',
  });
  assert.equal(validateTransition({ ...f, meeting_decision_id: '42' }).body.meeting_decision_id, 42, 'the overleg decision it rests on');
  assert.deepEqual(validateTransition({ ...f, decided_date: '31-02-2026' }).errors, { decided_date: 'Datum van het besluit: vul een datum in zoals 17-10-2024.' });
  const close = { ...emptyTransitionForm(), to: 'afgesloten', rationale: 'Risico weg.' };
  assert.deepEqual(validateTransition(close).errors, {
    'closure.subject_informed': 'Kies of de betrokkene is geïnformeerd.',
    'closure.informed_note': 'Vul in hoe de betrokkene is geïnformeerd, of waarom niet.',
  });
  assert.deepEqual(validateTransition({ ...close, informed: 'nee', informed_note: 'Onbereikbaar.' }).body, {
    to: 'afgesloten', rationale: 'Risico weg.', decided_by: 'casusoverleg', closure: { subject_informed: false, informed_note: 'Onbereikbaar.' },
  });
  assert.ok(transitionFieldKeys(close).includes('closure.informed_note'));
  assert.equal(transitionFieldKeys(f).includes('closure'), false);
  // a server error on the closure lands on its field
  const err = new ApiError(normaliseProblem(400, { status: 400, errors: [{ field: 'closure/informed_note', reason: 'is verplicht' }] }));
  const v = formErrors(err, { known: new Set(transitionFieldKeys(close)), labels: { 'closure.informed_note': 'Toelichting over het informeren' } });
  assert.deepEqual(v.fields, { 'closure.informed_note': 'Toelichting over het informeren: is verplicht.' });
});

test('flag form: on unless active; uitgereisd needs a departure date, verhuisd the municipality and casusregisseur', () => {
  const f = { ...emptyFlagForm(), flag: 'uitgereisd', rationale: 'Vertrokken volgens de familie.' };
  assert.deepEqual(validateFlag(f, []).errors, { departure_date: 'Vul de vertrekdatum in.' });
  assert.deepEqual(validateFlag({ ...f, departure_date: '25-11-2026' }, []).body, {
    flag: 'uitgereisd', on: true, rationale: 'Vertrokken volgens de familie.', decided_by: 'casusoverleg', departure_date: '2026-11-25',
  });
  // switching it off needs no departure date
  assert.deepEqual(validateFlag(f, ['uitgereisd']).body, { flag: 'uitgereisd', on: false, rationale: 'Vertrokken volgens de familie.', decided_by: 'casusoverleg' });
  assert.deepEqual(flagFieldKeys(f, []), ['flag', 'on', 'departure_date', 'rationale', 'decided_by', 'meeting_decision_id', 'date']);
  assert.deepEqual(flagFieldKeys(f, ['uitgereisd']), ['flag', 'on', 'rationale', 'decided_by', 'meeting_decision_id', 'date']);
  const moved = { ...emptyFlagForm(), flag: 'verhuisd', rationale: 'Verhuisd.' };
  assert.deepEqual(validateFlag(moved, []).errors, { to_municipality_id: 'Kies de nieuwe gemeente.', new_casusregisseur_id: 'Kies de nieuwe casusregisseur.' });
  assert.deepEqual(validateFlag({ ...moved, to_municipality_id: '2', new_casusregisseur_id: '12', date: '2-11-2026' }, []).body, {
    flag: 'verhuisd', on: true, rationale: 'Verhuisd.', decided_by: 'casusoverleg', date: '2026-11-02', to_municipality_id: 2, new_casusregisseur_id: 12,
  });
  assert.deepEqual(validateFlag(emptyFlagForm(), []).errors, { flag: 'Kies een markering.', rationale: 'Vul de onderbouwing in.' });
});

test('plan form: a new version starts from the current one; adopting needs goals and a rationale', () => {
  const plan = {
    goals: ['Vertrek voorkomen', 'Terug naar school'], person_view: { heard: true, what: 'Wil rust' }, family_view: { heard: false, what: '' },
    consent_approach: 'Gesprek thuis', measure_ids: [11, 12], next_review_date: '2027-01-27',
  };
  const f = planFormFrom(plan);
  assert.deepEqual(f, {
    goals: 'Vertrek voorkomen\nTerug naar school', person_heard: 'ja', person_what: 'Wil rust', family_heard: 'nee', family_what: '',
    consent_approach: 'Gesprek thuis', measure_ids: ['11', '12'], next_review_date: '27-01-2027', adopt: false, decided_by: 'casusoverleg', meeting_decision_id: '',
    rationale: '', decided_date: '',
  });
  assert.deepEqual(validatePlan(f).body, {
    goals: ['Vertrek voorkomen', 'Terug naar school'], person_view: { heard: true, what: 'Wil rust' }, family_view: { heard: false, what: '' },
    consent_approach: 'Gesprek thuis', measure_ids: [11, 12], next_review_date: '2027-01-27',
  });
  const adopt = { ...planFormFrom(null), adopt: true };
  assert.deepEqual(validatePlan(adopt).errors, { goals: 'Een plan dat u vaststelt heeft minstens één doel.', 'adopt.rationale': 'Vul de onderbouwing in.' });
  assert.deepEqual(validatePlan({ ...adopt, goals: ' Eén doel \n\n', rationale: 'Unaniem.', decided_date: '27-11-2026', meeting_decision_id: '77' }).body, {
    goals: ['Eén doel'], measure_ids: [], adopt: { decided_by: 'casusoverleg', meeting_decision_id: 77, rationale: 'Unaniem.', decided_date: '2026-11-27' },
  });
  assert.deepEqual(validatePlan({ ...planFormFrom(null) }).body, { goals: [], measure_ids: [] }, 'an empty concept is allowed');
  assert.deepEqual(validatePlan({ ...planFormFrom(null), goals: 'x'.repeat(1001) }).errors, { goals: 'Een doel is te lang: gebruik hoogstens 1000 tekens per regel.' });
  assert.deepEqual(linesOf(' a \r\n\nb'), ['a', 'b']);
  assert.deepEqual(planMeasures({ measure_ids: [2, 9] }, [{ id: 1 }, { id: 2 }, { id: 3 }]), [{ id: 2 }]);
});

test('measures: the catalogue grouped by domain; what "Maatregel toevoegen" sends', () => {
  const types = [
    { code: 'deradicalisering', label: 'Deradicalisering / exittraject', domain: 'zorg' },
    { code: 'strafrechtelijk_onderzoek', label: 'Strafrechtelijk onderzoek', domain: 'straf' },
    { code: 'paspoort', label: 'Paspoortmaatregel', domain: 'bestuurlijk' },
    { code: 'vermissing', label: 'Aangifte van vermissing', domain: 'politie' },
    { code: 'meldplicht', label: 'Meldplicht', domain: 'bestuurlijk' },
  ];
  assert.deepEqual(measureTypeGroups(types).map((g) => [g.label, g.options.map((o) => o.value)]), [
    ['Strafrechtelijk', ['strafrechtelijk_onderzoek']],
    ['Bestuurlijk', ['paspoort', 'meldplicht']],
    ['Politie', ['vermissing']],
    ['Zorg en ondersteuning', ['deradicalisering']],
  ]);
  assert.deepEqual(validateMeasure(emptyMeasureForm()).errors, {
    type: 'Kies een maatregel.', legal_basis: 'Vul de wettelijke grondslag in.', owner_org_id: 'Kies de organisatie die eigenaar is.',
  });
  const f = { ...emptyMeasureForm(), type: 'paspoort', legal_basis: 'art. 23 Paspoortwet', owner_org_id: '1', status: 'requested', start_date: '1-12-2026', description: ' Paspoort vervallen. ' };
  assert.deepEqual(validateMeasure(f).body, {
    type: 'paspoort', legal_basis: 'art. 23 Paspoortwet', owner_org_id: 1, status: 'requested', start_date: '2026-12-01', description: 'Paspoort vervallen.',
  });
  assert.deepEqual(validateMeasure({ ...f, review_date: '2026-12-01' }).errors, { review_date: 'Herbeoordelingsdatum: vul een datum in zoals 17-10-2024.' });
});

test('measure update: only what changed, step dates as {code: date}, nothing changed is said', () => {
  const m = {
    status: 'requested', decided_date: null, start_date: '2026-12-01', end_date: null, review_date: null,
    steps: [{ code: 'rps_request', label: 'Verzoek RPS-signalering', date: '2026-11-20' }, { code: 'rps_entry', label: 'Signalering in het RPS', date: null }],
  };
  const f = measureUpdateForm(m);
  assert.deepEqual(f, { status: 'requested', note: '', decided_date: '', start_date: '01-12-2026', end_date: '', review_date: '', steps: { rps_request: '20-11-2026', rps_entry: '' } });
  assert.deepEqual(measureUpdateKeys(m), ['status', 'decided_date', 'start_date', 'end_date', 'review_date', 'steps.rps_request', 'steps.rps_entry', 'note']);
  assert.deepEqual(validateMeasureUpdate(f, m).errors, { status: 'Er is niets gewijzigd.' });
  assert.deepEqual(validateMeasureUpdate({ ...f, status: 'imposed', steps: { ...f.steps, rps_entry: '27-11-2026' }, note: ' Ingevoerd. ' }, m).body, {
    status: 'imposed', steps: { rps_entry: '2026-11-27' }, note: 'Ingevoerd.',
  });
  assert.deepEqual(validateMeasureUpdate({ ...f, steps: { ...f.steps, rps_entry: '32-11-2026' } }, m).errors, { 'steps.rps_entry': 'Signalering in het RPS: vul een datum in zoals 17-10-2024.' });
});

test('checklist item: "niet van toepassing" needs a reason; only the municipality assigns and plans', () => {
  const task = { id: 5, code: 'U7', state: 'open', owner: { id: 2 }, due_date: null, evidence: null };
  const f = taskForm(task);
  assert.deepEqual(f, { state: 'open', reason: '', owner_id: '2', due_date: '', evidence_kind: '', evidence_text: '' });
  assert.deepEqual(validateTask(f, task).errors, { state: 'Er is niets gewijzigd.' });
  assert.deepEqual(validateTask({ ...f, state: 'nvt' }, task).errors, { reason: 'Vul in waarom dit punt niet van toepassing is.' });
  assert.deepEqual(validateTask({ ...f, state: 'nvt', reason: ' Geen uitkering. ' }, task).body, { state: 'nvt', reason: 'Geen uitkering.' });
  assert.deepEqual(validateTask({ ...f, state: 'done', evidence_kind: 'text', evidence_text: 'PV 1' }, task).body, { state: 'done', evidence: { kind: 'text', text: 'PV 1' } });
  assert.deepEqual(validateTask({ ...f, evidence_kind: 'document' }, task).errors, { 'evidence.text': 'Vul het bewijs of de toelichting in.' });
  // owner and due date: ignored for a partner, sent for the municipality
  const planned = { ...f, owner_id: '13', due_date: '15-12-2026' };
  assert.deepEqual(validateTask(planned, task).errors, { state: 'Er is niets gewijzigd.' });
  assert.deepEqual(validateTask(planned, task, { municipal: true }).body, { owner_id: 13, due_date: '2026-12-15' });
  assert.deepEqual(taskForm({ state: 'done', evidence: { kind: 'measure', hidden: true } }).evidence_kind, '', 'a hidden measure is not prefilled');
  const c = { municipality: { id: 1 }, participants: [{ org: { id: 4 } }] };
  const people = [{ id: 2, name: 'Daan', org: { id: 1, name: 'Gemeente' } }, { id: 4, name: 'Pim', org: { id: 4, name: 'Politie' } }, { id: 9, name: 'Gijs', org: { id: 9, name: 'GGZ' } }];
  assert.deepEqual(taskOwnerOptions(people, c), [{ value: '2', label: 'Daan, Gemeente' }, { value: '4', label: 'Pim, Politie' }]);
});

test('assessment: lists one per line, a date that is not in the future, no score field', () => {
  assert.deepEqual(validateAssessment(emptyAssessmentForm(), TODAY).errors, { instrument: 'Vul het instrument in.', date: 'Vul de datum van de beoordeling in.' });
  const f = { ...emptyAssessmentForm(), instrument: 'SPJ', instrument_version: '2', date: '27-11-2026', risk_factors: 'Netwerk\n\nUitspraken', protective_factors: 'Familie', needs: '' };
  const body = validateAssessment(f, TODAY).body;
  assert.deepEqual(body, { instrument: 'SPJ', instrument_version: '2', date: '2026-11-27', risk_factors: ['Netwerk', 'Uitspraken'], protective_factors: ['Familie'], needs: [] });
  assert.equal(Object.keys(body).some((k) => /score/i.test(k)), false);
  assert.deepEqual(validateAssessment({ ...f, date: '29-11-2026' }, TODAY).errors, { date: 'Datum van de beoordeling: de datum ligt in de toekomst.' });
  assert.deepEqual(validateAssessment({ ...f, needs: Array.from({ length: 51 }, (_, i) => `b${i}`).join('\n') }, TODAY).errors, { needs: 'Behoeften: vul hoogstens 50 regels in.' });
});

test('family support and contact log: the nested body, an organisation when the supporter is one', () => {
  assert.deepEqual(validateFamily(emptyFamilyForm()).errors, {
    'relative.name': 'Vul de naam van het familielid in.', 'relative.relation': 'Vul de relatie tot de betrokkene in.', 'supporter.kind': 'Kies wie ondersteunt.',
  });
  const f = { ...emptyFamilyForm(), name: 'Fictieve Moeder', relation: 'moeder', supporter_kind: 'organisatie' };
  assert.deepEqual(validateFamily(f).errors, { 'supporter.org_id': 'Kies de organisatie die ondersteunt.' });
  assert.deepEqual(validateFamily({ ...f, supporter_org_id: '8', birth_date: '4-4-1970', emotional: 'Rouw', news_by: 'De wijkagent' }).body, {
    relative: { name: 'Fictieve Moeder', relation: 'moeder', birth_date: '1970-04-04' },
    supporter: { kind: 'organisatie', org_id: 8 },
    needs: { emotional: 'Rouw' },
    bereavement: { news_by: 'De wijkagent' },
  });
  assert.deepEqual(validateContact({ date: '', channel: '', note: '' }).errors, { date: 'Vul de datum van het contact in.', channel: 'Vul in hoe het contact was.' });
  assert.deepEqual(validateContact({ date: '27-11-2026', channel: 'huisbezoek', note: 'x'.repeat(501) }).errors, { note: 'Wat is besproken?: gebruik hoogstens 500 tekens.' });
  assert.deepEqual(validateContact({ date: '27-11-2026', channel: ' huisbezoek ', note: '' }).body, { date: '2026-11-27', channel: 'huisbezoek' });
});

test('communication line: the server\'s names-and-numbers warning in Dutch, and confirming it', () => {
  const f = { ...emptyCommForm(), owner: 'gemeente', key_messages: 'Wij werken met 3 partners.', audience: 'Pers' };
  assert.deepEqual(validateComm(f).body, { owner: 'gemeente', key_messages: 'Wij werken met 3 partners.', audience: 'Pers' });
  const server = new ApiError(normaliseProblem(400, {
    status: 400, detail: 'Ongeldige invoer',
    errors: [{ field: 'key_messages', reason: 'bevat een getal en een naam uit de casus; noem geen namen of aantallen, of bevestig met accept_warnings' }],
  }));
  const w = commWarning(server);
  assert.equal(w.digit, true);
  assert.equal(w.name, true);
  assert.equal(w.text, 'De kernboodschappen bevatten een getal en bevatten een naam van een persoon in de casus. Noem geen namen of aantallen. Pas de tekst aan, of bevestig dat hij zo mag blijven.');
  assert.equal(commWarning(new ApiError(normaliseProblem(400, { errors: [{ field: 'audience', reason: 'is verplicht' }] }))), null);
  assert.equal(commWarning(new ApiError(normaliseProblem(409, {}))), null);
  // after the warning the same text needs the confirmation; a changed text does not
  assert.deepEqual(validateComm(f, { warned: f.key_messages }).errors, { accept_warnings: 'Pas de tekst aan, of bevestig dat hij zo mag blijven.' });
  assert.deepEqual(validateComm({ ...f, accept: true }, { warned: f.key_messages }).body, {
    owner: 'gemeente', key_messages: 'Wij werken met 3 partners.', audience: 'Pers', accept_warnings: true,
  });
  assert.equal(validateComm({ ...f, key_messages: 'Wij werken samen.' }, { warned: f.key_messages }).body.accept_warnings, undefined);
  assert.deepEqual(validateComm(emptyCommForm()).errors, { owner: 'Kies wie het woord voert.', key_messages: 'Vul de kernboodschappen in.', audience: 'Vul de doelgroep in.' });
});

test('werklijst: late first, then by date (none last), per case in checklist order; where each row leads', () => {
  const items = [
    { kind: 'task', id: 1, code: 'C2', title: 'Plan', due_date: null, overdue: false, case: { id: 7, reference: 'M-BBBB-0002' } },
    { kind: 'action', id: 2, title: 'Bellen', due_date: '2026-11-24', overdue: true, meeting_id: 99 },
    { kind: 'task', id: 3, code: 'N1', title: 'Noodzaak', due_date: '2027-11-28', overdue: false, case: { id: 7, reference: 'M-BBBB-0002' } },
    { kind: 'task', id: 4, code: 'U6', title: 'BRP', due_date: '2026-10-31', overdue: true, case: { id: 8, reference: 'M-AAAA-0001' } },
    { kind: 'task', id: 5, code: 'C1', title: 'Signalen', due_date: null, overdue: false, case: { id: 7, reference: 'M-BBBB-0002' } },
    { kind: 'task', id: 6, code: 'C10', title: 'Tien', due_date: null, overdue: false, case: { id: 8, reference: 'M-AAAA-0001' } },
  ];
  assert.deepEqual(sortWorklist(items, TODAY).map((x) => x.id), [4, 2, 3, 6, 5, 1]);
  assert.equal(worklistWhat(items[3]), 'U6 BRP');
  assert.equal(worklistWhat(items[1]), 'Bellen');
  assert.equal(worklistHref(items[3]), '/app/casussen/8/checklist');
  assert.equal(worklistHref(items[1]), '/app/overleggen/99');
  assert.equal(worklistHref({ kind: 'task' }), '');
  assert.deepEqual(worklistCounts(items, TODAY), { total: 6, late: 2 });
  assert.deepEqual(sortWorklist(null), []);
});

test('werklijst pages: the query, "Meer laden" adds only new rows in order, the count line', () => {
  assert.equal(worklistQuery(1), `?page=1&per_page=${WORKLIST_PER_PAGE}`);
  assert.equal(worklistQuery(3, 10), '?page=3&per_page=10');
  assert.ok(WORKLIST_PER_PAGE >= 1 && WORKLIST_PER_PAGE <= 100, 'within the server\'s 1..100');
  const late = (id) => ({ kind: 'task', id, code: 'C1', due_date: '2026-11-01', overdue: true, case: { id: 1, reference: 'M-A' } });
  const soon = (id) => ({ kind: 'task', id, code: 'C1', due_date: '2026-12-01', overdue: false, case: { id: 1, reference: 'M-A' } });
  const page1 = [late(1), late(2)];
  const m = mergeWorklist(page1, [late(2), soon(3), { kind: 'action', id: 2, title: 'x', due_date: '2026-12-02', overdue: false }], TODAY);
  assert.deepEqual(m.items.map((x) => `${x.kind}-${x.id}`), ['task-1', 'task-2', 'task-3', 'action-2']);
  assert.deepEqual(m.fresh.map((x) => `${x.kind}-${x.id}`), ['task-3', 'action-2'], 'a row already shown is not added again');
  // only late rows shown yet: there may be more late ones on the next page
  assert.deepEqual(worklistSummary(page1, 10, TODAY), { shown: 2, total: 10, late: 2, lateComplete: false, more: true });
  assert.deepEqual(worklistSummary(m.items, 10, TODAY), { shown: 4, total: 10, late: 2, lateComplete: true, more: true });
  assert.deepEqual(worklistSummary(m.items, 4, TODAY), { shown: 4, total: 4, late: 2, lateComplete: true, more: false });
  assert.equal(t.worklist.countPaged(4, 10, 2, true), 'U ziet 4 van de 10 open punten, waarvan 2 te laat. Kies "Meer laden" onder de tabel om meer te zien.');
  assert.equal(t.worklist.countPaged(2, 10, 2, false), 'U ziet 2 van de 10 open punten. Deze 2 zijn allemaal te laat, en er zijn er mogelijk meer. Kies "Meer laden" onder de tabel om meer te zien.');
});

test('timeline: transitions, flags and the overleg\'s decisions in date order; corrected decisions marked and not offered', () => {
  const c = {
    events: [
      { id: 1, kind: 'transition', code: 'beeldvorming', decided_date: '2026-11-20', created_at: '2026-11-20T10:00:00Z' },
      { id: 2, kind: 'flag', code: 'uitgereisd', on: true, decided_date: '2026-11-25', created_at: '2026-11-25T09:00:00Z' },
      { id: 3, kind: 'transition', code: 'plan_vastgesteld', decided_date: '2026-11-25', created_at: '2026-11-25T08:00:00Z' },
    ],
    meeting_decisions: [
      { id: 10, meeting_id: 5, type: 'plan', text: 'Plan vaststellen', decided_date: '2026-11-22' },
      { id: 11, meeting_id: 5, type: 'plan', text: 'Plan vaststellen met een extra doel dat heel erg lang is en nog langer doorgaat', decided_date: '2026-11-23', corrects: 10 },
      { id: 12, meeting_id: 6, type: 'maatregel', text: 'Meldplicht', decided_date: '2026-11-21' },
    ],
  };
  assert.deepEqual(timelineEntries(c).map((e) => [e.key, e.kind, e.superseded ?? null]), [
    ['ev-1', 'transition', null],
    ['md-12', 'meeting', false],
    ['md-10', 'meeting', true],
    ['md-11', 'meeting', false],
    ['ev-3', 'transition', null], // same day: in the order recorded
    ['ev-2', 'flag', null],
  ]);
  assert.deepEqual(meetingDecisionOptions(c), [
    { value: '11', label: '23 november 2026: Plan van aanpak — Plan vaststellen met een extra doel dat heel erg lang is…' },
    { value: '12', label: '21 november 2026: Maatregel — Meldplicht' },
  ]);
  assert.deepEqual(timelineEntries({}), []);
  assert.deepEqual(meetingDecisionOptions(null), []);
});

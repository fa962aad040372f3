// Pure helpers of the signal screens (src/signals.js): labels, deadlines, queries, request bodies
// from form state, and mapping nested server errors back onto form fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  optionList, optionLabel, stateLabel, userOptions, isOfficer, daysBetween, deadlineInfo, parseTime, amsterdamToISO,
  parseListSearch, listSearch, signalsQuery, pageCount, nextStates, fieldId, normalisePath, resolveKey, formErrors,
  emptySignalForm, emptySubject, validateSignal, signalFieldKeys, signalRewrite, validateStatus, validateInvite,
  validateInformation, validateFeedback, validateSearch,
} from '../../src/signals.js';
import { ApiError, normaliseProblem } from '../../src/api.js';
import { SIGNAL_ROUTE_LABELS, SIGNAL_STATE_LABELS, t } from '../../src/i18n/nl.js';
import { canListSignals, canCreateSignal, canOpenSignal, canSearchSignals, isSignalOfficer } from '../../src/permissions.js';

const TODAY = '2026-11-28';

test('optionList accepts codes, {code,label} and {id,name}; labels fall back to the Dutch table', () => {
  assert.deepEqual(optionList(['telefoon', '', null]), [{ value: 'telefoon', label: 'telefoon' }]);
  assert.deepEqual(optionList([{ code: 'citizen', label: 'Burger (server)' }, { code: 'family' }], SIGNAL_ROUTE_LABELS), [
    { value: 'citizen', label: 'Burger (server)' },
    { value: 'family', label: 'Familie' },
  ]);
  assert.deepEqual(optionList([{ id: 12, name: 'Gemeente Voorbeeldstad' }]), [{ value: '12', label: 'Gemeente Voorbeeldstad' }]);
  assert.deepEqual(optionList(undefined), []);
  assert.deepEqual(optionList({ code: 'x' }), []);
});

test('optionLabel and stateLabel: server labels win, then the table, then the code', () => {
  const routes = [{ code: 'police_om', label: 'Politie of OM' }];
  assert.equal(optionLabel(routes, 'police_om', SIGNAL_ROUTE_LABELS), 'Politie of OM');
  assert.equal(optionLabel([], 'family', SIGNAL_ROUTE_LABELS), 'Familie');
  assert.equal(optionLabel(null, 'onbekend_ding'), 'onbekend_ding');
  assert.equal(optionLabel(null, ''), '');
  assert.equal(stateLabel({ state: 'weging', state_label: 'Klaar voor weging (server)' }), 'Klaar voor weging (server)');
  assert.equal(stateLabel({ status: 'in_behandeling', status_label: 'In behandeling' }), 'In behandeling');
  assert.equal(stateLabel({ state: 'opname_pga' }), SIGNAL_STATE_LABELS.opname_pga);
  assert.equal(stateLabel({ state: 'herwegen' }, { states: [{ code: 'herwegen', label: 'Opnieuw wegen' }] }), 'Opnieuw wegen');
  assert.equal(stateLabel(null), '');
});

test('userOptions: active users, name first; casusregisseurs from the options ({id,name})', () => {
  assert.deepEqual(userOptions([
    { id: 7, display_name: 'Daan Dossier', username: 'dossierhouder', status: 'actief' },
    { id: 8, display_name: 'Weg', username: 'weg', status: 'geblokkeerd' },
    { id: 9, name: 'Dirk Dossier' },
  ]), [{ value: '7', label: 'Daan Dossier (dossierhouder)' }, { value: '9', label: 'Dirk Dossier' }]);
  assert.deepEqual(userOptions(null), []);
});

test('officer roles see the work queue; melder and partner see their own receipts', () => {
  const s = (roles, permissions) => ({ user: { roles }, permissions });
  assert.equal(isOfficer(s(['dossierhouder'])), true);
  assert.equal(isOfficer(s(['voorzitter'])), true);
  assert.equal(isOfficer(s(['burgemeester'])), true);
  assert.equal(isOfficer(s(['melder'])), false);
  assert.equal(isSignalOfficer(s(['partner'])), false);
  assert.equal(canListSignals(s(['melder'], ['list.signal'])), true);
  assert.equal(canCreateSignal(s(['voorzitter'], ['list.signal', 'read.signal'])), false);
  assert.equal(canOpenSignal(s(['partner'], ['create.signal'])), true);
  assert.equal(canOpenSignal(s(['raadslid'], ['read.figures'])), false);
  assert.equal(canSearchSignals(s(['dossierhouder'], ['search.signal'])), true);
  assert.equal(canSearchSignals(s(['voorzitter'], ['list.signal'])), false);
  // role fallback without a server list
  assert.equal(canListSignals({ user: { roles: ['partner'] } }), true);
  assert.equal(canSearchSignals({ user: { roles: ['dossierhouder'] } }), true);
});

test('deadlines: calendar days, "te laat" from the server flag, notes in Dutch', () => {
  assert.equal(daysBetween('2026-11-28', '2026-12-01'), 3);
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2); // across the DST change
  assert.ok(Number.isNaN(daysBetween('x', '2026-01-01')));
  assert.deepEqual(deadlineInfo({ due_date: '2026-12-01', overdue: false }, TODAY), { date: '01-12-2026', overdue: false, note: 'nog 3 dagen' });
  assert.deepEqual(deadlineInfo({ due_date: '2026-11-29', overdue: false }, TODAY), { date: '29-11-2026', overdue: false, note: 'nog 1 dag' });
  assert.deepEqual(deadlineInfo({ due_date: TODAY, overdue: false }, TODAY), { date: '28-11-2026', overdue: false, note: 'vandaag' });
  assert.deepEqual(deadlineInfo({ due_date: '2026-11-25', overdue: true }, TODAY), { date: '25-11-2026', overdue: true, note: '3 dagen te laat' });
  assert.deepEqual(deadlineInfo({ due_date: '2026-11-27', overdue: true }, TODAY), { date: '27-11-2026', overdue: true, note: '1 dag te laat' });
  // a closed signal past its date is not late (the server says so)
  assert.deepEqual(deadlineInfo({ due_date: '2026-11-01', overdue: false }, TODAY), { date: '01-11-2026', overdue: false, note: '' });
  // no server flag: the date decides
  assert.equal(deadlineInfo({ due_date: '2026-11-20' }, TODAY).overdue, true);
  assert.deepEqual(deadlineInfo({ due_date: null }, TODAY), { date: '', overdue: false, note: '' });
  assert.deepEqual(deadlineInfo({ due_date: null, overdue: true }, TODAY), { date: '', overdue: true, note: 'te laat' });
});

test('times of day and Dutch wall-clock time → UTC', () => {
  assert.equal(parseTime('14:05'), '14:05');
  assert.equal(parseTime(' 9.30 '), '09:30');
  assert.equal(parseTime('24:00'), null);
  assert.equal(parseTime('12:60'), null);
  assert.equal(parseTime('1405'), null);
  assert.equal(amsterdamToISO('2026-11-27', '14:05'), '2026-11-27T13:05:00.000Z'); // CET
  assert.equal(amsterdamToISO('2026-07-01', '00:30'), '2026-06-30T22:30:00.000Z'); // CEST, day before in UTC
  assert.equal(amsterdamToISO('2026-03-29', '03:30'), '2026-03-29T01:30:00.000Z'); // just after the spring change
});

test('work-queue filters: page URL ↔ API query', () => {
  assert.deepEqual(parseListSearch(''), { state: '', overdue: false, page: 1 });
  assert.deepEqual(parseListSearch('?status=weging&te_laat=1&pagina=3'), { state: 'weging', overdue: true, page: 3 });
  assert.deepEqual(parseListSearch('?pagina=-2'), { state: '', overdue: false, page: 1 });
  assert.deepEqual(parseListSearch('?pagina=abc'), { state: '', overdue: false, page: 1 });
  assert.equal(listSearch({ state: 'weging', overdue: true, page: 2 }), '?status=weging&te_laat=1&pagina=2');
  assert.equal(listSearch({ page: 1 }), '');
  assert.equal(signalsQuery({}), '?page=1&per_page=25');
  assert.equal(signalsQuery({ state: 'ontvangen', overdue: true, page: 2, per_page: 10 }), '?state=ontvangen&overdue=1&page=2&per_page=10');
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(25, 25), 1);
  assert.equal(pageCount(26, 25), 2);
  assert.equal(pageCount('x'), 1);
});

test('status: only forward steps before the weighing', () => {
  assert.deepEqual(nextStates('ontvangen'), ['geregistreerd', 'informatie_aanvullen', 'weging']);
  assert.deepEqual(nextStates('informatie_aanvullen'), ['weging']);
  assert.deepEqual(nextStates('weging'), []);
  assert.deepEqual(nextStates('opname_pga'), []);
  assert.deepEqual(validateStatus({ state: '', note: '' }).errors, { state: 'Kies een nieuwe status.' });
  assert.deepEqual(validateStatus({ state: 'weging', note: '  klaar  ' }).body, { state: 'weging', note: 'klaar' });
  assert.deepEqual(validateStatus({ state: 'weging', note: '' }).body, { state: 'weging' });
  assert.equal(validateStatus({ state: 'weging', note: 'x'.repeat(501) }).body, null);
});

test('field ids and server paths', () => {
  assert.equal(fieldId('sig', 'subjects.0.name'), 'sig-subjects-0-name');
  assert.equal(fieldId('w', 'criteria.c1.assessment'), 'w-criteria-c1-assessment');
  assert.equal(normalisePath('/subjects/0/name'), 'subjects.0.name');
  assert.equal(normalisePath('subjects[1].bsn'), 'subjects.1.bsn');
  assert.equal(normalisePath('#/acute/called_at'), 'acute.called_at');
  assert.equal(normalisePath('reporter/kind'), 'reporter.kind');
  assert.equal(normalisePath(undefined), '');
  const known = new Set(['subjects.0.name', 'subjects', 'acute.called_at']);
  assert.equal(resolveKey('subjects.0.name', known), 'subjects.0.name');
  assert.equal(resolveKey('subjects.3.kind', known), 'subjects');
  assert.equal(resolveKey('reporter.kind', known), '');
  assert.equal(signalRewrite('reporter.org'), 'reporter.org_id');
  assert.equal(signalRewrite('municipality'), 'municipality_id');
});

test('formErrors maps nested problem+json fields onto form keys; unknown ones go to the summary', () => {
  const err = new ApiError(normaliseProblem(422, {
    title: 'Ongeldige invoer', status: 422, detail: 'Controleer de gemarkeerde velden.',
    errors: [
      { field: 'subjects/0/bsn', reason: 'dit is geen geldig BSN (elfproef)' },
      { field: 'subjects/0/bsn', reason: 'een BSN heeft 9 cijfers' },
      { field: 'acute/called_at', reason: 'ligt in de toekomst' },
      { field: 'ambtsbericht', reason: 'alleen bij route ambtsbericht' },
      { field: 'observed', reason: 'required' },
    ],
  }));
  const f = emptySignalForm();
  const v = formErrors(err, { known: new Set(signalFieldKeys(f, 'full')), labels: { 'acute.called_at': 'Wanneer is gebeld', 'subjects.0.bsn': 'BSN' } });
  assert.equal(v.summary, 'Controleer de gemarkeerde velden.');
  assert.equal(v.status, 422);
  assert.equal(v.fields['subjects.0.bsn'], 'BSN: dit is geen geldig BSN (elfproef). BSN: een BSN heeft 9 cijfers.');
  assert.equal(v.fields['acute.called_at'], 'Wanneer is gebeld: ligt in de toekomst.');
  assert.equal(v.fields.observed, 'Vul dit veld in.');
  assert.deepEqual(v.loose, ['ambtsbericht: alleen bij route ambtsbericht.']);
  const labelled = formErrors(err, { known: new Set(['observed']), labels: { ambtsbericht: 'Ambtsbericht' } });
  assert.ok(labelled.loose.includes('Ambtsbericht: alleen bij route ambtsbericht.'));
  assert.equal(v.fields['subjects.0.name'], undefined);
  // a conflict without fields: only the summary
  const c = formErrors(new ApiError(normaliseProblem(409, { status: 409, detail: 'Deze melding is al gewogen.' })), { known: new Set() });
  assert.deepEqual(c, { summary: 'Deze melding is al gewogen.', fields: {}, loose: [], status: 409 });
  // not an ApiError
  assert.equal(formErrors(new Error('x'), { known: new Set() }).summary, t.errors.unknown);
});

const filledShort = () => ({
  ...emptySignalForm({ municipality_id: 12 }),
  subjects: [{ ...emptySubject(), name: '  Jan Jansen ', description: 'jongen van 17' }],
  observed: ' Hij deelt filmpjes van geweld. ',
  acute: { danger: 'nee', police_called: '', called_by: '', called_date: '', called_time: '' },
});

test('short form (melder): the body has municipality, subjects, observed, acute and the given route', () => {
  const v = validateSignal(filledShort(), { mode: 'short', today: TODAY, route: 'professional' });
  assert.deepEqual(v.errors, {});
  assert.deepEqual(v.body, {
    municipality_id: 12,
    route: 'professional',
    subjects: [{ kind: 'person', name: 'Jan Jansen', description: 'jongen van 17' }],
    observed: 'Hij deelt filmpjes van geweld.',
    acute: { danger: false },
  });
  // the short form never sends reporter, BSN or birth date
  const f = filledShort();
  f.subjects[0].bsn = '111222333';
  f.subjects[0].birth_date = '1-1-2009';
  const b = validateSignal(f, { mode: 'short', today: TODAY }).body;
  assert.equal('reporter' in b, false);
  assert.equal('route' in b, false);
  assert.deepEqual(Object.keys(b.subjects[0]).sort(), ['description', 'kind', 'name']);
});

test('signal form: required fields and Dutch messages per field key', () => {
  const v = validateSignal(emptySignalForm(), { mode: 'full', today: TODAY });
  assert.equal(v.body, null);
  assert.deepEqual(Object.keys(v.errors), ['municipality_id', 'route', 'reporter.kind', 'subjects.0.name', 'observed', 'acute.danger']);
  assert.equal(v.errors['subjects.0.name'], 'Betrokkene 1: vul een naam, een BSN of een omschrijving in.');
  assert.equal(v.errors['acute.danger'], 'Geef aan of er acuut gevaar is.');
  const p = validateSignal(emptySignalForm(), { mode: 'public', today: TODAY });
  assert.equal(p.errors.route, t.intake.routeRequired);
  assert.equal(p.errors['reporter.kind'], t.intake.reporterKindRequired);
});

test('full form: dates, BSN (elfproef), reporter, phenomenon, legal ground', () => {
  const f = {
    ...filledShort(),
    route: 'professional',
    received_date: '27-11-2026',
    reporter: { kind: 'confidential', org_id: '3', name: ' Sara ', function: 'Docent', contact: '' },
    subjects: [
      { kind: 'person', name: 'Jan Jansen', birth_date: '1-3-2008', bsn: '1112.22.333', description: '' },
      { kind: 'organisation', name: 'Stichting X', birth_date: '', bsn: '', description: '' },
    ],
    phenomenon: 'jihadisme',
    legal_ground: 'art. 5 convenant',
  };
  const v = validateSignal(f, { mode: 'full', today: TODAY });
  assert.deepEqual(v.errors, {});
  assert.deepEqual(v.body, {
    municipality_id: 12,
    route: 'professional',
    received_date: '2026-11-27',
    reporter: { kind: 'confidential', org_id: 3, name: 'Sara', function: 'Docent' },
    subjects: [
      { kind: 'person', name: 'Jan Jansen', birth_date: '2008-03-01', bsn: '111222333' },
      { kind: 'organisation', name: 'Stichting X' },
    ],
    observed: 'Hij deelt filmpjes van geweld.',
    phenomenon: 'jihadisme',
    legal_ground: 'art. 5 convenant',
    acute: { danger: false },
  });
  // anonymous: no identity sent even when typed
  const anon = validateSignal({ ...f, reporter: { ...f.reporter, kind: 'anonymous' } }, { mode: 'full', today: TODAY }).body;
  assert.deepEqual(anon.reporter, { kind: 'anonymous' });

  const bad = validateSignal({
    ...f,
    received_date: '29-11-2026',
    subjects: [
      { kind: 'person', name: '', birth_date: '31-02-2008', bsn: '123', description: '' },
      { kind: 'person', name: '', birth_date: '', bsn: '111222334', description: '' },
    ],
    legal_ground: 'x'.repeat(501),
  }, { mode: 'full', today: TODAY });
  assert.equal(bad.body, null);
  assert.match(bad.errors.received_date, /in de toekomst/);
  assert.match(bad.errors['subjects.0.birth_date'], /Betrokkene 1, geboortedatum: vul een datum in zoals 17-10-2024/);
  assert.equal(bad.errors['subjects.0.bsn'], 'Betrokkene 1: vul een BSN in van 9 cijfers, bijvoorbeeld 123456782.');
  assert.equal(bad.errors['subjects.1.bsn'], 'Betrokkene 2: dit BSN bestaat niet. Controleer de cijfers.');
  assert.equal(bad.errors['subjects.1.name'], undefined, 'a BSN alone identifies the subject');
  assert.match(bad.errors.legal_ground, /maximaal 500 tekens/);
  const noName = validateSignal({ ...f, subjects: [{ kind: 'person', name: '', birth_date: '1-1-2000', bsn: '', description: 'lang' }] }, { mode: 'full', today: TODAY });
  assert.match(noName.errors['subjects.0.name'], /vul ook de naam in/);
});

test('acute check: danger → police called → by whom and when (Dutch time → UTC)', () => {
  const base = filledShort();
  const withAcute = (acute) => validateSignal({ ...base, acute: { ...base.acute, ...acute } }, { mode: 'short', today: TODAY });
  assert.deepEqual(withAcute({ danger: 'ja' }).errors, { 'acute.police_called': 'Geef aan of de politie of 112 is gebeld.' });
  assert.deepEqual(withAcute({ danger: 'ja', police_called: 'nee' }).body.acute, { danger: true, police_called: false });
  assert.deepEqual(withAcute({ danger: 'ja', police_called: 'ja' }).errors, {
    'acute.called_by': 'Vul in wie de politie of 112 heeft gebeld.',
    'acute.called_at': 'Vul in op welke datum de politie of 112 is gebeld.',
  });
  assert.equal(withAcute({ danger: 'ja', police_called: 'ja', called_by: 'ik', called_date: '28-11-2026' }).errors['acute.called_time'], 'Vul in hoe laat de politie of 112 is gebeld.');
  assert.equal(withAcute({ danger: 'ja', police_called: 'ja', called_by: 'ik', called_date: '28-11-2026', called_time: '25:00' }).errors['acute.called_time'], 'Vul een tijd in zoals 14:05.');
  assert.match(withAcute({ danger: 'ja', police_called: 'ja', called_by: 'ik', called_date: '29-11-2026', called_time: '10:00' }).errors['acute.called_at'], /toekomst/);
  assert.deepEqual(withAcute({ danger: 'ja', police_called: 'ja', called_by: ' de school ', called_date: '27-11-2026', called_time: '14:05' }).body.acute, {
    danger: true, police_called: true, called_by: 'de school', called_at: '2026-11-27T13:05:00.000Z',
  });
  // answers to later questions are not sent when an earlier answer makes them irrelevant
  assert.deepEqual(withAcute({ danger: 'nee', police_called: 'ja', called_by: 'x' }).body.acute, { danger: false });
});

test('detail forms: invite, information (police is always purpose-bound), feedback', () => {
  assert.deepEqual(validateInvite({ org_id: '', reason: ' ' }).errors, { org_id: 'Kies een organisatie.', reason: 'Vul in waarom u deze partner uitnodigt.' });
  assert.deepEqual(validateInvite({ org_id: '4', reason: ' politie-informatie ' }).body, { org_id: 4, reason: 'politie-informatie' });
  assert.deepEqual(Object.keys(validateInformation({ category: '', legal_basis: '', content: '' }).errors), ['category', 'legal_basis', 'content']);
  assert.deepEqual(validateInformation({ category: 'police', legal_basis: 'art. 20 Wpg', content: 'bekend', purpose_bound: false }).body, {
    category: 'police', legal_basis: 'art. 20 Wpg', content: 'bekend', purpose_bound: true,
  });
  assert.equal(validateInformation({ category: 'care', legal_basis: 'x', content: 'y', purpose_bound: false }).body.purpose_bound, false);
  assert.equal(validateInformation({ category: 'care', legal_basis: 'x', content: 'y', purpose_bound: true }).body.purpose_bound, true);
  assert.deepEqual(validateFeedback({ date: '', channel: 'telefoon', text: ' Bedankt ' }, TODAY).body, { channel: 'telefoon', text: 'Bedankt' });
  assert.deepEqual(validateFeedback({ date: '27-11-2026', channel: 'brief', text: 'x' }, TODAY).body, { date: '2026-11-27', channel: 'brief', text: 'x' });
  const bad = validateFeedback({ date: '30-11-2026', channel: '', text: 'x'.repeat(2001) }, TODAY);
  assert.deepEqual(Object.keys(bad.errors), ['date', 'channel', 'text']);
  assert.match(bad.errors.text, /maximaal 2\.000 tekens/);
});

test('search: one way of searching, BSN checked, name needs a birth date, words limited', () => {
  assert.deepEqual(validateSearch('', {}).errors, { mode: 'Kies waarop u wilt zoeken.' });
  assert.equal(validateSearch('bsn', { bsn: '1112.22.333' }).query, '?bsn=111222333');
  assert.equal(validateSearch('bsn', { bsn: '111222334' }).errors.bsn, 'Dit BSN bestaat niet. Controleer de cijfers.');
  assert.equal(validateSearch('bsn', { bsn: '12' }).errors.bsn, 'Vul een BSN in van 9 cijfers, bijvoorbeeld 123456782.');
  assert.deepEqual(validateSearch('name', { name: 'Jan', birth_date: '' }).errors, { birth_date: 'Vul een geboortedatum in.' });
  assert.equal(validateSearch('name', { name: ' Jan Jansen ', birth_date: '1-3-2008' }).query, '?name=Jan+Jansen&birth_date=2008-03-01');
  assert.equal(validateSearch('q', { q: '  filmpjes   geweld ' }).query, '?q=filmpjes+geweld');
  assert.equal(validateSearch('q', { q: 'a b c' }).errors.q, 'Vul minstens één woord in van twee of meer tekens.');
  assert.equal(validateSearch('q', { q: 'een twee drie vier vijf zes zeven acht negen' }).errors.q, 'Zoek op hoogstens 8 woorden.');
  // the other fields are ignored: only the chosen way goes to the server
  assert.equal(validateSearch('q', { q: 'geweld', bsn: '111222333' }).query, '?q=geweld');
});

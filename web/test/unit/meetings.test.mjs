// The meeting helpers (src/meetings.js): Dutch dates, the calendar grouped by month, the decision
// rule preview, request bodies with Dutch messages, participants and the pack chooser, the
// actions work-list filters, and problem+json field errors mapped onto the decision form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatLongDate, formatMediumDate, formatMonth, monthKey, addDays, meetingTitle, shortTime, groupMeetings, meetingsQuery,
  peopleOptions, participants, attendanceForm, attendanceBody, packChoices, decisionRule, parseCount, validateMeeting,
  emptyMeetingForm, validateBody, validateFreeItem, validateInvitation, validateMinutes, isSaveShortcut, emptyDecisionForm,
  validateDecision, decisionFieldKeys, decisionFormFrom, correctable, validateAction, ownerOptions, parseActionsSearch,
  actionsSearch, actionsQuery, isOverdue, validateActionStatus, kindLabel, decisionTypeLabel, optionsOrTable,
} from '../../src/meetings.js';
import { formErrors } from '../../src/signals.js';
import { ApiError, normaliseProblem } from '../../src/api.js';
import { MEETING_KIND_LABELS } from '../../src/i18n/nl.js';

const TODAY = '2026-11-28';

test('dates of a meeting: long Dutch date, month headings, no zone shift', () => {
  assert.equal(formatLongDate('2026-12-03'), 'donderdag 3 december 2026');
  assert.equal(formatLongDate('2027-03-28'), 'zondag 28 maart 2027'); // DST change day stays the same day
  assert.equal(formatLongDate(''), '');
  assert.equal(formatLongDate('3-12-2026'), '');
  assert.equal(formatMediumDate('2026-01-05'), '5 januari 2026');
  assert.equal(monthKey('2026-12-03'), '2026-12');
  assert.equal(monthKey(null), '');
  assert.equal(formatMonth('2026-12'), 'december 2026');
  assert.equal(formatMonth('2026-13x'), '');
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
  assert.equal(shortTime('10:00:00'), '10:00');
  assert.equal(shortTime(null), '');
  assert.equal(meetingTitle({ body: { name: 'Casusoverleg Voorbeeldstad' }, date: '2026-12-03' }), 'Casusoverleg Voorbeeldstad op donderdag 3 december 2026');
  assert.equal(meetingTitle({ body: { kind: 'lokale_driehoek' }, date: '' }), 'Lokale driehoek');
});

test('calendar: upcoming soonest first, past newest first, grouped by month; today counts as upcoming', () => {
  const items = [
    { id: 1, date: '2026-10-02', start_time: '10:00' },
    { id: 2, date: '2026-12-03', start_time: '14:00' },
    { id: 3, date: '2026-11-28', start_time: '09:00' },
    { id: 4, date: '2026-12-03', start_time: '09:30' },
    { id: 5, date: '2026-11-02' },
    { id: 6, date: '2026-11-27', start_time: '16:00' },
    { id: 7, date: 'kapot' },
  ];
  const g = groupMeetings(items, TODAY);
  assert.deepEqual(g.upcoming.map((x) => [x.key, x.label, x.items.map((i) => i.id)]), [
    ['2026-11', 'november 2026', [3]],
    ['2026-12', 'december 2026', [4, 2]],
  ]);
  assert.deepEqual(g.past.map((x) => [x.key, x.items.map((i) => i.id)]), [
    ['2026-11', [6, 5]],
    ['2026-10', [1]],
  ]);
  assert.deepEqual(groupMeetings(null, TODAY), { upcoming: [], past: [] });
  assert.equal(meetingsQuery({ from: '2026-01-01', to: '2026-12-31' }), '?from=2026-01-01&to=2026-12-31');
  assert.equal(meetingsQuery(), '');
});

test('labels: the server option list wins, then the Dutch table', () => {
  assert.equal(kindLabel({ kinds: [{ code: 'casusoverleg', label: 'Casusoverleg (PGA)' }] }, 'casusoverleg'), 'Casusoverleg (PGA)');
  assert.equal(kindLabel(null, 'lokale_driehoek'), 'Lokale driehoek');
  assert.equal(decisionTypeLabel({}, 'escalatie_driehoek'), 'Opschalen naar de lokale driehoek');
  assert.equal(optionsOrTable(undefined, MEETING_KIND_LABELS).length, 4);
  assert.deepEqual(optionsOrTable([{ code: 'x', label: 'X' }], MEETING_KIND_LABELS), [{ value: 'x', label: 'X' }]);
});

test('decision rule preview follows docs/meetings.md', () => {
  assert.equal(decisionRule(null).rule, 'unanimous');
  assert.equal(decisionRule(null).text, 'Aangenomen bij overeenstemming.');
  const u = decisionRule({ voor: 5, tegen: 0, onthouding: 2 });
  assert.deepEqual([u.rule, u.result, u.dissentRequired], ['unanimous', 'aangenomen', false]);
  const maj = decisionRule({ voor: 3, tegen: 1, onthouding: 0 });
  assert.deepEqual([maj.rule, maj.result, maj.dissentRequired], ['majority', 'aangenomen', true]);
  assert.equal(maj.text, 'Aangenomen bij meerderheid: 3 voor, 1 tegen.');
  const rej = decisionRule({ voor: 1, tegen: 4 });
  assert.deepEqual([rej.rule, rej.result, rej.dissentRequired], ['majority', 'verworpen', true]);
  // nobody voted for: a rejection needs no dissent
  assert.equal(decisionRule({ voor: 0, tegen: 3 }).dissentRequired, false);
  const tie = decisionRule({ voor: 2, tegen: 2 });
  assert.deepEqual([tie.rule, tie.result, tie.tie, tie.dissentRequired], ['chair', null, true, false]);
  assert.equal(tie.text, 'De stemmen staken (2 voor, 2 tegen). De voorzitter beslist.');
  assert.deepEqual([decisionRule({ voor: 2, tegen: 2 }, 'voor').result, decisionRule({ voor: 2, tegen: 2 }, 'tegen').result], ['aangenomen', 'verworpen']);
  assert.equal(decisionRule({ voor: 2, tegen: 2 }, 'tegen').dissentRequired, true);
  assert.equal(parseCount(''), 0);
  assert.equal(parseCount(' 3 '), 3);
  assert.ok(Number.isNaN(parseCount('drie')));
  assert.ok(Number.isNaN(parseCount('-1')));
});

function decision(patch = {}) {
  return { ...emptyDecisionForm(), type: 'plan', text: 'Plan van aanpak vastgesteld', rationale: 'Zorgen nemen toe', ...patch };
}

test('decision form: required fields, votes, chair vote on a tie and dissent', () => {
  const empty = validateDecision(emptyDecisionForm());
  assert.equal(empty.body, null);
  assert.deepEqual(Object.keys(empty.errors), ['type', 'text', 'rationale']);
  assert.equal(empty.errors.rationale, 'Vul de onderbouwing van het besluit in.');

  // consensus: no votes member at all
  assert.deepEqual(validateDecision(decision({ alternatives: '  ', legal_basis: ' Wgo ' })).body, {
    type: 'plan', text: 'Plan van aanpak vastgesteld', rationale: 'Zorgen nemen toe', legal_basis: 'Wgo',
  });
  // majority with votes against: dissent required
  const maj = validateDecision(decision({ voted: 'ja', voor: '3', tegen: '1' }));
  assert.deepEqual(maj.errors, { dissent: 'Vul de afwijkende mening in: er waren stemmen tegen de uitkomst.' });
  const ok = validateDecision(decision({ voted: 'ja', voor: '3', tegen: '1', dissent: 'De politie wilde eerst meer informatie.' }));
  assert.deepEqual(ok.body.votes, { voor: 3, tegen: 1, onthouding: 0 });
  assert.equal(ok.body.chair_vote, undefined);
  // a tie: the chair decides
  const tie = validateDecision(decision({ voted: 'ja', voor: '2', tegen: '2' }));
  assert.equal(tie.errors.chair_vote, 'De stemmen staken: kies wat de voorzitter stemt.');
  const tie2 = validateDecision(decision({ voted: 'ja', voor: '2', tegen: '2', chair_vote: 'voor', dissent: 'Twee leden waren tegen.' }));
  assert.equal(tie2.body.chair_vote, 'voor');
  // a chair vote is not sent without a tie
  assert.equal(validateDecision(decision({ voted: 'ja', voor: '4', tegen: '0', chair_vote: 'tegen' })).body.chair_vote, undefined);
  // bad counts, no counts
  assert.equal(validateDecision(decision({ voted: 'ja', voor: 'x', tegen: '1' })).errors['votes.voor'], 'Voor: vul een heel getal in, bijvoorbeeld 3.');
  assert.equal(validateDecision(decision({ voted: 'ja' })).errors['votes.voor'], 'Vul het aantal stemmen voor en tegen in.');
  // voted "nee" ignores typed counts
  assert.equal(validateDecision(decision({ voted: 'nee', voor: '1', tegen: '5' })).body.votes, undefined);
  // dates and limits
  assert.equal(validateDecision(decision({ decided_date: '3-12-2026' })).body.decided_date, '2026-12-03');
  assert.equal(validateDecision(decision({ decided_date: '31-2-2026' })).errors.decided_date, 'Datum van het besluit: vul een datum in zoals 17-10-2024.');
  assert.match(validateDecision(decision({ text: 'x'.repeat(2001) })).errors.text, /hoogstens 2\.000 tekens/);
  // after adoption only corrections
  assert.equal(validateDecision(decision(), { onlyCorrections: true }).errors.corrects, 'Het overleg is vastgesteld. U kunt alleen nog een besluit corrigeren.');
  assert.equal(validateDecision(decision({ corrects: '55' }), { onlyCorrections: true }).body.corrects, 55);
});

test('decision form: keys in form order, correction prefill, server errors on nested vote fields', () => {
  assert.deepEqual(decisionFieldKeys({ voted: 'nee' }), ['corrects', 'type', 'text', 'rationale', 'alternatives', 'legal_basis', 'voted', 'dissent', 'decided_date']);
  assert.ok(decisionFieldKeys({ voted: 'ja' }).includes('votes.tegen'));
  const d = { id: 55, type: 'maatregel', text: 'T', rationale: 'R', votes: { voor: 2, tegen: 2, onthouding: 1 }, chair_vote: 'tegen', decided_date: '2026-12-03', superseded_by: null };
  const f = decisionFormFrom(d);
  assert.deepEqual([f.voted, f.voor, f.tegen, f.onthouding, f.chair_vote, f.decided_date, f.corrects], ['ja', '2', '2', '1', 'tegen', '03-12-2026', '55']);
  assert.deepEqual(correctable([{ id: 1, superseded_by: 2 }, { id: 2 }, { id: 3 }]).map((x) => x.id), [3, 2]);
  const err = new ApiError(normaliseProblem(400, { status: 400, detail: 'Controleer de invoer.', errors: [{ field: 'votes/tegen', reason: 'too_long' }, { field: 'dissent', reason: 'required' }, { field: 'foo', reason: 'raar' }] }));
  const v = formErrors(err, { known: new Set(decisionFieldKeys({ voted: 'ja' })), labels: { 'votes.tegen': 'Tegen' } });
  assert.deepEqual(v.fields, { 'votes.tegen': 'De invoer is te lang.', dissent: 'Vul dit veld in.' });
  assert.deepEqual(v.loose, ['foo: raar.']);
  assert.equal(v.summary, 'Controleer de invoer.');
});

test('new meeting, body, free item and invitation bodies with Dutch messages', () => {
  const e = validateMeeting(emptyMeetingForm());
  assert.deepEqual(Object.keys(e.errors), ['body_id', 'date', 'chair_id', 'secretary_id']);
  const ok = validateMeeting({ body_id: '2', date: '3-12-2026', start_time: '9.30', location: ' Stadhuis ', chair_id: '4', secretary_id: '5' });
  assert.deepEqual(ok.body, { body_id: 2, date: '2026-12-03', start_time: '09:30', location: 'Stadhuis', chair_id: 4, secretary_id: 5 });
  assert.equal(validateMeeting({ ...emptyMeetingForm(), start_time: '25:00' }).errors.start_time, 'Begintijd: vul een tijd in zoals 14:00.');
  assert.equal(validateMeeting({ ...emptyMeetingForm(), date: '2026-12-03' }).errors.date, 'Datum: vul een datum in zoals 17-10-2024.');

  assert.deepEqual(validateBody({ kind: '', name: ' ', members: [] }).errors, { kind: 'Kies de soort overleg.', name: 'Vul de naam van de overlegvorm in.' });
  assert.deepEqual(validateBody({ kind: 'casusoverleg', name: 'Casusoverleg Oost', members: ['3', '7'] }).body, { kind: 'casusoverleg', name: 'Casusoverleg Oost', members: [3, 7] });
  assert.equal(validateBody({ kind: 'casusoverleg', name: 'X', members: Array.from({ length: 31 }, (_, i) => String(i)) }).errors.members, 'Kies hoogstens 30 kernleden.');

  assert.equal(validateFreeItem({ title: '', material: '' }).errors.title, 'Vul de titel van het agendapunt in.');
  assert.deepEqual(validateFreeItem({ title: ' Rondvraag ', material: '' }).body, { kind: 'free', title: 'Rondvraag' });
  assert.match(validateFreeItem({ title: 'x', material: 'y'.repeat(20001) }).errors.material, /20\.000/);

  assert.deepEqual(Object.keys(validateInvitation({ user_id: '', reason: '' }).errors), ['user_id', 'reason']);
  assert.deepEqual(validateInvitation({ user_id: '9', reason: ' Jeugdhulp loopt al ' }).body, { user_id: 9, reason: 'Jeugdhulp loopt al' });
});

test('minutes: draft before adoption, a correction needs a reason after it; Ctrl+Enter saves', () => {
  assert.deepEqual(validateMinutes({ text: 'Besproken.', correction_reason: '' }).body, { text: 'Besproken.' });
  assert.equal(validateMinutes({ text: 'Besproken.', correction_reason: '' }, { saved: 'Besproken.' }).errors.text, 'De notulen zijn niet veranderd.');
  const adopted = validateMinutes({ text: 'Gecorrigeerd.', correction_reason: '' }, { adopted: true, saved: 'Oud' });
  assert.deepEqual(adopted.errors, { correction_reason: 'Vul de reden van de correctie in.' });
  assert.deepEqual(validateMinutes({ text: 'Gecorrigeerd.', correction_reason: ' typefout ' }, { adopted: true }).body, { text: 'Gecorrigeerd.', correction_reason: 'typefout' });
  assert.match(validateMinutes({ text: 'x'.repeat(50001), correction_reason: '' }).errors.text, /50\.000/);
  assert.equal(isSaveShortcut({ key: 'Enter', ctrlKey: true }), true);
  assert.equal(isSaveShortcut({ key: 'Enter', metaKey: true }), true);
  assert.equal(isSaveShortcut({ key: 'Enter' }), false);
  assert.equal(isSaveShortcut({ key: 'Enter', ctrlKey: true, shiftKey: true }), false);
  assert.equal(isSaveShortcut({ key: 's', ctrlKey: true }), false);
});

test('actions: owner and due date (not before the meeting), status change, overdue', () => {
  const e = validateAction({ description: '', owner_id: '', due_date: '' }, '2026-12-03');
  assert.deepEqual(Object.keys(e.errors), ['description', 'owner_id', 'due_date']);
  assert.equal(validateAction({ description: 'Bel moeder', owner_id: '9', due_date: '2-12-2026' }, '2026-12-03').errors.due_date, 'Uiterlijk klaar op: deze datum ligt voor de datum van het overleg.');
  assert.deepEqual(validateAction({ description: ' Bel moeder ', owner_id: '9', due_date: '3-12-2026' }, '2026-12-03').body, { description: 'Bel moeder', owner_id: 9, due_date: '2026-12-03' });
  assert.equal(validateActionStatus({ status: '', note: '' }).errors.status, 'Kies een status.');
  assert.deepEqual(validateActionStatus({ status: 'gereed', note: ' klaar ' }).body, { status: 'gereed', note: 'klaar' });
  assert.equal(isOverdue({ status: 'open', due_date: '2026-11-27' }, TODAY), true);
  assert.equal(isOverdue({ status: 'gereed', due_date: '2026-11-27' }, TODAY), false);
  assert.equal(isOverdue({ status: 'open', due_date: TODAY }, TODAY), false);
  assert.equal(isOverdue({ status: 'open', due_date: '2026-11-27', overdue: false }, TODAY), false, 'the server flag wins');
});

test('work-list filters: page URL ↔ API query', () => {
  assert.deepEqual(parseActionsSearch(''), { scope: 'mine', status: 'open' });
  assert.deepEqual(parseActionsSearch('?bereik=gemeente&status=all'), { scope: 'municipality', status: 'all' });
  assert.deepEqual(parseActionsSearch('?status=onzin'), { scope: 'mine', status: 'open' });
  assert.equal(actionsSearch({ scope: 'mine', status: 'open' }), '');
  assert.equal(actionsSearch({ scope: 'municipality', status: 'gereed' }), '?bereik=gemeente&status=gereed');
  assert.equal(actionsQuery({ scope: 'municipality', status: 'vervallen' }), '?scope=municipality&status=vervallen');
  assert.equal(actionsQuery({}), '?scope=mine&status=open');
});

const meeting = {
  id: 1,
  date: '2026-12-03',
  chair: { id: 4, name: 'Vera Voorzitter' },
  secretary: { id: 5, name: 'Daan Dossier' },
  core_members: [{ user: { id: 7, name: 'Pim Partner' }, org: { id: 3, name: 'Politie' } }, { user: { id: 4, name: 'Vera Voorzitter' }, org: { id: 1, name: 'Gemeente' } }],
  items: [
    { id: 10, invitations: [{ id: 1, user: { id: 9, name: 'Jet Jeugdzorg' }, org: { id: 8, name: 'Jeugdzorg' }, reason: 'r' }] },
    { id: 11, invitations: [{ id: 2, user: { id: 9, name: 'Jet Jeugdzorg' }, org: { id: 8, name: 'Jeugdzorg' }, reason: 'r' }] },
  ],
  attendance: [{ user: { id: 7, name: 'Pim Partner' }, org: { id: 3, name: 'Politie' }, capacity: 'core', status: 'afgemeld' }],
};

test('participants, attendance and the pack chooser: everyone once, with their roles', () => {
  const p = participants(meeting);
  assert.deepEqual(p.map((x) => [x.id, x.capacities.join('+'), x.status, x.org]), [
    ['4', 'chair+core', '', 'Gemeente'],
    ['5', 'secretary', '', ''],
    ['7', 'core', 'afgemeld', 'Politie'],
    ['9', 'invited', '', 'Jeugdzorg'],
  ]);
  assert.deepEqual(attendanceForm(meeting), { 4: '', 5: '', 7: 'afgemeld', 9: '' });
  assert.deepEqual(attendanceBody({ 4: 'aanwezig', 5: '', 7: 'afgemeld' }).body, { entries: [{ user_id: 4, status: 'aanwezig' }, { user_id: 7, status: 'afgemeld' }] });
  assert.equal(attendanceBody({ 4: '' }).errors.entries, 'Kies voor minstens één deelnemer of die aanwezig was.');
  assert.deepEqual(packChoices(meeting), [
    { value: '7', label: 'Pim Partner, Politie — kernlid' },
    { value: '4', label: 'Vera Voorzitter, Gemeente — kernlid' },
    { value: '9', label: 'Jet Jeugdzorg, Jeugdzorg — uitgenodigd voor 2 punten' },
  ]);
  assert.deepEqual(packChoices({}), []);
});

test('people options: organisations without a covenant and excluded ids are left out', () => {
  const people = [
    { id: 7, name: 'Pim Partner', org: { id: 3, name: 'Politie' }, covenant_ok: true },
    { id: 9, name: 'Jet Jeugdzorg', org: { id: 8, name: 'Jeugdzorg' }, covenant_ok: true },
    { id: 12, name: 'Gijs GGZ', org: { id: 6, name: 'GGZ' }, covenant_ok: false },
  ];
  assert.deepEqual(peopleOptions(people, { covenantOnly: true, exclude: [7] }), [{ value: '9', label: 'Jet Jeugdzorg, Jeugdzorg' }]);
  assert.equal(peopleOptions(people).length, 3);
  // action owners: participants and staff, by name when they are not in `people`
  const owners = ownerOptions(meeting, { people, staff: [{ id: 5, name: 'Daan Dossier' }, { id: 20, name: 'Dirk Dossier' }] });
  assert.deepEqual(owners.map((o) => o.value).sort(), ['20', '4', '5', '7', '9']);
  assert.equal(owners.find((o) => o.value === '9').label, 'Jet Jeugdzorg, Jeugdzorg');
});

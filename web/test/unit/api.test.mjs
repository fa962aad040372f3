// Problem+json handling in src/api.js: normalisation and what the UI shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, normaliseProblem, errorView, fieldName, fieldMessage, networkProblem } from '../../src/api.js';

const err = (status, body) => new ApiError(normaliseProblem(status, body));

test('normaliseProblem keeps RFC 9457 fields and per-field errors', () => {
  const p = normaliseProblem(422, { type: 'https://regie/problems/validation', title: 'Ongeldige invoer', status: 422, detail: 'Controleer de velden.', errors: [{ field: 'username', reason: 'duplicate' }] });
  assert.deepEqual(p, { type: 'https://regie/problems/validation', title: 'Ongeldige invoer', status: 422, detail: 'Controleer de velden.', errors: [{ field: 'username', reason: 'duplicate' }] });
});

test('normaliseProblem survives non-JSON and odd bodies', () => {
  assert.deepEqual(normaliseProblem(502, null), { type: 'about:blank', title: '', status: 502, detail: '', errors: [] });
  assert.deepEqual(normaliseProblem(400, 'text').errors, []);
  assert.deepEqual(normaliseProblem(400, { errors: 'x' }).errors, []);
  assert.deepEqual(normaliseProblem(400, { errors: [null, { name: 'a', detail: 'b' }] }).errors, [{ field: 'a', reason: 'b' }]);
});

test('field names from pointers and dotted paths', () => {
  assert.equal(fieldName('/roles/0'), 'roles');
  assert.equal(fieldName('#/instrument_date'), 'instrument_date');
  assert.equal(fieldName('user.username'), 'user');
  assert.equal(fieldName('org_id'), 'org_id');
  assert.equal(fieldName(''), '');
});

test('reason codes become Dutch sentences; free text is shown as sent', () => {
  assert.equal(fieldMessage('x', 'required'), 'Vul dit veld in.');
  assert.equal(fieldMessage('x', 'duplicate'), 'Deze waarde is al in gebruik.');
  assert.equal(fieldMessage('x', 'Kies een andere naam.'), 'Kies een andere naam.');
  assert.equal(fieldMessage('x', ''), 'De invoer is niet geldig.');
});

test('errorView: detail as summary, field reasons per field (merged when repeated)', () => {
  const v = errorView(err(422, { detail: 'De invoer klopt niet.', errors: [{ field: 'name', reason: 'required' }, { field: 'name', reason: 'too_long' }, { field: '/roles/1', reason: 'unknown_value' }] }));
  assert.equal(v.summary, 'De invoer klopt niet.');
  assert.deepEqual(v.fields, { name: 'Vul dit veld in. De invoer is te lang.', roles: 'Kies een van de mogelijke waarden.' });
  assert.equal(v.status, 422);
});

test('errorView: fixed Dutch texts for 401 (override), 429, 5xx and network failure', () => {
  assert.equal(errorView(err(401, { detail: 'bad totp' }), { 401: 'Gebruikersnaam, wachtwoord of code onjuist' }).summary, 'Gebruikersnaam, wachtwoord of code onjuist');
  assert.match(errorView(err(429, { detail: 'slow down' })).summary, /Te veel pogingen/);
  assert.match(errorView(err(500, { detail: 'sqlite: disk I/O error' })).summary, /aan de kant van de server/); // internals are not shown
  assert.match(errorView(new ApiError(networkProblem())).summary, /geen verbinding/);
  assert.equal(errorView(new ApiError(networkProblem())).status, 0);
});

test('errorView: fallbacks by status when the server sends no detail', () => {
  assert.match(errorView(err(403, {})).summary, /geen toegang/);
  assert.match(errorView(err(404, {})).summary, /bestaat niet/);
  assert.match(errorView(err(409, {})).summary, /intussen gewijzigd/);
  assert.equal(errorView(err(400, { title: 'Bad Request' })).summary, 'Bad Request');
  assert.match(errorView(new Error('boom')).summary, /Er ging iets mis/);
});

test('server reason fragments get the field label in front (as the real server sends them)', () => {
  assert.equal(fieldMessage('name', 'is verplicht', { name: 'Naam' }), 'Naam: is verplicht.');
  assert.equal(fieldMessage('instrument_date', 'datum als JJJJ-MM-DD', { instrument_date: 'Datum van ondertekening' }), 'Datum van ondertekening: datum als JJJJ-MM-DD.');
  assert.equal(fieldMessage('x', 'is verplicht'), 'is verplicht');
  assert.equal(fieldMessage('x', 'Kies een rol.', { x: 'Rollen' }), 'Kies een rol.');
  assert.equal(fieldMessage('x', 'required', { x: 'Naam' }), 'Vul dit veld in.');
  const v = errorView(err(400, { status: 400, detail: 'Controleer de invoer.', errors: [{ field: 'roles', reason: 'kies minstens één rol' }] }), {}, { roles: 'Rollen' });
  assert.deepEqual(v.fields, { roles: 'Rollen: kies minstens één rol.' });
});

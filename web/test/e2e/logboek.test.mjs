// Journey: Toegangslogboek for the privacy officer (fg) — search by period and by account, "Meer
// laden", validation, the break-glass queue and the integrity check; other roles see none of it and
// the server refuses them. Runs against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, openPage, axe, shot, expectFocused, loginUI, pick, isAdmin, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';

let server;
let browser;
let fg;
let admin;
const PAGE_SIZE = 25; // src/audit.js
const EXTRA_READS = 32; // > PAGE_SIZE records about the beheerder's account, so "Meer laden" is needed

before(async () => {
  server = await startServer();
  browser = await launch();
  fg = pick(server.accounts, (a) => a.roles.includes('fg'), 'the fg (privacy officer)');
  admin = pick(server.accounts, isAdmin, 'a beheerder');
  // Records for paging: the beheerder logs in (API) and reads its own account a few dozen times.
  const { context, page } = await openPage(browser, server.url);
  try {
    const r = await apiCall(page, server, 'POST', '/api/session', {
      data: { username: admin.username, password: admin.password, totp: (await freshCode(admin)).code },
    });
    assert.equal(r.status(), 201, `beheerder login: ${await r.text()}`);
    for (let i = 0; i < EXTRA_READS; i++) {
      const g = await page.request.get(`/api/users/${admin.id}`);
      assert.equal(g.status(), 200, `GET /api/users/${admin.id}`);
    }
  } finally {
    await context.close();
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** dd-mm-jjjj of "today" for the period search: the server reads from/to as Europe/Amsterdam
 * calendar days (src/app/audit_admin.c), so today is the Amsterdam day, whatever the time. */
function todayDutch() {
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
}

const rowsOf = (page, id) => page.locator(`#${id} tbody tr`);

test('fg: Toegangslogboek — zoeken op periode, op account, meer laden, controleren', async () => {
  await withPage(browser, server, 'logboek', async ({ page }) => {
    await loginUI(page, fg);
    await page.waitForURL('**/app/start');
    const tile = page.locator('[data-tile="audit"]');
    await tile.getByRole('link', { name: 'Toegangslogboek' }).waitFor();
    await shot(page, '30-start-fg');
    await nav(page).getByRole('link', { name: 'Toegangslogboek' }).click();
    await page.waitForURL('**/app/logboek');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Toegangslogboek' }), 'h1 after navigation');
    assert.equal(await page.title(), 'Toegangslogboek — Regie');
    assert.equal(await nav(page).getByRole('link', { name: 'Toegangslogboek' }).getAttribute('aria-current'), 'page');
    await page.getByRole('heading', { name: 'Uw zoekopdracht wordt vastgelegd' }).waitFor();
    await axe(page, 'logboek leeg');
    await shot(page, '31-logboek');

    // 1. period: today (submitted with Enter from the "Tot en met" field: keyboard only)
    const today = todayDutch();
    await page.getByLabel('Van', { exact: true }).fill(today);
    await page.getByLabel('Tot en met', { exact: true }).fill(today);
    await page.getByLabel('Tot en met', { exact: true }).press('Enter');
    await expectFocused(page, page.getByRole('heading', { level: 2, name: 'Zoekresultaat' }), 'results heading');
    const table = page.getByRole('table', { name: 'Logregels, nieuwste eerst' });
    await table.waitFor();
    const rows = rowsOf(page, 'log-results-table');
    assert.ok((await rows.count()) >= 1, 'rows for today');
    // the newest row is this very search, by the fg (account id) as fg
    const first = rows.first();
    await first.getByText('Logboek bekeken').waitFor();
    await first.getByText('gezocht op periode').waitFor();
    await first.getByText(`Account ${fg.id}`).waitFor();
    await first.getByText('Functionaris gegevensbescherming').waitFor();
    await first.getByText('Toezicht op het logboek').waitFor();
    await first.getByText('AVG art. 6 lid 1 sub c').waitFor();
    assert.match(await first.locator('time').innerText(), /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/, 'dd-mm-jjjj uu:mm:ss');
    // the fg's own login is there too
    const fgLogin = table.locator('tbody tr', { hasText: 'Inloggen' }).filter({ hasText: `Account ${fg.id}` });
    assert.ok((await fgLogin.count()) >= 1, "the fg's own login is in the log");
    await fgLogin.first().getByText('Gelukt').waitFor();
    await fgLogin.first().getByText('Sessie', { exact: true }).waitFor();
    await fgLogin.first().getByText('Inloggen en sessies').waitFor();
    // the pseudonym is shortened on screen, complete for screen readers and in the title
    const subj = fgLogin.first().locator('[data-subject]');
    const full = await subj.getAttribute('data-subject');
    assert.match(full, /^[0-9a-f]{64}$/);
    assert.equal(await subj.getAttribute('title'), `Account: ${full}`);
    assert.match(await subj.locator('[aria-hidden="true"]').innerText(), new RegExp(`^Account\\s*${full.slice(0, 8)}…$`));
    await subj.getByText(`Account, pseudoniem ${full}`).waitFor();
    // scope and caption
    assert.equal(await table.locator('thead th[scope="col"]').count(), 10);
    assert.deepEqual(await table.locator('thead th').allInnerTexts(), [
      'Tijdstip', 'Handeling', 'Uitkomst', 'Gebruiker', 'Organisatie', 'Rol', 'Object', 'Betrokkene', 'Verwerking', 'Grondslag',
    ]);
    assert.ok((await table.locator('tbody th[scope="row"]').count()) >= 1);
    await axe(page, 'logboek zoekresultaat periode');
    await shot(page, '32-logboek-periode');

    // 2. by the beheerder's account id (data subject): more than one page → "Meer laden"
    await page.getByRole('button', { name: 'Velden leegmaken' }).click();
    await expectFocused(page, page.getByLabel('Persoon (BSN)'), 'first field after clearing');
    assert.equal(await page.getByLabel('Van', { exact: true }).inputValue(), '');
    await page.getByLabel('Betrokken account (nummer)').fill(String(admin.id));
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    await page.locator('#log-results-count').getByText(`U ziet de ${PAGE_SIZE} nieuwste regels.`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('#log-results-table tbody tr').length === n, PAGE_SIZE);
    await expectFocused(page, page.getByRole('heading', { level: 2, name: 'Zoekresultaat' }), 'results heading');
    // all rows are about the same data subject
    const subjects = new Set(await rows.locator('[data-subject]').evaluateAll((els) => els.map((e) => e.getAttribute('data-subject'))));
    assert.equal(subjects.size, 1, 'one data subject');
    await rows.filter({ hasText: 'Bekijken' }).filter({ hasText: `Account ${admin.id}` }).first().waitFor();
    const more = page.getByRole('button', { name: 'Meer laden' });
    await axe(page, 'logboek zoekresultaat account');
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#log-results-table tbody tr').length > n, PAGE_SIZE);
    const total = await rows.count();
    assert.ok(total >= EXTRA_READS + 1, `all records about the account after "Meer laden" (${total})`);
    const seqs = await rows.locator('time').evaluateAll((els) => els.map((e) => Number(e.id.replace('log-row-', ''))));
    assert.equal(new Set(seqs).size, seqs.length, 'no row twice');
    assert.deepEqual([...seqs].sort((a, b) => b - a), seqs, 'newest first, also across pages');
    // focus went to the first added row; the button is gone when there is nothing older
    await expectFocused(page, page.locator(`#log-row-${seqs[PAGE_SIZE]}`), 'first added row');
    assert.equal(await more.count(), 0, 'no "Meer laden" on the last page');
    await page.getByText('Er zijn geen oudere regels.').waitFor();
    await axe(page, 'logboek na meer laden');
    await shot(page, '33-logboek-meer-laden');

    // 3. validation: two "zoeken op" fields → error summary with focus, link to the field
    await page.getByLabel('Gebruiker (nummer)').fill('2');
    await page.getByLabel('Van', { exact: true }).fill('31-02-2026');
    await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('heading', { name: 'Er zijn 2 fouten' }).waitFor();
    await summary.getByRole('link', { name: 'Vul maar één van deze velden in: persoon, betrokken account, gebruiker of organisatie.' }).click();
    await expectFocused(page, page.getByLabel('Betrokken account (nummer)'), 'first filled field');
    assert.equal(await page.getByLabel('Betrokken account (nummer)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Gebruiker (nummer)').getAttribute('aria-invalid'), 'true');
    await summary.getByRole('link', { name: 'Van: vul een datum in zoals 17-10-2024.' }).waitFor();
    await page.locator('#log-subject-error').getByText('Vul maar één van deze velden in').waitFor();
    assert.equal(await page.getByLabel('Gebruiker (nummer)').inputValue(), '2', 'input kept');
    await axe(page, 'logboek met fouten');
    await shot(page, '34-logboek-fouten');
    // the server refuses the same combination (400, errors[] with field and reason)
    const bad = await page.request.get(`/api/audit?account=${admin.id}&user=2`);
    assert.equal(bad.status(), 400);
    const problem = await bad.json();
    assert.ok(Array.isArray(problem.errors) && problem.errors.length >= 1 && problem.errors[0].field && problem.errors[0].reason, JSON.stringify(problem));

    // 4. integrity check
    await page.getByRole('button', { name: 'Controleren' }).click();
    const result = page.locator('#verify-result');
    await expectFocused(page, result, 'verification result');
    await result.getByRole('heading', { name: 'Het logboek is in orde' }).waitFor();
    await result.getByText('In orde', { exact: true }).waitFor();
    const records = await result.locator('.utrecht-data-list__item', { hasText: 'Aantal regels' }).locator('dd').innerText();
    assert.ok(Number(records.replace(/\./g, '')) > EXTRA_READS, `record count shown (${records})`);
    assert.ok(await result.evaluate((el) => el.classList.contains('utrecht-alert--ok')));
    await axe(page, 'logboek gecontroleerd');
    await shot(page, '35-logboek-controle-ok');

    // 4b. how a failed check looks. The real server's log is intact, so this one answer is
    // substituted in the browser (page.route); everything else still comes from the server.
    await page.route('**/api/audit/verify', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false, status: 'chain_mismatch', records: 40, size: 40, verified_size: 32, checkpoints_checked: 1, first_bad_position: 17,
        detail: 'chain hash mismatch at 17',
      }),
    }));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await result.getByRole('heading', { name: 'Fout: het logboek is niet in orde' }).waitFor();
    await expectFocused(page, result, 'verification result (fout)');
    assert.ok(await result.evaluate((el) => el.classList.contains('utrecht-alert--error')));
    await result.getByText('De keten van regels is verbroken').waitFor();
    assert.equal(await result.locator('.utrecht-data-list__item', { hasText: 'Eerste fout bij positie' }).locator('dd').innerText(), '17');
    await axe(page, 'logboek controle fout');
    await shot(page, '35b-logboek-controle-fout');
    await page.unroute('**/api/audit/verify');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await result.getByRole('heading', { name: 'Het logboek is in orde' }).waitFor();

    // 5. reflow at 320 px: the page does not scroll sideways (the table scrolls in its own box)
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
    await shot(page, '36-logboek-320px');
    await page.setViewportSize({ width: 1280, height: 800 });

    // 6. the break-glass queue
    await page.getByRole('navigation', { name: 'Onderdelen van het toegangslogboek' }).getByRole('link', { name: 'Break-glass-wachtrij' }).click();
    await page.waitForURL('**/app/logboek/break-glass');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Break-glass-wachtrij' }), 'h1 after navigation');
    assert.equal(await page.title(), 'Break-glass-wachtrij — Regie');
    await page.getByText('Er staat niets in de wachtrij: niemand heeft break-glass gebruikt.').waitFor();
    assert.equal(await nav(page).getByRole('link', { name: 'Toegangslogboek' }).getAttribute('aria-current'), 'page');
    await axe(page, 'break-glass-wachtrij');
    await shot(page, '37-break-glass-wachtrij');
    // the queue view was asked with queue=break_glass and is itself logged
    const q = await (await page.request.get('/api/audit?action=log_view&limit=3')).json();
    assert.ok(q.items.length >= 1 && q.items.every((r) => r.attributes['regie.action'] === 'log_view'));

    // back: the previous search and its results are still there
    await page.goBack();
    await page.waitForURL('**/app/logboek');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Toegangslogboek' }), 'h1 after going back');
    assert.equal(await page.getByLabel('Gebruiker (nummer)').inputValue(), '2');
    assert.ok((await rows.count()) > PAGE_SIZE);
  });
});

test('dossierhouder ziet geen Toegangslogboek; de server weigert het (403)', async () => {
  const dh = pick(server.accounts, (a) => a.roles.includes('dossierhouder'), 'a dossierhouder');
  await withPage(browser, server, 'logboek-geen-toegang', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Start' }).waitFor();
    assert.equal(await nav(page).getByRole('link', { name: 'Toegangslogboek' }).count(), 0, 'no nav item');
    assert.equal(await page.locator('[data-tile="audit"]').count(), 0, 'no tile');
    await page.goto('/app/logboek');
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    await axe(page, 'logboek geen toegang');
    for (const path of ['/api/audit', `/api/audit?account=${admin.id}`, '/api/audit/verify']) {
      const r = await page.request.get(path);
      assert.equal(r.status(), 403, `GET ${path} must be refused for a dossierhouder`);
    }
  });
});

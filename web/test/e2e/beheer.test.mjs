// Journeys: beheer (users, organisations) as beheerder; account activation with TOTP enrolment;
// covenant warning on the start page; a non-beheerder sees no beheer. Runs against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick, isAdmin, apiCall } from './_browser.mjs';
import { freshCode, markUsed, totp, stepAt } from './_totp.mjs';

let server;
let browser;
let admin;
const unique = `${Date.now().toString(36)}`;
let newUser = null; // { username, code }
before(async () => {
  server = await startServer();
  browser = await launch();
  admin = pick(server.accounts, isAdmin, 'a beheerder');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test('beheerder: gebruikers bekijken en een gebruiker toevoegen (eenmalige activatiecode)', async () => {
  await withPage(browser, server, 'beheer-users', async ({ page }) => {
    await loginUI(page, admin);
    await page.waitForURL('**/app/start');
    await page.locator('[data-tile="users"]').waitFor();
    await shot(page, '05-start-beheerder');
    await nav(page).getByRole('link', { name: 'Gebruikers' }).click();
    await page.waitForURL('**/app/beheer/gebruikers');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Gebruikers' }), 'h1');
    assert.equal(await page.title(), 'Gebruikers — Regie');
    const table = page.getByRole('table', { name: 'Alle gebruikers' });
    await table.getByText(admin.username, { exact: true }).waitFor();
    await axe(page, 'gebruikers');
    await shot(page, '07-beheer-gebruikers');

    await page.getByRole('link', { name: 'Gebruiker toevoegen' }).click();
    await page.waitForURL('**/app/beheer/gebruikers/nieuw');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Gebruiker toevoegen' }), 'h1');
    // submit empty → error summary with focus
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('heading', { name: 'Er zijn 4 fouten' }).waitFor();
    await axe(page, 'gebruiker toevoegen met fouten');
    await shot(page, '08-gebruiker-toevoegen-fouten');

    const username = `test.${unique}`;
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
    await page.getByLabel('Volledige naam').fill('Tessa Testgebruiker');
    const orgSelect = page.getByLabel('Organisatie');
    const orgValue = await orgSelect.locator('option').nth(1).getAttribute('value');
    await orgSelect.selectOption(orgValue);
    await page.getByRole('checkbox', { name: 'Dossierhouder' }).check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const created = page.locator('#user-created');
    await expectFocused(page, created, 'success message');
    const code = (await created.locator('[data-activation-code]').getAttribute('data-activation-code')) || '';
    assert.ok(code.length >= 6, 'activation code shown');
    newUser = { username, code };
    await axe(page, 'gebruiker toegevoegd');
    await shot(page, '09-gebruiker-toegevoegd');

    await page.getByRole('link', { name: 'Terug naar gebruikers' }).click();
    const row = page.getByRole('row', { name: new RegExp(username.replace('.', '\\.')) });
    await row.getByText('Wacht op activatie').waitFor();
  });
});

test('account activeren: wachtwoord kiezen, TOTP koppelen, daarna inloggen', async () => {
  assert.ok(newUser, 'needs the user created in the previous test');
  await withPage(browser, server, 'activation', async ({ page }) => {
    await page.goto('/app/inloggen');
    await page.getByRole('link', { name: 'Account activeren' }).click();
    await page.waitForURL('**/app/activeren');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Account activeren' }), 'h1');
    await page.getByText('minimaal 15 en maximaal 1024 tekens').waitFor();
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(newUser.username);
    await page.getByLabel('Activatiecode').fill(newUser.code);
    await page.getByLabel('Nieuw wachtwoord').fill('te kort');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await expectFocused(page, page.locator('#error-summary'), 'error summary');
    await page.locator('#error-summary').getByText(/te kort/).waitFor();
    await axe(page, 'activeren met fouten');
    await shot(page, '10-activeren-fouten');
    const password = 'een lange zin als wachtwoord 2024';
    await page.getByLabel('Nieuw wachtwoord').fill(password);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('heading', { name: 'Stap 2 van 2: authenticator-app koppelen' }).waitFor();
    const secret = await page.locator('[data-secret]').getAttribute('data-secret');
    const shown = await page.locator('[data-secret]').innerText();
    assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'secret shown in groups of 4');
    const uri = await page.locator('a[href^="otpauth://"]').getAttribute('href');
    assert.match(uri, /^otpauth:\/\/totp\//);
    await page.getByText(uri, { exact: true }).waitFor();
    await axe(page, 'activeren stap 2');
    await shot(page, '11-activeren-totp');
    const step = stepAt();
    await page.getByLabel('Verificatiecode', { exact: true }).fill(totp(secret, { step }));
    markUsed(newUser.username, step);
    await page.getByRole('button', { name: 'Account activeren' }).click();
    await expectFocused(page, page.locator('#act-done'), 'success message');
    await axe(page, 'geactiveerd');
    await shot(page, '12-geactiveerd');
    await page.getByRole('link', { name: 'Naar inloggen' }).click();
    await page.waitForURL('**/app/inloggen');
    await loginUI(page, { username: newUser.username, password, totp_secret: secret });
    await page.waitForURL('**/app/start');
    await page.getByText('Tessa Testgebruiker').first().waitFor();
  });
});

test('beheerder: gebruiker blokkeren en een nieuwe activatiecode maken', async () => {
  assert.ok(newUser, 'needs the user created earlier');
  await withPage(browser, server, 'beheer-user-actions', async ({ page }) => {
    await loginUI(page, admin);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Gebruikers' }).click();
    const row = page.getByRole('row', { name: new RegExp(newUser.username.replace('.', '\\.')) });
    await row.getByText('Actief').waitFor();
    // reset → confirm dialog → new code
    const resetBtn = row.getByRole('button', { name: /Nieuwe code voor/ });
    await resetBtn.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expectFocused(page, dialog.getByRole('button', { name: 'Annuleren' }), 'cancel button in dialog');
    await axe(page, 'bevestigingsvenster');
    await shot(page, '13-bevestigen-reset');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectFocused(page, resetBtn, 'opener after Esc');
    await resetBtn.click();
    await dialog.getByRole('button', { name: 'Ja, nieuwe code maken' }).click();
    const codeBox = page.locator('#activation-code');
    await expectFocused(page, codeBox, 'new activation code');
    const code2 = await codeBox.locator('[data-activation-code]').getAttribute('data-activation-code');
    assert.ok(code2 && code2 !== newUser.code);
    await row.getByText('Wacht op activatie').waitFor();
    // disable
    await row.getByRole('button', { name: /blokkeren/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, blokkeren' }).click();
    await row.getByText('Geblokkeerd').waitFor();
    await page.locator('#users-message').getByText('is geblokkeerd').waitFor();
    await axe(page, 'gebruiker geblokkeerd');
  });
});

test('beheerder: organisaties bekijken, toevoegen en convenant wijzigen; waarschuwing op de startpagina', async () => {
  const blockedUser = server.accounts.find((a) => !isAdmin(a) && a.organisationName && a.organisationName !== admin.organisationName)
    || pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'beheer-orgs', async ({ page }) => {
    await loginUI(page, admin);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Organisaties' }).click();
    await page.waitForURL('**/app/beheer/organisaties');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Organisaties' }), 'h1');
    const table = page.getByRole('table', { name: 'Alle organisaties' });
    await table.locator('tbody tr').first().waitFor();
    await axe(page, 'organisaties');
    await shot(page, '14-beheer-organisaties');

    // add
    await page.getByRole('link', { name: 'Organisatie toevoegen' }).click();
    await page.waitForURL('**/app/beheer/organisaties/nieuw');
    await page.getByLabel('Datum van ondertekening').fill('31-02-2024');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expectFocused(page, page.locator('#error-summary'), 'error summary');
    await page.locator('#error-summary').getByText('Vul een datum in zoals 17-10-2024.').waitFor();
    await axe(page, 'organisatie toevoegen met fouten');
    await shot(page, '15-organisatie-toevoegen-fouten');
    const orgName = `Testorganisatie ${unique}`;
    await page.getByLabel('Naam', { exact: true }).fill(orgName);
    await page.getByLabel('Soort organisatie').selectOption('ggz');
    const region = page.getByLabel('Regio');
    if ((await region.locator('option').count()) > 1) await region.selectOption({ index: 1 });
    await page.getByLabel('Grondslag voor gegevensdeling').selectOption('convenant');
    await page.getByLabel('Datum van ondertekening').fill('1-11-2023');
    await page.getByLabel('Status', { exact: true }).selectOption('getekend');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL('**/app/beheer/organisaties');
    await page.locator('#orgs-message').getByText(`Organisatie ${orgName} is opgeslagen.`).waitFor();
    const newRow = page.getByRole('row', { name: new RegExp(orgName) });
    await newRow.getByText('01-11-2023').waitFor();
    await newRow.getByText('Toegestaan').waitFor();

    // change the covenant of the blocked user's organisation to "verlopen"
    const row = page.getByRole('row', { name: new RegExp(blockedUser.organisationName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first();
    await row.getByRole('link', { name: /Grondslag wijzigen van/ }).click();
    await page.waitForURL(/\/app\/beheer\/organisaties\/[^/]+$/);
    await expectFocused(page, page.getByRole('heading', { level: 1 }), 'h1');
    await page.getByLabel('Status', { exact: true }).selectOption('verlopen');
    await axe(page, 'grondslag wijzigen');
    await shot(page, '16-grondslag-wijzigen');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL('**/app/beheer/organisaties');
    await row.getByText('Geblokkeerd').waitFor();
    await row.getByText('Verlopen').waitFor();
  });
  await withPage(browser, server, 'covenant-warning', async ({ page }) => {
    await loginUI(page, blockedUser);
    await page.waitForURL('**/app/start');
    const warn = page.locator('#covenant-warning');
    await warn.getByRole('heading', { name: 'Geen toegang tot casusgegevens' }).waitFor();
    await axe(page, 'start met convenantwaarschuwing');
    await shot(page, '17-start-convenant-verlopen');
  });
});

test('een niet-beheerder ziet geen beheer en krijgt er geen toegang toe', async () => {
  const user = pick(server.accounts, (a) => !isAdmin(a), 'a non-admin user');
  await withPage(browser, server, 'no-beheer', async ({ page }) => {
    await loginUI(page, user);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Start' }).waitFor();
    assert.equal(await nav(page).getByRole('link', { name: 'Gebruikers' }).count(), 0);
    assert.equal(await nav(page).getByRole('link', { name: 'Organisaties' }).count(), 0);
    assert.equal(await page.locator('[data-tile="users"], [data-tile="orgs"]').count(), 0);
    await shot(page, '18-start-niet-beheerder');
    await page.goto('/app/beheer/gebruikers');
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    assert.equal(await page.title(), 'Geen toegang — Regie');
    await axe(page, 'geen toegang');
    // the server refuses beheer actions too (listing may be allowed for other purposes)
    const s = await (await page.request.get('/api/session')).json();
    const r1 = await apiCall(page, server, 'POST', '/api/users', { csrf: s.csrf_token, data: { username: 'x.test', display_name: 'X', org_id: s.user.organisation.id, roles: ['melder'] } });
    assert.equal(r1.status(), 403, 'POST /api/users must be refused for a non-beheerder');
    const r2 = await apiCall(page, server, 'POST', '/api/orgs', { csrf: s.csrf_token, data: { name: 'X', kind: 'overig', instrument: 'geen', instrument_status: 'niet_getekend' } });
    assert.equal(r2.status(), 403, 'POST /api/orgs must be refused for a non-beheerder');
  });
});

test('beheerder: plaatsvervanger instellen (zelfde organisatie) en weer wissen', async () => {
  const dh = pick(server.accounts, (a) => a.roles.includes('dossierhouder'), 'a dossierhouder');
  const vz = pick(server.accounts, (a) => a.roles.includes('voorzitter'), 'a voorzitter');
  assert.equal(dh.organisationName, vz.organisationName, 'dossierhouder and voorzitter share an organisation');
  const other = server.accounts.find((a) => a.organisationName && a.organisationName !== vz.organisationName);
  await withPage(browser, server, 'beheer-deputy', async ({ page }) => {
    await loginUI(page, admin);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Gebruikers' }).click();
    await page.waitForURL('**/app/beheer/gebruikers');
    const table = page.getByRole('table', { name: 'Alle gebruikers' });
    const rowOf = (acc) => table.locator('tbody tr', { has: page.locator('code', { hasText: new RegExp(`^${acc.username}$`) }) });
    const vzRow = rowOf(vz);
    const dhRow = rowOf(dh);
    await vzRow.waitFor();
    assert.ok(await table.getByRole('columnheader', { name: 'Plaatsvervanging' }).count() === 1);

    // open → the select has focus; only users of the same organisation; Esc closes, focus back
    const opener = vzRow.getByRole('button', { name: `${vz.display_name} als plaatsvervanger instellen` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: `Plaatsvervanging voor ${vz.display_name}` });
    await dialog.waitFor();
    const select = dialog.getByLabel(`${vz.display_name} is plaatsvervanger van`);
    await expectFocused(page, select, 'select in dialog');
    const options = await select.locator('option').allInnerTexts();
    assert.equal(options[0], 'Geen');
    assert.ok(options.includes(dh.display_name), 'the dossierhouder can be chosen');
    assert.ok(!options.includes(vz.display_name), 'not the user itself');
    if (other) assert.ok(!options.includes(other.display_name), 'no user of another organisation');
    await axe(page, 'plaatsvervanger kiezen');
    await shot(page, '50-plaatsvervanger-kiezen');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectFocused(page, opener, 'opener after Esc');

    // set: voorzitter stands in for the dossierhouder
    await opener.click();
    await select.selectOption({ label: dh.display_name });
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const msg = page.locator('#users-message');
    await expectFocused(page, msg, 'message after saving');
    await msg.getByText(`${vz.display_name} is nu plaatsvervanger van ${dh.display_name}.`).waitFor();
    await vzRow.getByText(`Plaatsvervanger van ${dh.display_name}`).waitFor();
    await dhRow.getByText(`Vervangen door ${vz.display_name}`).waitFor();
    const users = await (await page.request.get('/api/users')).json();
    assert.equal(users.items.find((u) => u.username === vz.username).deputy_of, dh.id, 'deputy_of on the server');
    await axe(page, 'plaatsvervanger ingesteld');
    // all columns, including the actions, fit a 1280 px screen; at 320 px only the table scrolls
    assert.ok(await page.evaluate(() => {
      const box = document.querySelector('#users-table').parentElement;
      return box.scrollWidth <= box.clientWidth;
    }), 'users table fits at 1280 px');
    await page.setViewportSize({ width: 320, height: 640 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll at 320 px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, '51-plaatsvervanger-ingesteld');

    // the dialog shows the current choice; clear it with "Geen"
    await opener.click();
    await dialog.waitFor();
    assert.equal(await select.inputValue(), String(dh.id));
    await select.selectOption({ label: 'Geen' });
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await msg.getByText(`${vz.display_name} is geen plaatsvervanger meer.`).waitFor();
    // the message comes before the list is reloaded: wait for the rows (a count() here raced
    // the reload and failed once in a fresh-clone run)
    await vzRow.getByText(/Plaatsvervanger van/).waitFor({ state: 'detached' });
    await dhRow.getByText(/Vervangen door/).waitFor({ state: 'detached' });
    const after2 = await (await page.request.get('/api/users')).json();
    assert.equal(after2.items.find((u) => u.username === vz.username).deputy_of, null, 'cleared on the server');
    await axe(page, 'plaatsvervanger gewist');
  });
});

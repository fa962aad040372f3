// Journeys: overleggen (docs/meetings.md). The secretary (dossierhouder) plans a casusoverleg a few
// days ahead, puts two free items and a signal from the queue on the agenda, invites Jet Jeugdzorg (partner) for ONE of them
// with a reason, saves minutes (Ctrl+Enter), records a decision (majority, so dissent is
// required) and an action, records attendance and opens the print pack ("Vertrouwelijk").
// Then jeugdzorg logs in and sees that item only (the other item's title is nowhere on the page),
// reads her own pack and closes her action. Another municipality's dossierhouder gets "bestaat niet".
// axe reports 0 violations on every screen visited. Runs against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick } from './_browser.mjs';

let server;
let browser;
let dh;
let jz;
let dh2;
const TITLE_A = 'Zorgen over een jongere uit de wijk (jeugdhulp)';
const TITLE_B = 'Vertrouwelijk punt zonder jeugdzorg';
const REASON = 'Jeugdzorg begeleidt het gezin en heeft informatie nodig voor het plan.';
const ACTION = 'Huisbezoek bij het gezin plannen en terugkoppelen';
const JET = 'Jet Jeugdzorg (demo), Jeugdzorg Voorbeeldregio';
const state = { id: null, url: '', dateText: '' };

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  jz = pick(server.accounts, (a) => a.username === 'jeugdzorg', 'jeugdzorg (Jeugdzorg Voorbeeldregio)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** A calendar day relative to today (Europe/Amsterdam) as dd-mm-jjjj. */
function dutchDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}
/** The same day as the meeting list shows it: "donderdag 3 december 2026". */
function longDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}
const item = (page, title) => page.getByRole('region', { name: new RegExp(`^Agendapunt \\d+: ${title.replace(/[()]/g, '\\$&')}$`) });

test('secretaris: overleg plannen, agenderen, jeugdzorg uitnodigen voor één punt, notulen, besluit, actie, aanwezigheid en agendapakket', async () => {
  await withPage(browser, server, 'meetings-secretary', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.locator('[data-tile="meetings"]').getByRole('link', { name: 'Overleggen' }).waitFor();
    await nav(page).getByRole('link', { name: 'Overleggen' }).click();
    await page.waitForURL('**/app/overleggen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Overleggen' }), 'h1');
    assert.equal(await page.title(), 'Overleggen — Regie');
    // the demo: an upcoming casusoverleg and a past signaleringsoverleg with adopted minutes
    await page.getByRole('heading', { level: 2, name: 'Komende overleggen' }).waitFor();
    await page.getByRole('region', { name: 'Komende overleggen' }).getByText('Casusoverleg Voorbeeldstad').first().waitFor();
    await page.getByRole('region', { name: 'Eerdere overleggen' }).getByText('Signaleringsoverleg Voorbeeldstad').first().waitFor();
    await page.getByRole('table', { name: 'Overlegvormen en kernleden' }).getByText('Lokale driehoek Voorbeeldstad').waitFor();
    await axe(page, 'overleggen');
    await shot(page, 'mtg-01-overleggen');

    // Nieuw overleg: an empty submit shows the form's error summary with links
    const form = page.getByRole('form', { name: 'Nieuw overleg' });
    await form.getByRole('button', { name: 'Overleg plannen' }).click();
    const summary = page.locator('#nm-errors');
    await expectFocused(page, summary, 'new meeting error summary');
    await summary.getByRole('link', { name: 'Kies welk overleg het is.' }).click();
    await expectFocused(page, form.getByLabel('Welk overleg?'), 'body select after the summary link');
    await axe(page, 'nieuw overleg met fouten');
    await form.getByLabel('Welk overleg?').selectOption({ label: 'Casusoverleg Voorbeeldstad' });
    await form.getByLabel('Datum').fill(dutchDay(3));
    await form.getByLabel('Begintijd').fill('10:00');
    await form.getByLabel('Locatie').fill('Stadhuis, kamer 2');
    await form.getByLabel('Voorzitter').selectOption({ label: 'Vera Voorzitter (demo)' });
    await form.getByLabel('Secretaris (procesregisseur)').selectOption({ label: 'Daan Dossier (demo)' });
    await form.getByRole('button', { name: 'Overleg plannen' }).click();

    await page.waitForURL(/\/app\/overleggen\/\d+$/);
    state.url = new URL(page.url()).pathname;
    state.id = state.url.split('/').pop();
    state.dateText = longDay(3);
    const h1 = page.getByRole('heading', { level: 1, name: `Casusoverleg Voorbeeldstad op ${state.dateText}` });
    await expectFocused(page, h1, 'h1 of the new meeting');
    await page.locator('#meeting-flash').getByText('Het overleg is gepland.').waitFor();
    await page.getByText('Er staan nog geen punten op de agenda.').waitFor();
    await axe(page, 'nieuw overleg (leeg)');

    // two free items
    const free = page.getByRole('form', { name: 'Ander agendapunt toevoegen' });
    await free.getByRole('button', { name: 'Agendapunt toevoegen' }).click();
    await expectFocused(page, page.locator('#free-errors'), 'free item error summary');
    for (const [title, material] of [[TITLE_A, 'Signalen van school en wijkteam.'], [TITLE_B, 'Alleen voor de kernleden.']]) {
      await free.getByLabel('Titel').fill(title);
      await free.getByLabel('Stukken of toelichting').fill(material);
      await free.getByRole('button', { name: 'Agendapunt toevoegen' }).click();
      await expectFocused(page, page.locator('#free-ok'), 'item added message');
      await page.locator('#free-ok').getByText(`Agendapunt ${title} is toegevoegd.`).waitFor();
    }
    // and a signal from the queue (awaiting weighing)
    const queue = page.getByRole('table', { name: 'Meldingen die gewogen moeten worden' });
    const scheduleButton = queue.getByRole('button', { name: /^Melding M-[A-Z0-9-]+ agenderen$/ }).first();
    const reference = (await scheduleButton.getAttribute('aria-label')).replace(/^Melding | agenderen$/g, '');
    await scheduleButton.click();
    await expectFocused(page, page.locator('#queue-ok'), 'scheduled message');
    await page.locator('#queue-ok').getByText(`Melding ${reference} staat op de agenda.`).waitFor();
    await page.getByRole('region', { name: `Agendapunt 3: ${reference}` }).getByRole('link', { name: new RegExp(`^Melding ${reference}`) }).waitFor();
    assert.equal(await queue.getByRole('button', { name: `Melding ${reference} agenderen` }).count(), 0, 'no longer suggested');
    const a = item(page, TITLE_A);
    const b = item(page, TITLE_B);
    await a.waitFor();
    await b.waitFor();
    await page.locator('#agenda-list').getByRole('link', { name: TITLE_B }).waitFor();

    // invite jeugdzorg for item A only (reason required)
    await a.locator('summary', { hasText: 'Partner uitnodigen voor dit punt' }).click();
    const invite = a.getByRole('form', { name: 'Uitnodigen' });
    await invite.getByRole('button', { name: 'Uitnodigen' }).click();
    await invite.getByText('Vul in waarom deze partner dit punt nodig heeft.').waitFor();
    await invite.getByLabel('Wie nodigt u uit?').selectOption({ label: JET });
    await invite.getByLabel('Waarom heeft deze partner dit punt nodig?').fill(REASON);
    await axe(page, 'uitnodigen ingevuld');
    await invite.getByRole('button', { name: 'Uitnodigen' }).click();
    await a.getByText(`${JET} is uitgenodigd voor dit punt.`).waitFor();
    await a.locator('[id$="-invitations"]').getByText('Jet Jeugdzorg (demo), Jeugdzorg Voorbeeldregio').waitFor();
    await a.locator('[id$="-invitations"]').getByText(REASON).waitFor();
    await b.getByText('Voor dit punt is niemand apart uitgenodigd.').waitFor(); // not invited for item B

    // minutes: typed during the meeting, saved with Ctrl+Enter
    const minutes = a.getByLabel('Notulen van dit punt');
    await minutes.fill('Het wijkteam en jeugdzorg zien dezelfde zorgen. Jeugdzorg neemt contact op met het gezin.');
    await minutes.press('Control+Enter');
    await a.getByText('De notulen zijn opgeslagen.').waitFor();
    await a.getByText(/^Versie 1, opgeslagen op .* door Daan Dossier \(demo\)\.$/).waitFor();

    // decision: 3 voor, 1 tegen → majority; dissent is required
    await a.locator('summary', { hasText: 'Besluit vastleggen' }).click();
    const dec = a.getByRole('form', { name: 'Besluit vastleggen' });
    await dec.getByLabel('Soort besluit').selectOption('plan');
    await dec.getByLabel('Wat is besloten?').fill('Jeugdzorg stelt met het gezin een plan op.');
    await dec.getByLabel('Waarom? (onderbouwing)').fill('De zorgen zijn gedeeld en jeugdhulp is al betrokken.');
    await dec.getByRole('radio', { name: 'Ja, er is gestemd' }).check();
    await dec.getByLabel('Voor', { exact: true }).fill('3');
    await dec.getByLabel('Tegen', { exact: true }).fill('1');
    await dec.getByText('Aangenomen bij meerderheid: 3 voor, 1 tegen.').waitFor();
    await dec.getByRole('button', { name: 'Besluit vastleggen' }).click();
    const decErrors = a.locator('[id$="-errors"]').filter({ hasText: 'Er is 1 fout' });
    await expectFocused(page, decErrors, 'decision error summary');
    await decErrors.getByRole('link', { name: 'Vul de afwijkende mening in: er waren stemmen tegen de uitkomst.' }).click();
    await expectFocused(page, dec.getByLabel('Afwijkende mening'), 'dissent field after the summary link');
    await axe(page, 'besluit met fouten');
    await shot(page, 'mtg-02-besluit-fouten');
    await dec.getByLabel('Afwijkende mening').fill('De politie wilde eerst meer informatie verzamelen.');
    await dec.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await a.getByText('Het besluit is vastgelegd.').waitFor();
    const decision = a.locator('article[data-decision]').first();
    await decision.getByRole('heading', { level: 4, name: 'Plan van aanpak' }).waitFor();
    await decision.getByText('Jeugdzorg stelt met het gezin een plan op.').waitFor();
    await decision.getByText('3 voor, 1 tegen, 0 onthouding').waitFor();
    await decision.getByText('Geldend', { exact: true }).waitFor();

    // action for Jet, due a week after the meeting
    await a.locator('summary', { hasText: 'Actie toevoegen' }).click();
    const act = a.getByRole('form', { name: 'Actie toevoegen' });
    await act.getByLabel('Wat moet er gebeuren?').fill(ACTION);
    await act.getByLabel('Wie doet het?').selectOption({ label: JET });
    await act.getByLabel('Uiterlijk klaar op').fill(dutchDay(1)); // before the meeting: refused here
    await act.getByRole('button', { name: 'Actie toevoegen' }).click();
    await act.getByText('Uiterlijk klaar op: deze datum ligt voor de datum van het overleg.').first().waitFor();
    await act.getByLabel('Uiterlijk klaar op').fill(dutchDay(10));
    await act.getByRole('button', { name: 'Actie toevoegen' }).click();
    await a.getByText('De actie is toegevoegd.').waitFor();
    await a.locator('[id$="-actions"]').getByText(ACTION).waitFor();

    // attendance
    const att = page.getByRole('form', { name: 'Aanwezigheid opslaan' });
    await att.getByRole('group', { name: /^Jet Jeugdzorg \(demo\)/ }).getByRole('radio', { name: 'Aanwezig' }).check();
    await att.getByRole('group', { name: /^Daan Dossier \(demo\)/ }).getByRole('radio', { name: 'Aanwezig' }).check();
    await att.getByRole('button', { name: 'Aanwezigheid opslaan' }).click();
    // .first(): the live region (role=status) may announce the same words while the paragraph shows
    await page.getByText('De aanwezigheid is opgeslagen.').first().waitFor();
    await axe(page, 'overleg met agenda, besluit en actie');
    await shot(page, 'mtg-03-overleg');

    // the print pack for Jet: only item A, marked "Vertrouwelijk"
    await page.getByRole('link', { name: 'Agendapakket (afdrukken)' }).click();
    await page.waitForURL(`**${state.url}/pakket`);
    await page.getByRole('heading', { level: 1, name: /^Agendapakket/ }).waitFor();
    await axe(page, 'agendapakket (kiezen)');
    await page.getByLabel('Pakket van').selectOption({ label: `${JET} — uitgenodigd voor 1 punt` });
    await page.getByRole('button', { name: 'Pakket tonen' }).click();
    await page.waitForURL(/\/pakket\?gebruiker=\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Agendapakket voor Jet Jeugdzorg (demo)' }).waitFor();
    const mark = page.locator('#pack-confidential');
    assert.match(await mark.textContent(), /Vertrouwelijk/);
    await page.getByRole('heading', { level: 3, name: `Agendapunt 1: ${TITLE_A}` }).waitFor();
    await page.getByText(`Waarom u bent uitgenodigd: ${REASON}`).waitFor();
    assert.equal(await page.getByText(TITLE_B).count(), 0, 'item B is not in Jet\'s pack');
    await axe(page, 'agendapakket voor jeugdzorg');
    await shot(page, 'mtg-04-pakket');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await mark.isVisible(), true, '"Vertrouwelijk" is printed');
    assert.equal(await page.getByRole('button', { name: 'Pakket tonen' }).isVisible(), false, 'the chooser is not printed');
    await page.emulateMedia({ media: 'screen' });

    // Acties: the municipality's actions include Jet's
    await nav(page).getByRole('link', { name: 'Acties' }).click();
    await page.waitForURL('**/app/acties');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Acties' }), 'h1');
    await page.getByRole('radio', { name: 'Alle acties van de gemeente' }).check();
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL('**/app/acties?bereik=gemeente');
    const row = page.getByRole('table', { name: 'Acties, eerst de vroegste datum' }).getByRole('row').filter({ hasText: ACTION });
    await row.getByText(JET).waitFor();
    await row.getByRole('link', { name: /^Casusoverleg Voorbeeldstad, / }).waitFor();
    await axe(page, 'acties (gemeente)');
    await shot(page, 'mtg-05-acties');
  });
});

test('jeugdzorg: ziet alleen het punt waarvoor zij is uitgenodigd, haar pakket en haar actie', async () => {
  assert.ok(state.id, 'needs the meeting of the first test');
  await withPage(browser, server, 'meetings-invitee', async ({ page }) => {
    await loginUI(page, jz);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Overleggen' }).click();
    await page.waitForURL('**/app/overleggen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Overleggen' }), 'h1');
    assert.equal(await page.getByRole('form', { name: 'Nieuw overleg' }).count(), 0, 'a partner plans no meetings');
    await axe(page, 'overleggen (jeugdzorg)');
    await page.locator(`a[href="${state.url}"]`).click();
    await page.waitForURL(`**${state.url}`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Casusoverleg Voorbeeldstad op ${state.dateText}` }), 'h1');
    await page.locator('#invited-notice').getByText('U ziet alleen de agendapunten waarvoor u bent uitgenodigd.').waitFor();
    const a = item(page, TITLE_A);
    await a.waitFor();
    await a.getByText(REASON).waitFor();
    await a.getByText('Jeugdzorg stelt met het gezin een plan op.').waitFor();
    await a.getByText(ACTION).waitFor();
    // the other item is nowhere: not as a section, not in the agenda, not in the HTML
    assert.equal(await page.getByText(TITLE_B).count(), 0, 'item B is not shown');
    assert.equal((await page.content()).includes(TITLE_B), false, 'item B is not in the page at all');
    assert.equal(await page.getByRole('region', { name: /^Agendapunt / }).count(), 1, 'one item only');
    // no forms for an invitee
    for (const name of ['Uitnodigen', 'Notulen opslaan', 'Besluit vastleggen', 'Actie toevoegen', 'Aanwezigheid opslaan', 'Ander agendapunt toevoegen']) {
      assert.equal(await page.getByRole('form', { name }).count(), 0, `no form "${name}"`);
    }
    assert.equal(await page.locator('textarea, select').count(), 0, 'no inputs at all');
    await axe(page, 'overleg (uitgenodigd)');
    await shot(page, 'mtg-06-uitgenodigd');

    // her own pack
    await page.getByRole('link', { name: 'Agendapakket (afdrukken)' }).click();
    await page.waitForURL(`**${state.url}/pakket`);
    await page.getByRole('heading', { level: 1, name: 'Agendapakket voor Jet Jeugdzorg (demo)' }).waitFor();
    assert.match(await page.locator('#pack-confidential').textContent(), /Vertrouwelijk/);
    await page.getByText(`Waarom u bent uitgenodigd: ${REASON}`).waitFor();
    assert.equal((await page.content()).includes(TITLE_B), false, 'item B is not in her pack');
    assert.equal(await page.getByLabel('Pakket van').count(), 0, 'an invitee cannot choose another pack');
    await axe(page, 'agendapakket (jeugdzorg zelf)');

    // her action: done
    await nav(page).getByRole('link', { name: 'Acties' }).click();
    await page.waitForURL('**/app/acties');
    assert.equal(await page.getByRole('radio', { name: 'Alle acties van de gemeente' }).count(), 0, 'a partner sees only her own actions');
    const table = page.getByRole('table', { name: 'Acties, eerst de vroegste datum' });
    const row = table.getByRole('row').filter({ hasText: ACTION });
    await row.getByText(TITLE_A).waitFor();
    await row.getByText('Open', { exact: true }).waitFor();
    await axe(page, 'acties (jeugdzorg)');
    await row.getByRole('button', { name: `Status wijzigen van actie: ${ACTION}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Status van de actie wijzigen' });
    await dialog.getByRole('radio', { name: 'Gereed' }).check();
    await dialog.getByLabel('Toelichting').fill('Huisbezoek gedaan op dinsdag.');
    await axe(page, 'actie: status wijzigen');
    await dialog.getByRole('button', { name: 'Status opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await table.getByRole('row').filter({ hasText: ACTION }).waitFor({ state: 'detached' }); // no longer open
    await page.getByLabel('Status', { exact: true }).selectOption('all');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL('**/app/acties?status=all');
    await table.getByRole('row').filter({ hasText: ACTION }).getByText('Gereed', { exact: true }).waitFor();
  });
});

test('de dossierhouder van een andere gemeente ziet het overleg niet', async () => {
  assert.ok(state.id, 'needs the meeting of the first test');
  await withPage(browser, server, 'meetings-not-invited', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    await page.goto(state.url);
    await page.locator('#meeting-error').getByText(/bestaat niet/).waitFor();
    assert.equal((await page.content()).includes(TITLE_A), false);
    await axe(page, 'overleg niet gevonden');
  });
});

test('vastgestelde notulen: banner, een correctie vraagt een reden en bewaart de oude versie', async () => {
  await withPage(browser, server, 'meetings-adopted', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto('/app/overleggen');
    // the demo's signaleringsoverleg of two weeks ago, with adopted minutes
    await page.getByRole('region', { name: 'Eerdere overleggen' }).getByRole('link', { name: longDay(-14) }).click();
    await page.waitForURL(/\/app\/overleggen\/\d+$/);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Signaleringsoverleg Voorbeeldstad op ${longDay(-14)}` }), 'h1');
    const banner = page.locator('#adopted');
    await banner.getByRole('heading', { name: 'Vastgesteld' }).waitFor();
    await banner.getByText(/^De notulen zijn vastgesteld op /).waitFor();
    // adopted: no new actions, attendance read-only, decisions only as corrections
    assert.equal(await page.getByRole('form', { name: 'Actie toevoegen' }).count(), 0, 'no new actions after adoption');
    assert.equal(await page.getByRole('form', { name: 'Aanwezigheid opslaan' }).count(), 0, 'attendance is frozen');
    await page.getByRole('table', { name: 'Deelnemers en aanwezigheid' }).getByText('Aanwezig').first().waitFor();
    await page.getByText('Te laat', { exact: false }).first().waitFor(); // the demo action is overdue (text, not colour only)
    await axe(page, 'vastgesteld overleg');
    await shot(page, 'mtg-07-vastgesteld');

    const it = item(page, 'Mededelingen en trends');
    const text = it.getByLabel('Notulen van dit punt');
    await text.fill('Geen bijzonderheden. Volgende keer: terugblik op de werkwijze met scholen en huisartsen.');
    await it.getByRole('button', { name: 'Notulen opslaan' }).click();
    const errors = it.locator('[id$="-errors"]');
    await expectFocused(page, errors, 'minutes error summary');
    await errors.getByRole('link', { name: 'Vul de reden van de correctie in.' }).waitFor();
    await axe(page, 'correctie zonder reden');
    await it.getByLabel('Reden van de correctie').fill('Huisartsen ontbraken in de notulen.');
    await it.getByRole('button', { name: 'Notulen opslaan' }).click();
    await it.getByText('De notulen zijn opgeslagen.').waitFor();
    await it.getByText(/^Versie 2, opgeslagen op /).waitFor();
    await it.locator('summary', { hasText: 'Eerdere versies van de notulen' }).click();
    await it.getByText('Reden van de correctie: Huisartsen ontbraken in de notulen.').waitFor();
    await axe(page, 'notulen gecorrigeerd');
  });
});

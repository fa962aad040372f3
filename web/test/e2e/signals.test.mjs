// Journeys: meldingen en weging (docs/signals.md). A dossierhouder registers a signal (known-person
// match shown as a link), invites the police; the partner adds police information; the weighing
// admits the person (opname_pga → case) and is corrected (single-organisation warning, history);
// search by BSN. A melder submits and sees only the receipt. The public intake form. Runs against
// the real server (public intake switched on with REGIE_PUBLIC_INTAKE=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './_server.mjs';
import { launch, withPage, openPage, axe, shot, expectFocused, loginUI, pick, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';

let server;
let browser;
let dh;
let partner;
let om;
let melder;
let rvdk;
let dh2;
const BSN = '246813581'; // passes the elfproef; not used by the demo data
const state = { id: null, reference: '', earlier: '' };

before(async () => {
  server = await startServer({ env: { REGIE_PUBLIC_INTAKE: '1' } });
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  partner = pick(server.accounts, (a) => a.username === 'partner', 'partner (Politie)');
  om = pick(server.accounts, (a) => a.username === 'om', 'om (OM)');
  melder = pick(server.accounts, (a) => a.username === 'melder', 'melder');
  rvdk = pick(server.accounts, (a) => a.username === 'rvdk', 'rvdk (Raad voor de Kinderbescherming)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
  // An earlier signal about the same person (through the API), so the new one has a known-person match.
  const { context, page } = await openPage(browser, server.url);
  try {
    const r = await apiCall(page, server, 'POST', '/api/session', {
      data: { username: dh.username, password: dh.password, totp: (await freshCode(dh)).code },
    });
    assert.equal(r.status(), 201, `dossierhouder login: ${await r.text()}`);
    const s = await r.json();
    const c = await apiCall(page, server, 'POST', '/api/signals', {
      csrf: s.csrf_token,
      data: { route: 'signaleringsoverleg', subjects: [{ kind: 'person', bsn: BSN }], observed: 'Eerdere melding over dezelfde persoon.', acute: { danger: false } },
    });
    assert.equal(c.status(), 201, `earlier signal: ${await c.text()}`);
    state.earlier = (await c.json()).reference;
  } finally {
    await context.close();
  }
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

async function openSignal(page, id) {
  await page.goto(`/app/meldingen/${id}`);
  await page.getByRole('heading', { level: 1, name: /^Melding M-/ }).waitFor();
}

test('dossierhouder: melding registreren (volledig formulier), bekende persoon, status en partner uitnodigen', async () => {
  await withPage(browser, server, 'signals-register', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Meldingen' }).click();
    await page.waitForURL('**/app/meldingen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Meldingen' }), 'h1');
    assert.equal(await page.title(), 'Meldingen — Regie');
    const table = page.getByRole('table', { name: 'Meldingen, nieuwste eerst' });
    const earlierRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: state.earlier }) });
    await earlierRow.getByRole('cell', { name: 'Signaleringsoverleg' }).waitFor();
    await earlierRow.getByRole('cell', { name: 'Ontvangen', exact: true }).waitFor();
    await earlierRow.getByText(/nog \d+ dagen/).waitFor();
    assert.equal(await table.getByText('Jan Jansen').count(), 0, 'no names in the list');
    await axe(page, 'meldingen (werkvoorraad)');
    await shot(page, 'sig-01-werkvoorraad');

    await page.getByRole('link', { name: 'Nieuwe melding' }).click();
    await page.waitForURL('**/app/meldingen/nieuw');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }), 'h1');
    await axe(page, 'nieuwe melding (leeg)');
    // empty submit → error summary with focus and links to the fields
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('heading', { name: /Er zijn \d+ fouten/ }).waitFor();
    await summary.getByRole('link', { name: 'Kies hoe de melding is binnengekomen.' }).click();
    await expectFocused(page, page.getByLabel('Hoe is de melding binnengekomen?'), 'route select after the summary link');
    await axe(page, 'nieuwe melding met fouten');
    await shot(page, 'sig-02-nieuwe-melding-fouten');

    await page.getByLabel('Hoe is de melding binnengekomen?').selectOption('professional');
    await page.getByLabel('Datum van ontvangst').fill(dutchDay(0));
    await page.locator('#sig-reporter-kind-confidential').check();
    await page.getByLabel('Organisatie van de melder').selectOption({ label: 'Zorg- en Veiligheidshuis Voorbeeld' });
    await page.getByLabel('Naam van de melder').fill('Sara Signaal');
    await page.getByLabel('Functie').fill('Jongerenwerker');
    const subject = page.getByRole('group', { name: 'Betrokkene 1' });
    await subject.getByRole('radio', { name: 'Persoon' }).check();
    await subject.getByLabel('Naam').fill('Jan Jansen');
    await subject.getByLabel('Geboortedatum').fill('1-3-2010');
    await subject.getByLabel('BSN').fill('1112.22.334'); // wrong elfproef first
    await page.getByRole('button', { name: 'Nog een betrokkene toevoegen' }).click();
    const subject2 = page.getByRole('group', { name: 'Betrokkene 2' });
    await expectFocused(page, subject2.getByRole('radio', { name: 'Persoon' }), 'first field of the new subject');
    await subject2.getByRole('radio', { name: 'Organisatie' }).check();
    await subject2.getByLabel('Omschrijving').fill('Online groep waarin hij actief is');
    await page.getByLabel('Wat heeft u gezien of gehoord?').fill('Hij deelt filmpjes die geweld verheerlijken en praat over uitreizen.');
    await page.getByLabel('Soort radicalisering (fenomeen)').selectOption('jihadisme');
    const acute = page.getByRole('group', { name: 'Acuut gevaar' });
    await acute.getByRole('group', { name: 'Is er acuut gevaar?' }).getByRole('radio', { name: 'Ja' }).check();
    await acute.getByRole('group', { name: 'Is de politie of 112 gebeld?' }).getByRole('radio', { name: 'Nee' }).check();
    await page.getByText('Bel nu 112').waitFor();
    await acute.getByRole('group', { name: 'Is de politie of 112 gebeld?' }).getByRole('radio', { name: 'Ja' }).check();
    await page.getByLabel('Door wie is gebeld?').fill('De jongerenwerker');
    await acute.getByLabel('Datum').fill(dutchDay(-1));
    await acute.getByLabel('Tijd').fill('14:05');
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    await expectFocused(page, summary, 'error summary (BSN)');
    await summary.getByRole('link', { name: 'Betrokkene 1: dit BSN bestaat niet. Controleer de cijfers.' }).waitFor();
    await subject.getByLabel('BSN').fill(BSN);
    await axe(page, 'nieuwe melding ingevuld');
    await shot(page, 'sig-03-nieuwe-melding');
    await page.getByRole('button', { name: 'Melding registreren' }).click();

    // detail page: reference, deadline, sections, the known-person match as a link
    await page.waitForURL(/\/app\/meldingen\/\d+$/);
    state.id = page.url().split('/').pop();
    const h1 = page.getByRole('heading', { level: 1, name: /^Melding M-/ });
    await expectFocused(page, h1, 'h1 of the new signal');
    state.reference = (await h1.innerText()).replace('Melding ', '');
    const matches = page.locator('#bekende-personen');
    await matches.getByRole('link', { name: state.earlier }).waitFor();
    await matches.getByText(/gevonden op BSN/).waitFor();
    const gegevens = page.locator('#gegevens');
    await gegevens.getByText('Ontvangen', { exact: true }).first().waitFor();
    await gegevens.getByText(/nog \d+ dagen/).waitFor();
    await page.locator('#betrokkenen').getByText('Jan Jansen').waitFor();
    await page.locator('#betrokkenen').getByText('Minderjarig').waitFor();
    await page.locator('#melding').getByText('Sara Signaal').waitFor();
    await page.locator('#acuut').getByText('De jongerenwerker').waitFor();
    await page.getByText('Deze melding is nog niet gewogen.').waitFor();
    await axe(page, 'melding (detail)');
    await shot(page, 'sig-04-detail');

    // status one step forward
    const status = page.getByRole('form', { name: 'Status wijzigen' });
    await status.getByLabel('Nieuwe status').selectOption('geregistreerd');
    await status.getByRole('button', { name: 'Status opslaan' }).click();
    await expectFocused(page, page.locator('#status-ok'), 'status saved message');
    await gegevens.getByText('Geregistreerd', { exact: true }).first().waitFor();

    // invite the police; an empty submit first shows the form's own error summary
    const invite = page.getByRole('form', { name: 'Partner uitnodigen' });
    await invite.getByRole('button', { name: 'Partner uitnodigen' }).click();
    await expectFocused(page, page.locator('#invite-errors'), 'invite error summary');
    await invite.getByLabel('Organisatie').selectOption({ label: 'Politie eenheid Voorbeeld' });
    await invite.getByLabel('Waarom nodigt u deze partner uit?').fill('Is de persoon bekend bij de politie?');
    await invite.getByRole('button', { name: 'Partner uitnodigen' }).click();
    await expectFocused(page, page.locator('#invite-ok'), 'invited message');
    await page.locator('#participants-list').getByText(/Politie eenheid Voorbeeld, uitgenodigd op/).waitFor();
    await gegevens.getByText('Informatie aanvullen', { exact: true }).first().waitFor();
    await axe(page, 'melding na uitnodigen');

    // feedback to the reporter
    const fb = page.getByRole('form', { name: 'Terugkoppeling aan de melder' });
    await fb.getByLabel('Hoe hebt u de melder geïnformeerd?').selectOption('telefoon');
    await fb.getByLabel('Wat hebt u de melder laten weten?').fill('De melding is in behandeling genomen.');
    await fb.getByRole('button', { name: 'Terugkoppeling opslaan' }).click();
    await page.locator('#feedback-list').getByText('De melding is in behandeling genomen.').waitFor();

    // search by BSN finds both signals, as links
    await nav(page).getByRole('link', { name: 'Zoeken', exact: true }).click();
    await page.waitForURL('**/app/zoeken');
    await page.getByText('Elke zoekopdracht wordt vastgelegd').waitFor();
    await page.getByRole('radio', { name: 'BSN' }).check();
    await page.getByRole('textbox', { name: 'BSN' }).fill('111222334');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expectFocused(page, page.locator('#error-summary'), 'search error summary');
    await page.getByRole('textbox', { name: 'BSN' }).fill(BSN);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expectFocused(page, page.getByRole('heading', { name: 'Zoekresultaat' }), 'results heading');
    const results = page.getByRole('table', { name: 'Gevonden meldingen' });
    await results.getByRole('link', { name: state.reference }).waitFor();
    await results.getByRole('link', { name: state.earlier }).waitFor();
    await axe(page, 'zoeken met resultaat');
    await shot(page, 'sig-05-zoeken');
    await results.getByRole('link', { name: state.reference }).click();
    await page.waitForURL(`**/app/meldingen/${state.id}`);
  });
});

test('partner (politie): ziet de melding na de uitnodiging en voegt politie-informatie toe', async () => {
  assert.ok(state.id, 'needs the signal of the first test');
  await withPage(browser, server, 'signals-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    // the invitation puts the signal in the partner's list
    await nav(page).getByRole('link', { name: 'Meldingen' }).click();
    await page.waitForURL('**/app/meldingen');
    await page.getByRole('table', { name: 'Meldingen, nieuwste eerst' }).getByRole('link', { name: state.reference }).click();
    await page.waitForURL(`**/app/meldingen/${state.id}`);
    await page.getByRole('heading', { level: 1, name: `Melding ${state.reference}` }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Weging vastleggen' }).count(), 0, 'a partner does not weigh');
    assert.equal(await page.getByRole('form', { name: 'Partner uitnodigen' }).count(), 0, 'a partner does not invite');
    const form = page.getByRole('form', { name: 'Informatie toevoegen' });
    await form.getByLabel('Soort informatie (categorie)').selectOption('police');
    assert.equal(await form.getByRole('checkbox').isChecked(), true, 'police data are always purpose-bound');
    await form.getByLabel('Grondslag', { exact: true }).fill('Artikel 20 Wet politiegegevens');
    await form.getByLabel('Informatie', { exact: true }).fill('Betrokkene is in 2025 gehoord als getuige bij een incident.');
    await axe(page, 'melding (partner, informatie toevoegen)');
    await form.getByRole('button', { name: 'Informatie toevoegen' }).click();
    await expectFocused(page, page.locator('#info-ok'), 'information added message');
    const item = page.locator('#information-list article').first();
    await item.getByText('Politie eenheid Voorbeeld').first().waitFor();
    await item.getByText('Doelgebonden', { exact: true }).waitFor();
    await item.getByText('Artikel 20 Wet politiegegevens').waitFor();
    await shot(page, 'sig-06-partner-informatie');
  });
});

test('dossierhouder: weging vastleggen (opname → casus), corrigeren (één organisatie) en versies', async () => {
  assert.ok(state.id, 'needs the signal of the first test');
  await withPage(browser, server, 'signals-weighing', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await openSignal(page, state.id);
    const info = page.locator('#information-list article').first();
    await info.getByText('Betrokkene is in 2025 gehoord als getuige').waitFor();
    await info.getByText('Doelgebonden', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Weging vastleggen' }).click();
    await page.waitForURL(`**/app/meldingen/${state.id}/weging`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Weging vastleggen: ${state.reference}` }), 'h1');
    await axe(page, 'weging (leeg)');
    await page.getByRole('button', { name: 'Weging opslaan' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('link', { name: 'Vul de onderbouwing in.' }).waitFor();
    await axe(page, 'weging met fouten');
    await shot(page, 'sig-07-weging-fouten');

    const attendees = [
      ['Gemeente Voorbeeldstad', 'Daan Dossier', 'Dossierhouder'],
      ['Politie eenheid Voorbeeld', 'Pim Partner', 'Wijkagent'],
      ['OM arrondissement Voorbeeld', 'Olga Officier', 'Officier van justitie'],
    ];
    for (let i = 0; i < attendees.length; i++) {
      if (i > 0) await page.getByRole('button', { name: 'Nog een aanwezige toevoegen' }).click();
      const row = page.getByRole('group', { name: `Aanwezige ${i + 1}` });
      await row.getByLabel('Organisatie').selectOption({ label: attendees[i][0] });
      await row.getByLabel('Naam').fill(attendees[i][1]);
      await row.getByLabel('Functie').fill(attendees[i][2]);
    }
    const criteria = page.locator('#w-criteria input[type="radio"][value="ja"]');
    const n = await criteria.count();
    assert.ok(n >= 1, 'criteria from the configuration');
    for (let i = 0; i < n; i++) await criteria.nth(i).check();
    await page.getByLabel('Onderbouwing').fill('De signalen zijn sterk en hangen samen.');
    await page.getByLabel('Proportionaliteit').fill('Het delen is nodig om de dreiging te beoordelen.');
    await page.getByLabel('Subsidiariteit').fill('Reguliere hulp is al geprobeerd.');
    await page.getByRole('group', { name: 'Hoe is het besluit genomen?' }).getByRole('radio', { name: 'Unaniem' }).check();
    await page.locator('#w-outcome-opname_pga').check();
    const admission = page.locator('#w-admission');
    await admission.getByLabel('Casusregisseur').selectOption({ label: 'Daan Dossier (demo)' });
    await admission.getByLabel('Datum van het eerste casusoverleg').fill(dutchDay(7));
    await axe(page, 'weging ingevuld');
    await shot(page, 'sig-08-weging');
    await page.getByRole('button', { name: 'Weging opslaan' }).click();

    await page.waitForURL(new RegExp(`/app/meldingen/${state.id}#weging$`));
    const flash = page.locator('#signal-flash');
    await flash.getByText(/De weging is opgeslagen\. Casus \d+ is aangemaakt\./).waitFor();
    const weging = page.locator('#weging');
    await weging.getByText('Opnemen in de persoonsgerichte aanpak').first().waitFor();
    await weging.getByRole('table', { name: 'Aanwezigen bij de weging' }).getByText('Olga Officier').waitFor();
    assert.equal(await page.getByText('Gewogen door één organisatie').count(), 0, 'a joint weighing has no warning');
    await page.locator('#gegevens').getByText('Opgenomen in de persoonsgerichte aanpak').first().waitFor();
    await page.locator('#gegevens').getByText(/Casus \d+ is aangemaakt/).waitFor();
    await axe(page, 'melding na weging');
    await shot(page, 'sig-09-gewogen');

    // export: a JSON download without the purpose-bound police information
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Melding exporteren (JSON)' }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.reference, state.reference);
    assert.ok(!JSON.stringify(exported).includes('gehoord als getuige'), 'police data are not exported');
    assert.ok(Array.isArray(exported.omitted) && exported.omitted.some((o) => o.category === 'police'), 'the export says what was left out');

    // correction: only the municipality weighed → warning; the case is kept
    await page.getByRole('link', { name: 'Corrigeer deze weging' }).click();
    await page.waitForURL(`**/app/meldingen/${state.id}/weging?corrigeer=1`);
    await page.getByText(/U corrigeert versie 1 van/).waitFor();
    assert.equal(await page.getByLabel('Onderbouwing').inputValue(), 'De signalen zijn sterk en hangen samen.');
    await page.getByRole('button', { name: 'Aanwezige 3 verwijderen' }).click();
    await page.getByRole('button', { name: 'Aanwezige 2 verwijderen' }).click();
    assert.equal(await page.getByRole('group', { name: /^Aanwezige \d$/ }).count(), 1);
    await page.getByLabel('Onderbouwing').fill('De signalen zijn sterk en hangen samen. Alleen de gemeente was aanwezig.');
    await axe(page, 'weging corrigeren');
    await page.getByRole('button', { name: 'Weging opslaan' }).click();
    await page.waitForURL(new RegExp(`/app/meldingen/${state.id}#weging$`));
    await page.locator('#w-single').getByText('Gewogen door één organisatie — de Inspectie adviseert gezamenlijk wegen').waitFor();
    await axe(page, 'melding met waarschuwing één organisatie');
    await shot(page, 'sig-10-gecorrigeerd');

    await page.getByRole('link', { name: 'Alle versies van de weging' }).click();
    await page.waitForURL(`**/app/meldingen/${state.id}/wegingen`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Versies van de weging van ${state.reference}` }), 'h1');
    await page.getByText('Correctie van versie 1').waitFor();
    await page.getByText('Vervangen door versie 2').waitFor();
    await page.getByRole('heading', { level: 2, name: /^Versie 2,/ }).waitFor();
    await axe(page, 'versies van de weging');
    await shot(page, 'sig-11-versies');
  });
});

test('OM (woog mee) ziet de melding maar geen politiegegevens; RvdK ziet haar niet; filteren', async () => {
  assert.ok(state.id, 'needs the signal of the first test');
  await withPage(browser, server, 'signals-om', async ({ page }) => {
    await loginUI(page, om);
    await page.waitForURL('**/app/start');
    await openSignal(page, state.id);
    await page.locator('#partners').getByText(/OM arrondissement Voorbeeld, uitgenodigd op/).waitFor();
    await page.locator('#informatie').getByText('Er is nog geen informatie toegevoegd.').waitFor();
    assert.equal(await page.getByText('Betrokkene is in 2025 gehoord als getuige').count(), 0, 'police data only for the police and the municipality');
  });
  await withPage(browser, server, 'signals-rvdk', async ({ page }) => {
    await loginUI(page, rvdk);
    await page.waitForURL('**/app/start');
    await page.goto(`/app/meldingen/${state.id}`);
    await page.locator('#signal-error').getByText(/bestaat niet/).waitFor();
    await axe(page, 'melding niet gevonden');
  });
  await withPage(browser, server, 'signals-filter', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto('/app/meldingen');
    await page.getByLabel('Status', { exact: true }).selectOption('opname_pga');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL('**/app/meldingen?status=opname_pga');
    const table = page.getByRole('table', { name: 'Meldingen, nieuwste eerst' });
    await table.getByRole('link', { name: state.reference }).waitFor();
    // The URL changes before the filtered list arrives: wait for the earlier signal to leave the
    // table (a timeout here means the filter does not work).
    await table.getByRole('link', { name: state.earlier }).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await table.getByRole('link', { name: state.earlier }).count(), 0, 'the earlier signal is filtered out');
    await page.getByLabel('Alleen meldingen die te laat zijn').check();
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL('**/app/meldingen?status=opname_pga&te_laat=1');
    await page.getByText('Er zijn geen meldingen die bij het filter passen.').waitFor();
    await axe(page, 'werkvoorraad gefilterd, leeg');
  });
});

test('melder: kort formulier, alleen een ontvangstbevestiging met kenmerk', async () => {
  await withPage(browser, server, 'signals-melder', async ({ page }) => {
    await loginUI(page, melder);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Zoeken', exact: true }).count(), 0, 'a melder cannot search');
    await nav(page).getByRole('link', { name: 'Melding doen' }).click();
    await page.waitForURL('**/app/meldingen/nieuw');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Melding doen' }), 'h1');
    await page.getByText('Bel dan eerst 112.').waitFor();
    // the short form: no route, reporter, BSN or birth date
    for (const l of ['Hoe is de melding binnengekomen?', 'BSN', 'Geboortedatum', 'Naam van de melder']) {
      assert.equal(await page.getByLabel(l, { exact: true }).count(), 0, `no field "${l}" in the short form`);
    }
    await axe(page, 'melding doen (kort)');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    await expectFocused(page, page.locator('#error-summary'), 'error summary');
    await axe(page, 'melding doen met fouten');
    const gemeente = page.getByLabel('Gemeente');
    if (!(await gemeente.inputValue())) await gemeente.selectOption({ index: 1 });
    const subject = page.getByRole('group', { name: 'Betrokkene 1' });
    await subject.getByRole('radio', { name: 'Persoon' }).check();
    await subject.getByLabel('Omschrijving').fill('Een jongen van ongeveer 16 jaar uit mijn straat.');
    await page.getByLabel('Wat heeft u gezien of gehoord?').fill('Hij zegt dat geweld tegen ongelovigen mag.');
    await page.getByRole('group', { name: 'Is er acuut gevaar?' }).getByRole('radio', { name: 'Nee' }).check();
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    const receipt = page.locator('#signal-receipt');
    await expectFocused(page, receipt, 'receipt');
    await receipt.getByText('Uw melding is ontvangen.').waitFor();
    const reference = await receipt.locator('[data-reference]').getAttribute('data-reference');
    assert.match(reference, /^M-/);
    await page.getByRole('heading', { level: 1, name: 'Melding ontvangen' }).waitFor();
    await axe(page, 'ontvangstbevestiging');
    await shot(page, 'sig-12-ontvangen');

    await page.getByRole('link', { name: 'Naar mijn meldingen' }).click();
    await page.waitForURL('**/app/meldingen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Mijn meldingen' }), 'h1');
    const table = page.getByRole('table', { name: 'Uw meldingen, nieuwste eerst' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
    await row.getByRole('cell', { name: 'Ontvangen', exact: true }).waitFor();
    await axe(page, 'mijn meldingen');
    // the municipality (dossierhouder2, Proefdorp) records feedback; the melder sees it on the receipt
    const id = (await table.getByRole('link', { name: reference }).getAttribute('href')).split('/').pop();
    const other = await openPage(browser, server.url);
    try {
      const r = await apiCall(other.page, server, 'POST', '/api/session', {
        data: { username: dh2.username, password: dh2.password, totp: (await freshCode(dh2)).code },
      });
      assert.equal(r.status(), 201, `dossierhouder2 login: ${await r.text()}`);
      const s = await r.json();
      const f = await apiCall(other.page, server, 'POST', `/api/signals/${id}/feedback`, {
        csrf: s.csrf_token, data: { channel: 'telefoon', text: 'Bedankt voor uw melding. Wij gaan ermee aan de slag.' },
      });
      assert.equal(f.status(), 201, `feedback: ${await f.text()}`);
    } finally {
      await other.context.close();
    }
    await table.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: `Melding ${reference}` }).waitFor();
    await page.getByText('U hebt deze melding gedaan.').waitFor();
    await page.locator('#feedback-list').getByText('Bedankt voor uw melding. Wij gaan ermee aan de slag.').waitFor();
    await page.locator('#feedback-list').getByText(/, Telefoon$/).waitFor();
    // receipt only: nothing of the content
    for (const h of ['Betrokkenen', 'Acuut gevaar', 'Weging', 'Informatie van partners']) {
      assert.equal(await page.getByRole('heading', { name: h, exact: true }).count(), 0, `no "${h}" on the receipt`);
    }
    assert.equal(await page.getByText('Een jongen van ongeveer 16 jaar').count(), 0);
    await axe(page, 'melding (ontvangstbevestiging)');
    await shot(page, 'sig-13-ontvangstbevestiging');
  });
});

test('publiek meldformulier (zonder inloggen) geeft alleen het kenmerk; uitgeschakeld → uitleg', async () => {
  await withPage(browser, server, 'signals-public', async ({ page }) => {
    await page.goto('/app/melden');
    await page.getByRole('heading', { level: 1, name: 'Melding doen' }).waitFor();
    assert.equal(await nav(page).count(), 0, 'no menu without a session');
    await axe(page, 'publiek meldformulier');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    await expectFocused(page, page.locator('#error-summary'), 'error summary');
    await page.getByLabel('Gemeente').selectOption({ label: 'Gemeente Voorbeeldstad' });
    await page.getByRole('radio', { name: /Familie of iemand die dicht bij de persoon staat/ }).check();
    const subject = page.getByRole('group', { name: 'Betrokkene 1' });
    await subject.getByRole('radio', { name: 'Persoon' }).check();
    await subject.getByLabel('Naam').fill('Mijn neef');
    await page.getByLabel('Wat heeft u gezien of gehoord?').fill('Hij is de laatste maanden erg veranderd.');
    await page.getByRole('group', { name: 'Is er acuut gevaar?' }).getByRole('radio', { name: 'Nee' }).check();
    await page.getByRole('radio', { name: 'Nee, ik meld anoniem' }).check();
    await axe(page, 'publiek meldformulier ingevuld');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    const receipt = page.locator('#intake-receipt');
    await expectFocused(page, receipt, 'receipt');
    assert.match(await receipt.locator('[data-reference]').getAttribute('data-reference'), /^M-/);
    await axe(page, 'publiek ontvangen');
    await shot(page, 'sig-14-publiek');
  });
  // switched off (the server's answer, simulated in this browser only)
  await withPage(browser, server, 'signals-public-off', async ({ page }) => {
    await page.route('**/api/public/intake', (r) => r.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ status: 404, title: 'Not Found' }) }));
    await page.goto('/app/melden');
    await page.locator('#intake-closed').getByText('Melden via deze website kan niet').waitFor();
    await axe(page, 'publiek meldformulier uit');
  });
});

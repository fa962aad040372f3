// Journey: een AIVD-ambtsbericht (docs/signals.md, restricted store). The burgemeester registers an
// ambtsbericht and names the dossierhouder as reader; the dossierhouder opens it; dossierhouder2
// (another municipality, not a reader) gets "bestaat niet" and does not see it in the list; the
// burgemeester records the decision of the local driehoek. axe on the form and the detail page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick } from './_browser.mjs';

let server;
let browser;
let bm;
let dh;
let dh2;
const state = { id: null, reference: '' };

before(async () => {
  server = await startServer();
  browser = await launch();
  bm = pick(server.accounts, (a) => a.username === 'burgemeester', 'burgemeester (Gemeente Voorbeeldstad)');
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A calendar day relative to today (Europe/Amsterdam) as dd-mm-jjjj. */
function dutchDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

async function openSignal(page, id) {
  await page.goto(`/app/meldingen/${id}`);
  await page.getByRole('heading', { level: 1, name: /^Melding M-/ }).waitFor();
}

test('burgemeester: ambtsbericht registreren met de dossierhouder als lezer', async () => {
  await withPage(browser, server, 'amb-register', async ({ page }) => {
    await loginUI(page, bm);
    await page.waitForURL('**/app/start');
    await page.goto('/app/meldingen/nieuw');
    await page.getByRole('heading', { level: 1, name: 'Nieuwe melding' }).waitFor();
    const route = page.getByLabel('Hoe is de melding binnengekomen?');
    await route.selectOption({ label: 'AIVD-ambtsbericht' });
    const amb = page.getByRole('group', { name: 'Ambtsbericht', exact: true });
    await amb.waitFor();
    await amb.getByRole('heading', { name: 'Vertrouwelijk: ambtsbericht' }).waitFor();
    // the reporter questions are not asked for an ambtsbericht
    assert.equal(await page.getByRole('group', { name: 'Melder', exact: true }).count(), 0);
    const readers = amb.getByRole('group', { name: /Wie mag het ambtsbericht lezen\?/ });
    await readers.getByText('Alleen deze mensen en de burgemeester kunnen het ambtsbericht lezen.', { exact: false }).waitFor();
    await axe(page, 'nieuw ambtsbericht (leeg)');

    // empty submit: the ambtsbericht members are in the error summary and link to their fields
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    const summary = page.locator('#error-summary');
    await expectFocused(page, summary, 'error summary');
    await summary.getByRole('link', { name: 'Vul de ontvangstdatum van het ambtsbericht in.' }).waitFor();
    await summary.getByRole('link', { name: 'Vul in aan wie het ambtsbericht is gericht.' }).click();
    await expectFocused(page, amb.getByLabel('Geadresseerde'), 'addressee after the summary link');
    await axe(page, 'nieuw ambtsbericht met fouten');

    await amb.getByLabel('Geadresseerde').fill('De burgemeester van Voorbeeldstad');
    await amb.getByLabel('Ontvangstdatum van het ambtsbericht').fill(dutchDay(-3));
    await readers.getByRole('checkbox', { name: 'Daan Dossier (demo)' }).check();
    await amb.getByRole('group', { name: /Is de NCTV geraadpleegd\?/ }).getByRole('radio', { name: 'Ja' }).check();
    await amb.getByLabel('Datum waarop de NCTV is geraadpleegd').fill(dutchDay(-2));
    await amb.getByLabel('Contactpersoon bij de NCTV').fill('Nina NCTV (fictief)');
    const subject = page.getByRole('group', { name: 'Betrokkene 1' });
    await subject.getByRole('radio', { name: 'Persoon' }).check();
    await subject.getByLabel('Naam').fill('Fictief Ambtsbericht Persoon');
    await page.getByLabel('Wat heeft u gezien of gehoord?').fill('Samenvatting van het ambtsbericht (fictief).');
    await page.getByRole('group', { name: 'Is er acuut gevaar?' }).getByRole('radio', { name: 'Nee' }).check();
    await axe(page, 'nieuw ambtsbericht ingevuld');
    await shot(page, 'amb-01-nieuw');
    await page.getByRole('button', { name: 'Melding registreren' }).click();

    await page.waitForURL(/\/app\/meldingen\/\d+$/);
    state.id = page.url().split('/').pop();
    const h1 = page.getByRole('heading', { level: 1, name: /^Melding M-/ });
    await expectFocused(page, h1, 'h1 of the new ambtsbericht');
    state.reference = (await h1.innerText()).replace('Melding ', '');
    await page.locator('#signal-restricted').getByRole('heading', { name: 'Vertrouwelijk: ambtsbericht' }).waitFor();
    const section = page.locator('#ambtsbericht');
    await section.getByText('De burgemeester van Voorbeeldstad').waitFor();
    await section.locator('dd').getByText('Daan Dossier (demo)', { exact: true }).waitFor();
    await section.getByText('Nina NCTV (fictief)').waitFor();
    await section.getByRole('heading', { name: 'Ambtsbericht bijwerken' }).waitFor();
    await axe(page, 'ambtsbericht (burgemeester)');
    await shot(page, 'amb-02-detail');
  });
});

test('dossierhouder (lezer) opent het ambtsbericht; dossierhouder2 ziet het niet', async () => {
  assert.ok(state.id, 'needs the ambtsbericht of the first test');
  await withPage(browser, server, 'amb-reader', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto('/app/meldingen');
    const row = page.getByRole('table', { name: 'Meldingen, nieuwste eerst' }).getByRole('row').filter({ has: page.getByRole('link', { name: state.reference }) });
    await row.getByText('Afgeschermd').waitFor();
    await openSignal(page, state.id);
    await page.locator('#signal-restricted').getByRole('heading', { name: 'Vertrouwelijk: ambtsbericht' }).waitFor();
    const section = page.locator('#ambtsbericht');
    await section.getByText('De burgemeester van Voorbeeldstad').waitFor();
    await section.getByText('Daan Dossier (demo)', { exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Ambtsbericht bijwerken' }).count(), 0, 'only the burgemeester updates an ambtsbericht');
    await axe(page, 'ambtsbericht (lezer)');
  });
  await withPage(browser, server, 'amb-other', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    await page.goto('/app/meldingen');
    await page.locator('#signals-count').waitFor();
    assert.equal(await page.getByText(state.reference).count(), 0, 'an ambtsbericht is absent from the list of a non-reader');
    await page.goto(`/app/meldingen/${state.id}`);
    await page.locator('#signal-error').getByText(/bestaat niet/).waitFor();
    assert.equal(await page.getByText('Fictief Ambtsbericht Persoon').count(), 0);
    await axe(page, 'ambtsbericht niet gevonden');
  });
});

test('burgemeester legt het besluit van de driehoek vast', async () => {
  assert.ok(state.id, 'needs the ambtsbericht of the first test');
  await withPage(browser, server, 'amb-update', async ({ page }) => {
    await loginUI(page, bm);
    await page.waitForURL('**/app/start');
    await openSignal(page, state.id);
    const form = page.getByRole('form', { name: 'Ambtsbericht bijwerken' });
    // prefilled with the stored values
    assert.equal(await form.getByRole('checkbox', { name: 'Daan Dossier (demo)' }).isChecked(), true);
    assert.equal(await form.getByLabel('Contactpersoon bij de NCTV').inputValue(), 'Nina NCTV (fictief)');
    await form.getByLabel('Besluit van de lokale driehoek').fill('Persoonsgerichte aanpak; gesprek met de persoon (fictief).');
    await form.getByLabel('Datum van het besluit van de driehoek').fill('gisteren');
    await form.getByRole('button', { name: 'Ambtsbericht opslaan' }).click();
    const errors = page.locator('#amb-errors');
    await expectFocused(page, errors, 'error summary of the update form');
    await errors.getByRole('link', { name: /Datum van het besluit van de driehoek: vul een datum in/ }).waitFor();
    await axe(page, 'ambtsbericht bijwerken met fouten');
    await form.getByLabel('Datum van het besluit van de driehoek').fill(dutchDay(0));
    await form.getByRole('button', { name: 'Ambtsbericht opslaan' }).click();
    await page.locator('#amb-ok').getByText('Het ambtsbericht is bijgewerkt.').waitFor();
    const section = page.locator('#ambtsbericht');
    await section.locator('dd').getByText('Persoonsgerichte aanpak; gesprek met de persoon (fictief).').waitFor();
    await section.locator('dd').getByText(dutchDay(0)).waitFor();
    await section.locator('dd').getByText('Daan Dossier (demo)', { exact: true }).waitFor();
    await axe(page, 'ambtsbericht bijgewerkt');
    await shot(page, 'amb-03-bijgewerkt');
    // reload: the decision is stored
    await openSignal(page, state.id);
    await page.locator('#ambtsbericht dd').getByText('Persoonsgerichte aanpak; gesprek met de persoon (fictief).').waitFor();
  });
});

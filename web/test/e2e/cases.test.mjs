// Journeys: casussen (docs/cases.md). The casusregisseur (dossierhouder) filters the list on
// "Beeldvorming" (no names in the list), opens the demo case in that phase, adds one measure of
// each kind (straf, bestuurlijk, politie, zorg), records a passport sub-step, adopts a plan with
// the four measures (the case moves to "Plan vastgesteld"), marks the person as departed (flag
// uitgereisd with a departure date) and sees U1–U8 appear on the checklist; moves the case to
// "Uitvoering", closes U1, records an assessment, family support with a contact and a
// communication line (the names-and-numbers warning, then confirmed), and sees the tasks on the
// Werklijst. Then the police user (partner, whose organisation takes part in
// the case) sees the criminal, administrative and police measures but not the care measure: its
// description is nowhere in the page HTML. axe reports 0 violations on every screen visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, expectFocused, loginUI, pick } from './_browser.mjs';

let server;
let browser;
let dh;
let police;
let dh2;
const DESC = {
  straf: 'Het OM onderzoekt een bedreiging op sociale media.',
  bestuurlijk: 'Paspoort vervallen verklaren en signaleren.',
  politie: 'Aangifte van vermissing door de familie opgenomen.',
  zorg: 'Exittraject bij een erkende aanbieder, alleen bekend bij de gemeente.',
};
const LABEL = {
  straf: 'Strafrechtelijk onderzoek of vervolging',
  bestuurlijk: 'Paspoortmaatregel (art. 23 Paspoortwet)',
  politie: 'Aangifte van vermissing',
  zorg: 'Deradicalisering / exittraject',
};
const state = { id: null, url: '', reference: '', careId: null, policeId: null };

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  police = pick(server.accounts, (a) => a.username === 'partner', 'partner (Politie eenheid Voorbeeld)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
const sub = (page) => page.getByRole('navigation', { name: 'Onderdelen van de casus' });

/** A calendar day relative to today (Europe/Amsterdam) as dd-mm-jjjj. */
function dutchDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}
/** The same day as the case screens show it: "3 december 2026". */
function mediumDay(offset = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

async function addMeasure(page, { type, owner, basis, status, desc, label }) {
  const box = page.locator('#measure-open');
  const form = box.getByRole('form', { name: 'Maatregel toevoegen' });
  await form.getByLabel('Welke maatregel?').selectOption(type);
  await form.getByLabel('Wettelijke grondslag').fill(basis);
  await form.getByLabel('Eigenaar (organisatie)').selectOption({ label: owner });
  if (status) await form.getByLabel('Status', { exact: true }).selectOption({ label: status });
  await form.getByLabel('Omschrijving').fill(desc);
  await form.getByRole('button', { name: 'Maatregel toevoegen' }).click();
  await box.getByText(`De maatregel ${label} is toegevoegd.`).waitFor();
  await page.getByRole('table', { name: 'Maatregelen van deze casus' }).getByRole('link', { name: label }).waitFor();
}

test('casusregisseur: maatregelen van elke soort, plan vaststellen, uitgereisd → U1–U8, checklist, beoordeling, communicatielijn en werklijst', async () => {
  await withPage(browser, server, 'cases-regisseur', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.locator('[data-tile="cases"]').getByRole('link', { name: 'Casussen' }).waitFor();
    await page.locator('[data-tile="worklist"]').getByRole('link', { name: 'Werklijst' }).waitFor();
    await nav(page).getByRole('link', { name: 'Casussen' }).click();
    await page.waitForURL('**/app/casussen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Casussen' }), 'h1');
    assert.equal(await page.title(), 'Casussen — Regie');
    const table = page.getByRole('table', { name: 'Casussen' });
    await table.getByRole('row').nth(2).waitFor();
    // the list holds no names (the demo's subjects are all called "Fictieve …")
    assert.equal((await page.content()).includes('Fictieve'), false, 'no names in the list');
    await table.getByText('Uitgereisd').first().waitFor(); // a flag as a tag
    await table.getByText(/^\d+ te laat$/).first().waitFor(); // the departed demo case has an overdue BRP check
    await axe(page, 'casussen');
    await shot(page, 'case-01-lijst');

    // filter on the phase
    await page.getByLabel('Fase').selectOption('beeldvorming');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL('**/app/casussen?fase=beeldvorming');
    await page.locator('#cases-count').getByText('1 casus gevonden.').waitFor();
    const link = table.getByRole('row').nth(1).getByRole('link');
    state.reference = (await link.textContent()).trim();
    assert.match(state.reference, /^[A-Z]-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await link.click();
    await page.waitForURL(/\/app\/casussen\/\d+$/);
    state.url = new URL(page.url()).pathname;
    state.id = state.url.split('/').pop();

    // the overview
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Casus ${state.reference}` }), 'h1');
    assert.equal(await page.title(), `Casus ${state.reference} — Regie`);
    await page.locator('#case-badges').getByText('Vertrouwelijk').waitFor();
    await page.locator('#case-badges').getByText('Beeldvorming').waitFor();
    await page.getByText('Fictieve Beeldvorming', { exact: false }).first().waitFor(); // the subject, on the case itself
    await page.locator('#open-items').getByRole('heading', { level: 3, name: 'Per casus' }).waitFor();
    await page.locator('#timeline').getByText('Fase: Beeldvorming').waitFor();
    await page.getByRole('table', { name: 'Organisaties die aan deze casus deelnemen' }).getByText('Politie eenheid Voorbeeld').waitFor();
    await axe(page, 'casus (beeldvorming)');
    await shot(page, 'case-02-overzicht');

    // plan and measures
    await sub(page).getByRole('link', { name: 'Plan en maatregelen' }).click();
    await page.waitForURL(`**${state.url}/plan`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Plan en maatregelen van casus ${state.reference}` }), 'h1');
    await page.getByText('Er is nog geen plan van aanpak.').waitFor();
    await page.locator('#measure-open summary').click();
    const mform = page.getByRole('form', { name: 'Maatregel toevoegen' });
    await mform.getByRole('button', { name: 'Maatregel toevoegen' }).click();
    const mErrors = page.locator('#ms-errors');
    await expectFocused(page, mErrors, 'measure error summary');
    await mErrors.getByRole('link', { name: 'Kies een maatregel.' }).waitFor();
    await mErrors.getByRole('link', { name: 'Vul de wettelijke grondslag in.' }).waitFor();
    await mErrors.getByRole('link', { name: 'Kies de organisatie die eigenaar is.' }).click();
    await expectFocused(page, mform.getByLabel('Eigenaar (organisatie)'), 'owner field after the summary link');
    // the catalogue is grouped by domain
    assert.deepEqual(
      await mform.getByLabel('Welke maatregel?').locator('optgroup').evaluateAll((gs) => gs.map((g) => g.label)),
      ['Strafrechtelijk', 'Bestuurlijk', 'Politie', 'Zorg en ondersteuning', 'Communicatie', 'Overig'],
    );
    await axe(page, 'maatregel met fouten');

    await addMeasure(page, { type: 'strafrechtelijk_onderzoek', owner: 'OM arrondissement Voorbeeld', basis: 'Wetboek van Strafvordering', status: 'Loopt', desc: DESC.straf, label: LABEL.straf });
    await addMeasure(page, { type: 'paspoort', owner: 'Gemeente Voorbeeldstad', basis: 'art. 23 Paspoortwet', status: 'Aangevraagd', desc: DESC.bestuurlijk, label: LABEL.bestuurlijk });
    await addMeasure(page, { type: 'vermissing', owner: 'Politie eenheid Voorbeeld', basis: 'Politiewet', desc: DESC.politie, label: LABEL.politie });
    await addMeasure(page, { type: 'deradicalisering', owner: 'Gemeente Voorbeeldstad', basis: 'vrijwillig (toestemming)', status: 'Loopt', desc: DESC.zorg, label: LABEL.zorg });
    const measures = page.getByRole('table', { name: 'Maatregelen van deze casus' });
    assert.equal(await measures.getByRole('row').count(), 5, 'four measures and the header');
    const hrefOf = async (label) => measures.getByRole('link', { name: label }).getAttribute('href');
    state.careId = (await hrefOf(LABEL.zorg)).split('/').pop();
    state.policeId = (await hrefOf(LABEL.politie)).split('/').pop();
    await axe(page, 'vier maatregelen');

    // a new plan version, adopted with the four measures
    await page.locator('#plan-open summary').click();
    const plan = page.locator('#plan-open');
    await plan.getByLabel('Doelen').fill('Vertrek naar het buitenland voorkomen\nTerug naar school of werk');
    await plan.getByRole('group', { name: 'Is de betrokkene gehoord? (niet verplicht)' }).getByRole('radio', { name: 'Ja' }).check();
    await plan.getByLabel('Wat vindt de betrokkene?').fill('Wil met rust gelaten worden, maar wel een opleiding volgen.');
    await plan.getByRole('group', { name: 'Is de familie gehoord? (niet verplicht)' }).getByRole('radio', { name: 'Nee' }).check();
    await plan.getByLabel('Hoe wordt toestemming gevraagd?').fill('De casusregisseur vraagt toestemming in een gesprek thuis.');
    for (const [kind, owner] of [['straf', 'OM arrondissement Voorbeeld'], ['bestuurlijk', 'Gemeente Voorbeeldstad'], ['politie', 'Politie eenheid Voorbeeld'], ['zorg', 'Gemeente Voorbeeldstad']]) {
      await plan.getByRole('checkbox', { name: `${LABEL[kind]} (${owner})` }).check();
    }
    await plan.getByLabel('Volgende herbeoordeling').fill(dutchDay(60));
    await plan.getByRole('checkbox', { name: 'Dit plan nu vaststellen' }).check();
    await plan.getByRole('button', { name: 'Plan vaststellen' }).click();
    const pErrors = page.locator('#pl-errors');
    await expectFocused(page, pErrors, 'plan error summary');
    await pErrors.getByRole('link', { name: 'Vul de onderbouwing in.' }).waitFor();
    await axe(page, 'plan vaststellen met fouten');
    await plan.getByLabel('Onderbouwing van het besluit').fill('Het casusoverleg stelt het plan unaniem vast.');
    await plan.getByRole('button', { name: 'Plan vaststellen' }).click();
    await plan.getByText('Versie 1 van het plan is vastgesteld.').waitFor();
    await page.locator('#case-badges').getByText('Plan vastgesteld').waitFor();
    const current = page.locator('#plan-current');
    await current.getByRole('heading', { name: `Versie 1, vastgesteld op ${mediumDay(0)}` }).waitFor();
    await current.getByText('Terug naar school of werk').waitFor();
    for (const kind of ['straf', 'bestuurlijk', 'politie', 'zorg']) await current.getByText(LABEL[kind], { exact: true }).waitFor();
    await axe(page, 'plan vastgesteld');
    await shot(page, 'case-03-plan');

    // the passport measure and its sub-steps
    await measures.getByRole('link', { name: LABEL.bestuurlijk }).click();
    await page.waitForURL(/\/maatregelen\/\d+$/);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Maatregel: ${LABEL.bestuurlijk} (casus ${state.reference})` }), 'h1');
    const steps = page.getByRole('table', { name: 'Stappen van deze maatregel' });
    assert.equal(await steps.getByRole('row').count(), 6, 'five passport steps and the header');
    await steps.getByRole('row', { name: /Verzoek RPS-signalering aan de minister/ }).getByText('Nog niet gedaan').waitFor();
    const upd = page.getByRole('form', { name: 'Maatregel bijwerken' });
    await upd.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.locator('#mu-errors').getByText('Er is niets gewijzigd.').waitFor();
    await upd.getByLabel('Verzoek RPS-signalering aan de minister').fill(dutchDay(-1));
    await upd.getByLabel('Notitie').fill('Verzoek per beveiligde mail verstuurd.');
    await upd.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.locator('#mu-ok').getByText('De maatregel is bijgewerkt.').waitFor();
    await steps.getByRole('row', { name: /Verzoek RPS-signalering aan de minister/ }).getByText(mediumDay(-1)).waitFor();
    await page.locator('#measure-notes').getByText('Verzoek per beveiligde mail verstuurd.').waitFor();
    await axe(page, 'maatregel paspoort');
    await shot(page, 'case-04-maatregel');

    // departed: the flag with its departure date activates U1–U8
    await sub(page).getByRole('link', { name: 'Overzicht' }).click();
    await page.waitForURL(`**${state.url}`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Casus ${state.reference}` }), 'h1');
    assert.equal(await page.locator('#open-items').getByRole('heading', { name: 'Uitgereisd' }).count(), 0, 'no U-tasks yet');
    await page.locator('#flag-open summary').click();
    const flag = page.locator('#flag-open');
    await flag.getByLabel('Markering', { exact: true }).selectOption('uitgereisd');
    await flag.getByText('Deze markering wordt aangezet.').waitFor();
    await flag.getByLabel('Onderbouwing').fill('De familie meldt dat betrokkene naar het buitenland is vertrokken.');
    await flag.getByRole('button', { name: 'Markering aanzetten' }).click();
    const fErrors = page.locator('#fl-errors');
    await expectFocused(page, fErrors, 'flag error summary');
    await fErrors.getByRole('link', { name: 'Vul de vertrekdatum in.' }).click();
    await expectFocused(page, flag.getByLabel('Vertrekdatum'), 'departure date after the summary link');
    await axe(page, 'markering met fouten');
    await flag.getByLabel('Vertrekdatum').fill(dutchDay(-3));
    await flag.getByRole('button', { name: 'Markering aanzetten' }).click();
    await flag.getByText('De markering Uitgereisd staat aan.').waitFor();
    await page.locator('#case-badges').getByText('Uitgereisd').waitFor();
    const open = page.locator('#open-items');
    await open.getByRole('heading', { level: 3, name: 'Uitgereisd' }).waitFor();
    const uList = open.getByRole('list', { name: 'Uitgereisd' });
    assert.deepEqual(await uList.locator('[data-task]').evaluateAll((els) => els.map((e) => e.dataset.task)), ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8']);
    await open.locator('[data-task="U6"]').getByText(/^Nog \d+ dagen$/).waitFor(); // BRP check: departure + 3 months
    await page.locator('#timeline').getByText('Markering aan: Uitgereisd').waitFor();
    await page.locator('#timeline').getByText('De familie meldt dat betrokkene naar het buitenland is vertrokken.').waitFor();
    await page.locator('#timeline').getByText('Fase: Plan vastgesteld').waitFor();
    await page.locator('#plan-measures').getByText(DESC.zorg).waitFor(); // the municipality sees its care measure
    await axe(page, 'casus uitgereisd');
    await shot(page, 'case-05-uitgereisd');

    // the next phase: a decision with a rationale
    await page.locator('#transition-open summary').click();
    const tr = page.locator('#transition-open');
    assert.deepEqual(await tr.getByLabel('Naar welke fase?').locator('option').evaluateAll((os) => os.map((o) => o.textContent)), ['Kies een fase', 'Uitvoering', 'Afgesloten']);
    await tr.getByLabel('Naar welke fase?').selectOption('uitvoering');
    await tr.getByRole('button', { name: 'Fase wijzigen' }).click();
    await page.locator('#tr-errors').getByRole('link', { name: 'Vul de onderbouwing in.' }).waitFor();
    await axe(page, 'fase wijzigen met fouten');
    await tr.getByLabel('Onderbouwing').fill('De partners starten met de uitvoering van het plan.');
    await tr.getByRole('radio', { name: 'Burgemeester' }).check();
    await tr.getByRole('button', { name: 'Fase wijzigen' }).click();
    await tr.getByText('De fase is gewijzigd in Uitvoering.').waitFor();
    await page.locator('#case-badges').getByText('Uitvoering').waitFor();
    const last = page.locator('#timeline-list > li').last();
    await last.getByText('Fase: Uitvoering').waitFor();
    await last.getByText('Besloten door: Burgemeester').waitFor();

    // the checklist, grouped; U1 done, U7 not applicable (needs a reason)
    await sub(page).getByRole('link', { name: 'Checklist' }).click();
    await page.waitForURL(`**${state.url}/checklist`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Checklist van casus ${state.reference}` }), 'h1');
    // the groups in factsheet order (the demo case may carry other flags, e.g. Minderjarig → K1)
    const groups = await page.locator('main h2').evaluateAll((hs) => hs.map((h) => h.textContent));
    const ORDER = ['Per casus', 'Dreigende uitreis', 'Uitgereisd', 'Terugkeer', 'Overlijden', 'Minderjarige', 'Paspoort'];
    assert.equal(groups[0], 'Per casus');
    assert.ok(groups.includes('Uitgereisd'), 'the Uitgereisd group');
    assert.deepEqual(groups, ORDER.filter((g) => groups.includes(g)), 'groups in factsheet order');
    const uTable = page.getByRole('table', { name: 'Checklist: Uitgereisd' });
    assert.equal(await uTable.getByRole('row').count(), 9, 'U1–U8 and the header');
    await axe(page, 'checklist');
    await uTable.getByRole('button', { name: /^Wijzigen: U1 / }).click();
    const dialog = page.getByRole('dialog', { name: 'Punt U1 wijzigen' });
    await dialog.getByRole('radio', { name: 'Gedaan' }).check();
    await dialog.getByLabel('Soort bewijs').selectOption('text');
    await dialog.getByLabel('Bewijs of toelichting').fill('Proces-verbaal van aangifte 2026-001');
    await axe(page, 'checklist: punt wijzigen');
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#checklist-saved').getByText('Punt U1 is bijgewerkt.').waitFor();
    const u1 = uTable.getByRole('row', { name: /U1 / });
    await u1.getByText('Gedaan', { exact: true }).waitFor();
    await u1.getByText('Toelichting: Proces-verbaal van aangifte 2026-001').waitFor();
    await uTable.getByRole('button', { name: /^Wijzigen: U7 / }).click();
    const d7 = page.getByRole('dialog', { name: 'Punt U7 wijzigen' });
    await d7.getByRole('radio', { name: 'Niet van toepassing' }).check();
    await d7.getByRole('button', { name: 'Opslaan' }).click();
    await d7.locator('#tk-errors').getByRole('link', { name: 'Vul in waarom dit punt niet van toepassing is.' }).waitFor();
    await axe(page, 'checklist: reden ontbreekt');
    await d7.getByLabel('Waarom niet van toepassing?').fill('Betrokkene ontving geen uitkering of toeslagen.');
    await d7.getByRole('button', { name: 'Opslaan' }).click();
    await d7.waitFor({ state: 'hidden' });
    await uTable.getByRole('row', { name: /U7 / }).getByText('Reden: Betrokkene ontving geen uitkering of toeslagen.').waitFor();
    await shot(page, 'case-06-checklist');

    // an assessment: factors and needs, no score
    await sub(page).getByRole('link', { name: 'Beoordelingen' }).click();
    await page.waitForURL(`**${state.url}/beoordelingen`);
    await page.getByText('Er zijn nog geen beoordelingen.').waitFor();
    const as = page.getByRole('form', { name: 'Beoordeling opslaan' });
    await as.getByLabel('Instrument', { exact: true }).fill('Gestructureerd professioneel oordeel');
    await as.getByLabel('Datum van de beoordeling').fill(dutchDay(-1));
    await as.getByLabel('Risicofactoren').fill('Contact met een extremistisch netwerk\nUitspraken over vertrek');
    await as.getByLabel('Beschermende factoren').fill('Betrokken familie');
    await as.getByLabel('Behoeften').fill('Begeleiding naar werk');
    await as.getByRole('button', { name: 'Beoordeling opslaan' }).click();
    await page.locator('#as-ok').getByText('De beoordeling is opgeslagen als nieuwe versie.').waitFor();
    await page.getByRole('heading', { level: 3, name: `Versie 1: Gestructureerd professioneel oordeel, ${mediumDay(-1)}` }).waitFor();
    await page.getByText('Uitspraken over vertrek').waitFor();
    // no score anywhere: the only mention is the sentence that says Regie computes none
    assert.equal(/score/i.test((await page.locator('main').innerText()).replace('Regie berekent geen score', '')), false, 'no score anywhere');
    await axe(page, 'beoordelingen');

    // the communication line: a number is refused until the user confirms
    await sub(page).getByRole('link', { name: 'Communicatie' }).click();
    await page.waitForURL(`**${state.url}/communicatie`);
    const cl = page.getByRole('form', { name: 'Communicatielijn opslaan' });
    await cl.getByRole('radio', { name: 'Gemeente' }).check();
    await cl.getByLabel('Kernboodschappen').fill('De gemeente werkt samen met 3 partners aan veiligheid.');
    await cl.getByLabel('Doelgroep').fill('Pers en gemeenteraad');
    await cl.getByRole('button', { name: 'Communicatielijn opslaan' }).click();
    const cErrors = page.locator('#cl-errors');
    await expectFocused(page, cErrors, 'communication warning');
    await cErrors.getByRole('link', { name: /^De kernboodschappen bevatten een getal\./ }).waitFor();
    await axe(page, 'communicatielijn met waarschuwing');
    await shot(page, 'case-07-communicatie-waarschuwing');
    await cl.getByRole('button', { name: 'Communicatielijn opslaan' }).click(); // not confirmed: still refused
    await cErrors.getByRole('link', { name: 'Pas de tekst aan, of bevestig dat hij zo mag blijven.' }).waitFor();
    await cl.getByRole('checkbox', { name: 'Ik heb de tekst gecontroleerd. Hij mag zo worden opgeslagen.' }).check();
    await cl.getByRole('button', { name: 'Communicatielijn opslaan' }).click();
    await page.locator('#cl-ok').getByText('De communicatielijn is opgeslagen als nieuwe versie.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Versie 1: Gemeente' }).waitFor();
    await page.getByText('bevat een getal', { exact: true }).waitFor(); // stored with the version
    await axe(page, 'communicatielijn opgeslagen');

    // family support: a relative, who supports her, and a contact
    await sub(page).getByRole('link', { name: 'Familie' }).click();
    await page.waitForURL(`**${state.url}/familie`);
    await page.getByText('Er is nog geen familieondersteuning vastgelegd.').waitFor();
    const fa = page.getByRole('form', { name: 'Familieondersteuning vastleggen' });
    await fa.getByLabel('Naam van het familielid').fill('Fictieve Tante');
    await fa.getByLabel('Relatie tot de betrokkene').fill('tante');
    await fa.getByRole('radio', { name: 'Wijkagent' }).check();
    await fa.getByLabel('Emotionele behoeften').fill('Zorgen over het vertrek');
    await fa.getByRole('button', { name: 'Familieondersteuning vastleggen' }).click();
    await page.locator('#fa-ok').getByText('De familieondersteuning is vastgelegd.').waitFor();
    const rel = page.getByRole('article', { name: 'Fictieve Tante (tante)' });
    await rel.getByText('Emotionele behoeften: Zorgen over het vertrek').waitFor();
    await rel.locator('summary', { hasText: 'Contact vastleggen' }).click();
    const ct = rel.getByRole('form', { name: 'Contact vastleggen' });
    await ct.getByLabel('Datum van het contact').fill(dutchDay(-1));
    await ct.getByLabel('Hoe was het contact?').fill('huisbezoek');
    await ct.getByLabel('Wat is besproken?').fill('Steun afgesproken, volgende week weer contact.');
    await ct.getByRole('button', { name: 'Contact vastleggen' }).click();
    await rel.getByText('Het contact is vastgelegd.').waitFor();
    await rel.getByRole('table', { name: 'Contacten met Fictieve Tante (tante)' }).getByText('Steun afgesproken, volgende week weer contact.').waitFor();
    await axe(page, 'familie');

    // the work list: the open tasks of this case, the overdue ones of the demo first
    await nav(page).getByRole('link', { name: 'Werklijst' }).click();
    await page.waitForURL('**/app/werklijst');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Werklijst' }), 'h1');
    const wl = page.getByRole('table', { name: 'Werklijst, te laat en vroegste datum eerst' });
    const u6 = wl.getByRole('row').filter({ hasText: 'U6 Uitschrijving uit de BRP beoordeeld' }).filter({ has: page.getByRole('link', { name: `Casus ${state.reference}` }) });
    await u6.waitFor();
    await u6.getByText(/^Nog \d+ dagen$/).waitFor();
    const firstRow = wl.getByRole('row').nth(1);
    await firstRow.getByText(/^Te laat/).waitFor(); // late items first (the demo's departed case)
    assert.equal(await wl.getByRole('row').filter({ hasText: 'U1 Aangifte van vermissing gedaan' }).filter({ has: page.getByRole('link', { name: `Casus ${state.reference}` }) }).count(), 0, 'U1 is done');
    await axe(page, 'werklijst');
    await shot(page, 'case-08-werklijst');
  });
});

test('politie (partner): ziet de strafrechtelijke, bestuurlijke en politiemaatregelen, niet de zorgmaatregel', async () => {
  assert.ok(state.id, 'needs the case of the first test');
  await withPage(browser, server, 'cases-police', async ({ page }) => {
    await loginUI(page, police);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Casussen' }).click();
    await page.waitForURL('**/app/casussen');
    await expectFocused(page, page.getByRole('heading', { level: 1, name: 'Casussen' }), 'h1');
    await page.getByRole('table', { name: 'Casussen' }).getByRole('link', { name: state.reference }).click();
    await page.waitForURL(`**${state.url}`);
    await expectFocused(page, page.getByRole('heading', { level: 1, name: `Casus ${state.reference}` }), 'h1');
    await page.locator('#case-badges').getByText('Uitvoering').waitFor();
    const glance = page.locator('#plan-measures');
    for (const kind of ['straf', 'bestuurlijk', 'politie']) {
      await glance.getByRole('link', { name: LABEL[kind] }).waitFor();
      await glance.getByText(DESC[kind]).waitFor();
    }
    let html = await page.content();
    assert.equal(html.includes(DESC.zorg), false, 'the care measure is not in the overview');
    assert.equal(html.includes(LABEL.zorg), false, 'nor its type');
    assert.equal(await page.locator('#besluiten').count(), 0, 'a partner takes no case decisions');
    assert.equal(await page.locator('form').count(), 0, 'no forms on the overview');
    await axe(page, 'casus (politie)');
    await shot(page, 'case-09-politie');

    await sub(page).getByRole('link', { name: 'Plan en maatregelen' }).click();
    await page.waitForURL(`**${state.url}/plan`);
    const table = page.getByRole('table', { name: 'Maatregelen van deze casus' });
    for (const kind of ['straf', 'bestuurlijk', 'politie']) await table.getByRole('link', { name: LABEL[kind] }).waitFor();
    assert.equal(await table.getByRole('row').count(), 4, 'three visible measures and the header');
    html = await page.content();
    assert.equal(html.includes(DESC.zorg), false, 'the care measure is not on the plan page');
    assert.equal(html.includes(LABEL.zorg), false, 'nor its type');
    await page.locator('#plan-current').getByText('Vertrek naar het buitenland voorkomen').waitFor();
    assert.equal(await page.locator('#measure-open, #plan-open').count(), 0, 'no plan or measure forms');
    await axe(page, 'plan (politie)');

    // the police measure: the owning organisation updates it
    await table.getByRole('link', { name: LABEL.politie }).click();
    await page.waitForURL(`**${state.url}/maatregelen/${state.policeId}`);
    const upd = page.getByRole('form', { name: 'Maatregel bijwerken' });
    await upd.getByLabel('Status', { exact: true }).selectOption({ label: 'Loopt' });
    await upd.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await page.locator('#mu-ok').getByText('De maatregel is bijgewerkt.').waitFor();
    await axe(page, 'maatregel (politie)');

    // the care measure by its address: not there
    await page.goto(`${state.url}/maatregelen/${state.careId}`);
    await page.locator('#measure-error').getByText('Deze maatregel bestaat niet of u mag hem niet zien.').waitFor();
    assert.equal((await page.content()).includes(DESC.zorg), false, 'the care measure is not in the page');
    await axe(page, 'zorgmaatregel (politie)');

    // the checklist: readable, no changes by the police on the municipality's items
    await page.goto(`${state.url}/checklist`);
    await page.getByRole('table', { name: 'Checklist: Uitgereisd' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Wijzigen: / }).count(), 0, 'the municipality owns these items');
    await axe(page, 'checklist (politie)');
  });
});

test('de dossierhouder van een andere gemeente ziet de casus niet', async () => {
  assert.ok(state.id, 'needs the case of the first test');
  await withPage(browser, server, 'cases-other-municipality', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    await page.goto(state.url);
    await page.locator('#case-error').getByText('Deze casus bestaat niet of u hebt er geen toegang toe.').waitFor();
    assert.equal((await page.content()).includes(DESC.straf), false);
    await axe(page, 'casus niet gevonden');
  });
});

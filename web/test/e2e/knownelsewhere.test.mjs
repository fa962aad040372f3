// Journey: "Bekend in een andere regio?" (docs/known-elsewhere.md). Two demo regions run side by
// side, paired with `regie peer add` (the second reads the key the first made). On a case of
// region A the dossierhouder finds the panel with what leaves the region; sending it empty names
// the region and the person; asking about the case's subject gives "Ja" with region B's contact
// point (B holds the same demo subject in an open case). The partner sees no panel. axe reports 0
// violations in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, regieBin, run } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

const CONTACT = 'Procesregie regio B (fictief), 010-0000000';
let a;
let b;
let browser;
let caseId;

before(async () => {
  a = await startServer();
  b = await startServer();
  const key = join(a.dataDir, 'pair.key');
  run(regieBin(), ['peer', 'add', '--data-dir', a.dataDir, '--peer', 'regio-b', '--self', 'regio-a', '--url', b.url,
    '--contact', 'Procesregie regio A (fictief)', '--key-out', key, '--ops', '1', '--mem-kib', '8']);
  run(regieBin(), ['peer', 'add', '--data-dir', b.dataDir, '--peer', 'regio-a', '--self', 'regio-b', '--url', a.url,
    '--contact', CONTACT, '--key-in', key]);
  browser = await launch();
  const dh = pick(a.accounts, (x) => x.username === 'dossierhouder', 'dossierhouder');
  await withPage(browser, a, 'ke-setup', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    const r = await (await apiCall(page, a, 'GET', '/api/cases')).json();
    caseId = (r.items || []).find((c) => c.state !== 'afgesloten')?.id;
  });
  assert.ok(caseId, 'an open demo case');
});
after(async () => {
  await browser?.close();
  await a?.stop();
  await b?.stop();
});

test('dossierhouder: vraagt regio B of de betrokkene daar bekend is, krijgt ja met contactpunt', async () => {
  const dh = pick(a.accounts, (x) => x.username === 'dossierhouder', 'dossierhouder');
  await withPage(browser, a, 'ke-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto(`/app/casussen/${caseId}`);
    const panel = page.locator('#bekend-elders');
    await panel.getByRole('heading', { name: 'Bekend in een andere regio?' }).waitFor();
    assert.match(await panel.innerText(), /geen naam of BSN/);
    await axe(page, 'bekend elders: formulier');
    await panel.getByRole('button', { name: 'Vraag stellen' }).click();
    const summary = page.locator('#ke-errors');
    await summary.waitFor();
    const text = await summary.innerText();
    assert.match(text, /Kies de regio/);
    assert.match(text, /Kies de betrokkene/);
    await axe(page, 'bekend elders: fouten');
    await panel.getByLabel('Regio').selectOption('regio-b');
    const person = panel.getByLabel('Betrokkene');
    const options = await person.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await person.selectOption(options[0]);
    await panel.getByRole('button', { name: 'Vraag stellen' }).click();
    const result = page.locator('#ke-result');
    await result.waitFor();
    const r = await result.innerText();
    assert.match(r, /Ja: bekend in een open casus in regio-b/);
    assert.ok(r.includes(CONTACT), 'the contact point of region B');
    await axe(page, 'bekend elders: antwoord');
    await shot(page, 'bekend-elders-ja');
  });
});

test('partner: ziet het paneel niet', async () => {
  const partner = pick(a.accounts, (x) => x.username === 'partner', 'partner');
  await withPage(browser, a, 'ke-partner', async ({ page }) => {
    await loginUI(page, partner);
    await page.waitForURL('**/app/start');
    const r = await (await apiCall(page, a, 'GET', '/api/cases')).json();
    const id = (r.items || [])[0]?.id;
    assert.ok(id, 'the partner takes part in a case');
    await page.goto(`/app/casussen/${id}`);
    await page.locator('h1').first().waitFor();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    assert.equal(await page.locator('#bekend-elders').count(), 0);
  });
});

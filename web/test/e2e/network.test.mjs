// Journey: the network of a case (docs/network.md). The dossierhouder opens the demo case with the
// flag "uitgereisd", goes to "Netwerk" and sees the persons (incl. "Fictieve Gedeelde Neef") and
// relations as tables; shows the graph (cytoscape, lazy chunk) at 3 steps and sees the same number
// of persons as the table; axe reports 0 violations on both views. "Ook bekend in een andere
// casus?" for the shared cousin shows a hit for "Gemeente Proefdorp" with only the municipality
// and a contact text: no Proefdorp person name and no Proefdorp case reference in the page HTML.
// Then the dossierhouder records a concern (a human judgement with a reason) for a person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
let dh;
let dh2;

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  dh2 = pick(server.accounts, (a) => a.username === 'dossierhouder2', 'dossierhouder2 (Gemeente Proefdorp)');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const sub = (page) => page.getByRole('navigation', { name: 'Onderdelen van de casus' });

test('dossierhouder: netwerk als tabel en als netwerkplaat, ook bekend in een andere casus', async () => {
  // the Proefdorp case's reference, as its own dossierhouder sees it (must never reach Voorbeeldstad)
  let proefRefs = [];
  await withPage(browser, server, 'network-proefdorp', async ({ page }) => {
    await loginUI(page, dh2);
    await page.waitForURL('**/app/start');
    const r = await apiCall(page, server, 'GET', '/api/cases');
    assert.equal(r.status(), 200);
    const j = await r.json();
    proefRefs = (j.items || []).map((x) => x.reference).filter(Boolean);
    assert.ok(proefRefs.length > 0, 'dossierhouder2 sees the Proefdorp case');
  });

  await withPage(browser, server, 'network-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await page.goto('/app/casussen?markering=uitgereisd');
    const table = page.getByRole('table', { name: 'Casussen' });
    await table.getByRole('row').nth(1).waitFor();
    await table.getByRole('row').nth(1).getByRole('link').click();
    await page.waitForURL(/\/app\/casussen\/\d+$/);
    const url = new URL(page.url()).pathname;
    const id = url.split('/').pop();
    await sub(page).getByRole('link', { name: 'Netwerk' }).click();
    await page.waitForURL(`**${url}/netwerk`);
    await page.getByRole('heading', { level: 1, name: /^Netwerk van casus / }).waitFor();

    // the table view: the persons from the API, with the shared cousin
    const persons = page.getByRole('table', { name: /^Personen in het netwerk/ });
    await persons.getByText('Fictieve Gedeelde Neef').waitFor();
    const api = await (await apiCall(page, server, 'GET', `/api/cases/${id}/network/persons`)).json();
    const rows = await persons.locator('tbody tr').count();
    assert.equal(rows, api.items.length, 'one row per person');
    assert.ok(rows >= 12, `the demo network has at least 12 persons (got ${rows})`);
    await persons.getByText('Fictieve Vader Vertrek').waitFor();
    await persons.getByText('Centrale persoon').first().waitFor();
    await persons.getByText('Niet beoordeeld').first().waitFor();
    await page.getByRole('table', { name: /^Relaties in het netwerk/ }).getByText('Ouder').first().waitFor();
    // nothing scores people
    assert.equal(/score/i.test(await page.locator('#main').innerText()), false, 'no scores anywhere');
    await axe(page, 'netwerk: tabel');
    await shot(page, 'network-01-tabel');

    // the graph: lazily loaded, same persons as the table at 3 steps
    const chunks = [];
    page.on('request', (r) => {
      if (/cytoscape/.test(r.url())) chunks.push(r.url());
    });
    await page.getByRole('button', { name: 'Toon als netwerkplaat' }).click();
    await page.getByLabel('Hoeveel stappen vanaf de centrale persoon?').selectOption('3');
    const canvas = page.locator('#network-canvas');
    await page.locator('#network-graph-summary').getByText(/tot 3 stappen/).waitFor();
    await page.waitForFunction((n) => document.getElementById('network-canvas')?.dataset.nodes === String(n), rows);
    assert.equal(await canvas.getAttribute('role'), 'img');
    assert.match(await canvas.getAttribute('aria-label'), new RegExp(`: ${rows} personen, \\d+ relaties`));
    assert.ok(chunks.length > 0, 'the cytoscape chunk is loaded on demand');
    await page.getByRole('button', { name: 'Passend maken' }).click();
    await axe(page, 'netwerk: netwerkplaat');
    await shot(page, 'network-02-netwerkplaat');
    // a smaller depth shows fewer persons
    await page.getByLabel('Hoeveel stappen vanaf de centrale persoon?').selectOption('1');
    await page.locator('#network-graph-summary').getByText(/tot 1 stap\)/).waitFor();
    // the summary can change before the canvas is redrawn: wait for the redraw (a timeout here
    // means depth 1 did not shrink the graph)
    await page.waitForFunction((n) => {
      const c = document.getElementById('network-canvas');
      return c && c.dataset.nodes && c.dataset.nodes !== String(n);
    }, rows, { timeout: 10_000 });
    const small = Number(await canvas.getAttribute('data-nodes'));
    assert.ok(small < rows, 'depth 1 shows only the direct relations');

    // "ook bekend in een andere casus" for the shared cousin
    const cousin = persons.getByRole('row').filter({ hasText: 'Fictieve Gedeelde Neef' });
    await cousin.getByRole('button', { name: /Ook bekend in een andere casus/ }).click();
    const res = cousin.locator('.regie-links__result');
    await res.getByText('Ook bekend bij Gemeente Proefdorp.').waitFor();
    await res.getByText(/neem contact op met de dossierhouder van Gemeente Proefdorp/i).waitFor();
    const html = await page.content();
    assert.equal(html.includes('Proefdorper'), false, 'no Proefdorp subject name');
    assert.equal(/Fictieve [A-Za-z]+ Proefdorp/.test(html), false, 'no Proefdorp network person name');
    for (const ref of proefRefs) assert.equal(html.includes(ref), false, `no Proefdorp case reference (${ref})`);
    await axe(page, 'netwerk: ook bekend elders');

    // a concern: a human judgement with a reason
    await persons.getByRole('button', { name: 'Kies Fictieve Vriend Vertrek' }).click();
    await page.getByRole('heading', { level: 3, name: 'Gekozen persoon: Fictieve Vriend Vertrek' }).waitFor();
    const form = page.getByRole('form', { name: 'Zorg vastleggen' });
    await form.getByRole('button', { name: 'Zorg vastleggen' }).click();
    await page.locator('#nc-errors').getByRole('link', { name: 'Vul de reden voor uw oordeel in.' }).waitFor();
    await form.getByLabel('Enige zorg').check();
    await form.getByLabel('Reden voor dit oordeel').fill('Fictief: contact met de ronselaar gezien.');
    await form.getByRole('button', { name: 'Zorg vastleggen' }).click();
    await page.locator('#nc-ok').getByText('Uw oordeel is vastgelegd.').waitFor();
    const vriend = persons.getByRole('row').filter({ hasText: 'Fictieve Vriend Vertrek' });
    await vriend.getByText(/^Enige zorg op .* door /).waitFor();
    await vriend.getByText('Reden: Fictief: contact met de ronselaar gezien.').waitFor();
    await axe(page, 'netwerk: zorg vastgelegd');
  });
});

// Journey: the dashboards ("Cijfers", docs/dashboards.md). The dossierhouder opens Cijfers from
// the navigation; every chart (Chart.js, lazy chunk) is drawn, and for EVERY chart its data
// (Chart.getChart(canvas).data, reached through the chart chunk's own export) equals the numbers
// in the table the canvas points to (data-table), cell by cell; each canvas is role="img" with a
// label naming its table; no animation under prefers-reduced-motion; the tables print; axe
// reports 0 violations. A changed period redraws the same way. The
// burgemeester sees the ambtsbericht route counted; the raadslid has no "Cijfers" in the
// navigation and gets "Geen toegang" on /app/cijfers (the API answers 403).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';
import { parseNumber } from '../../src/dashboard.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** Waits until every canvas of the page has a chart; returns [{canvasId, table, labels, datasets}]. */
async function chartsOf(page) {
  // The chart chunk's own export (Chart.getChart) reaches the charts: importing the same URL
  // gives the same module instance, so nothing is exposed globally for the test.
  const out = await page.evaluate(async () => {
    const until = Date.now() + 15000;
    while (Date.now() < until) {
      const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/chunks\/chart-[^/]+\.js$/.test(n));
      const cs = [...document.querySelectorAll('#main canvas')];
      if (url && cs.length) {
        const m = await import(url);
        if (cs.every((c) => m.getChart(c))) {
          return cs.map((c) => {
            const d = m.getChart(c).data;
            return {
              canvasId: c.id, table: c.dataset.table, role: c.getAttribute('role'), label: c.getAttribute('aria-label'),
              animation: m.getChart(c).options.animation,
              labels: d.labels.map(String), datasets: d.datasets.map((x) => ({ label: x.label, data: x.data.slice() })),
            };
          });
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  });
  assert.ok(out, 'every canvas got its chart');
  return out;
}

/** The table's row headers and the cells linked to a series (data-series/data-index). */
async function tableOf(page, id) {
  return page.evaluate((tid) => {
    const t = document.getElementById(tid);
    if (!t) return null;
    return {
      caption: t.querySelector('caption')?.textContent || '',
      rowHeaders: [...t.querySelectorAll('tbody tr > th[scope="row"]')].map((x) => x.textContent),
      colHeaders: [...t.querySelectorAll('thead th[scope="col"]')].length,
      cells: [...t.querySelectorAll('td[data-series]')].map((td) => ({ s: Number(td.dataset.series), i: Number(td.dataset.index), text: td.textContent })),
    };
  }, id);
}

/** For every chart: same labels as the row headers, and every value equal to its table cell. */
async function compareAll(page, what) {
  const charts = await chartsOf(page);
  assert.equal(charts.length, 7, `${what}: seven charts`);
  let compared = 0;
  for (const c of charts) {
    assert.equal(c.role, 'img', `${c.canvasId}: role img`);
    assert.equal(c.animation, false, `${c.canvasId}: no animation under prefers-reduced-motion`);
    assert.ok(c.table, `${c.canvasId}: data-table names its table`);
    const tb = await tableOf(page, c.table);
    assert.ok(tb, `${c.canvasId}: table ${c.table} exists`);
    assert.ok(c.label.includes(tb.caption), `${c.canvasId}: the label points to the table "${tb.caption}"`);
    assert.ok(tb.colHeaders > 1, `${c.table}: column headers with scope`);
    assert.deepEqual(tb.rowHeaders, c.labels, `${c.table}: one row per chart label, same order`);
    const total = c.datasets.reduce((a, d) => a + d.data.length, 0);
    assert.equal(tb.cells.length, total, `${c.table}: one cell per chart value`);
    for (const cell of tb.cells) {
      const want = c.datasets[cell.s].data[cell.i];
      assert.equal(parseNumber(cell.text), want ?? null, `${c.table}: series ${cell.s} "${c.datasets[cell.s].label}" row ${cell.i}`);
      compared++;
    }
  }
  return { charts, compared };
}

test('dossierhouder: elke grafiek heeft een tabel met dezelfde cijfers', async () => {
  const dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder');
  await withPage(browser, server, 'dashboard-dossierhouder', async ({ page }) => {
    const chunks = [];
    page.on('request', (r) => {
      if (/\/chunks\/chart-/.test(r.url())) chunks.push(r.url());
    });
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    assert.equal(chunks.length, 0, 'Chart.js is not loaded before the Cijfers page');
    await nav(page).getByRole('link', { name: 'Cijfers' }).click();
    await page.waitForURL('**/app/cijfers');
    await page.getByRole('heading', { level: 1, name: 'Cijfers' }).waitFor();
    for (const h of ['Meldingen per maand naar route', 'Meldingen per maand naar uitkomst', 'Casussen per fase', 'Te laat', 'Doorlooptijden', 'Opnieuw gemeld']) {
      await page.getByRole('heading', { level: 2, name: h, exact: true }).waitFor();
    }
    const { charts, compared } = await compareAll(page, 'default period');
    assert.ok(compared > 100, `many numbers compared (${compared})`);
    assert.ok(chunks.length >= 1, 'Chart.js came in its own chunk');
    // the page's numbers are the API's numbers
    const api = await (await apiCall(page, server, 'GET', '/api/dashboard')).json();
    const route = charts.find((c) => c.table === 'tabel-meldingen-route');
    assert.deepEqual(route.datasets.map((d) => d.data), api.signals_by_route.series.map((s) => s.values));
    const sum = api.signals_by_route.series.reduce((a, s) => a + s.values.reduce((x, y) => x + y, 0), 0);
    assert.ok(sum > 0, 'the demo has signals in the period');
    assert.equal(api.excluded_restricted, true);
    await page.locator('#dashboard-restricted').waitFor();
    assert.equal(route.datasets.some((d) => /ambtsbericht/i.test(d.label)), false, 'no ambtsbericht series');
    assert.equal(/Fictie/.test(await page.locator('#main').innerText()), false, 'no names on the page');
    await axe(page, 'cijfers');
    await shot(page, 'dashboard-01');

    // printed: every table prints, the period form does not
    await page.emulateMedia({ media: 'print' });
    for (const c of charts) assert.ok(await page.locator(`#${c.table}`).isVisible(), `${c.table} prints`);
    assert.equal(await page.locator('form.regie-dashboard__period').isVisible(), false, 'the period form does not print');
    await page.emulateMedia({ media: 'screen' });

    // another period: three months, redrawn; tables and charts still agree
    const months = api.months;
    await page.getByLabel('Van (maand)').fill(months[months.length - 3]);
    await page.getByLabel('Tot en met (maand)').fill(months[months.length - 1]);
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#tabel-meldingen-route tbody tr').length === 3);
    const again = await compareAll(page, 'three months');
    assert.equal(again.charts[0].labels.length, 3);

    // a bad period names the field and keeps the page
    await page.getByLabel('Van (maand)').fill(months[months.length - 1]);
    await page.getByLabel('Tot en met (maand)').fill(months[0]);
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await page.locator('#dashboard-errors').getByRole('link').first().waitFor();
    await axe(page, 'cijfers met fout');
  });
});

test('burgemeester: ambtsberichten tellen mee', async () => {
  const bm = pick(server.accounts, (a) => a.username === 'burgemeester', 'burgemeester');
  await withPage(browser, server, 'dashboard-burgemeester', async ({ page }) => {
    await loginUI(page, bm);
    await page.waitForURL('**/app/start');
    await page.goto('/app/cijfers');
    await page.getByRole('heading', { level: 1, name: 'Cijfers' }).waitFor();
    const { charts } = await compareAll(page, 'burgemeester');
    assert.equal(await page.locator('#dashboard-restricted').count(), 0);
    const route = charts.find((c) => c.table === 'tabel-meldingen-route');
    assert.ok(route.datasets.some((d) => /ambtsbericht/i.test(d.label)), 'ambtsbericht series for the burgemeester');
    await axe(page, 'cijfers burgemeester');
  });
});

test('raadslid: geen Cijfers in het menu en geen toegang tot de pagina', async () => {
  const rl = pick(server.accounts, (a) => a.username === 'raadslid', 'raadslid');
  await withPage(browser, server, 'dashboard-raadslid', async ({ page }) => {
    await loginUI(page, rl);
    await page.waitForURL('**/app/start');
    assert.equal(await nav(page).getByRole('link', { name: 'Cijfers' }).count(), 0, 'no Cijfers link');
    await page.goto('/app/cijfers');
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    assert.equal(await page.locator('#main canvas').count(), 0);
    const r = await apiCall(page, server, 'GET', '/api/dashboard');
    assert.equal(r.status(), 403);
    await axe(page, 'cijfers raadslid');
  });
});

// Journey: the council report (Raadsrapportage, docs/figures.md). The raadslid logs in and lands
// on the report: the secrecy marking as a banner, the explanation of rounding and suppression,
// three tables with captions and totals; for this whole year (the demo data) small counts show
// as "<10" and every published number is 0 or a multiple of 5 from 10; no "Exemplaar uitgeven"
// for the raadslid (the API answers 403); axe reports 0 violations. In print (A4) the marking is
// in the top and bottom margin of every page of the PDF and the menu is gone. The dossierhouder
// issues a copy to "Griffie" (an empty recipient is refused first) and sees it in the list of
// issued copies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { startServer } from './_server.mjs';
import { launch, withPage, axe, shot, loginUI, pick, apiCall } from './_browser.mjs';

let server;
let browser;
const MARKING = 'Vertrouwelijk — geheimhouding art. 25 Gemeentewet';

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
const year = String(new Date().getFullYear());

/** Chooses a period in the picker and waits for its tables. */
async function choose(page, value) {
  await page.getByLabel('Periode', { exact: true }).selectOption(value);
  await page.getByRole('button', { name: 'Cijfers tonen' }).click();
  await page.getByRole('table', { name: new RegExp(`^Ontvangen signalen, naar fenomeen .*${value}`) }).waitFor();
}

/**
 * The content streams of a (Chromium) PDF that draw text: per page the number of text objects
 * drawn before the clip to the content area, i.e. in the page margins (@page margin boxes).
 */
function pdfPages(buf) {
  const out = [];
  const re = /stream\r?\n/g;
  let m;
  while ((m = re.exec(buf.toString('latin1'))) !== null) {
    const start = m.index + m[0].length;
    const end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) break;
    let s;
    try {
      s = inflateSync(buf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!s.includes('BT')) continue;
    const clip = s.indexOf('W* n');
    const before = clip < 0 ? '' : s.slice(0, clip);
    out.push({ marginText: (before.match(/\bBT\b/g) || []).length });
  }
  return out;
}

/** Every number cell of the three tables: "<10", "0" or a multiple of 5 from 10. */
async function cellsOk(page) {
  const cells = await page.locator('.regie-council table td').allInnerTexts();
  assert.ok(cells.length > 0, 'number cells');
  for (const c of cells) {
    if (c === '<10' || c === '0') continue;
    const n = Number(c.replace(/\./g, ''));
    assert.ok(Number.isInteger(n) && n >= 10 && n % 5 === 0, `published cell ${c}`);
  }
  return cells;
}

test('raadslid: landt op de raadsrapportage, ziet markering, uitleg en tabellen', async () => {
  const rl = pick(server.accounts, (a) => a.username === 'raadslid', 'raadslid');
  await withPage(browser, server, 'figures-raadslid', async ({ page }) => {
    await loginUI(page, rl);
    await page.waitForURL('**/app/start');
    await page.getByRole('heading', { level: 1, name: 'Raadsrapportage' }).waitFor();
    await page.getByRole('note').getByText(MARKING).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Hoe u deze cijfers leest' }).waitFor();
    assert.match(await page.locator('#raad-uitleg').innerText(), /veelvoud van 5/);
    // the default period: the last complete quarter; then the whole year with the demo data
    await choose(page, year);
    // wait for the tables of the chosen period before counting (a loaded machine renders late)
    for (const name of [/^Casussen in de aanpak/, /^Ontvangen signalen/, /^Lopende maatregelen/]) {
      await page.getByRole('table', { name }).waitFor();
    }
    const tables = page.locator('.regie-council table');
    assert.equal(await tables.count(), 3, 'three tables');
    const cells = await cellsOk(page);
    assert.ok(cells.includes('<10'), 'small counts are shown as <10');
    await page.getByRole('table', { name: /^Ontvangen signalen/ }).getByRole('rowheader', { name: 'Gemeente Voorbeeldstad' }).waitFor();
    // nothing about people, and nothing to issue for the raadslid
    const text = await page.locator('#main').innerText();
    assert.equal(/Fictie(f|ve)/.test(text), false, 'no demo names or free text');
    assert.equal(await page.getByRole('heading', { name: 'Exemplaar uitgeven' }).count(), 0);
    const s = await (await apiCall(page, server, 'GET', '/api/session')).json();
    const r = await apiCall(page, server, 'POST', '/api/figures/council/copies', { csrf: s.csrf_token, data: { period: year, recipient: 'Griffie' } });
    assert.equal(r.status(), 403);
    await axe(page, 'raadsrapportage raadslid');
    await shot(page, 'figures-01-raadslid');

    // the menu entry leads to the same report
    await nav(page).getByRole('link', { name: 'Raadsrapportage' }).click();
    await page.waitForURL('**/app/raadsrapportage');
    await page.getByRole('heading', { level: 1, name: 'Raadsrapportage' }).waitFor();
    assert.equal(await nav(page).getByRole('link', { name: 'Raadsrapportage' }).getAttribute('aria-current'), 'page');
    await page.getByRole('table', { name: /^Ontvangen signalen/ }).waitFor();
    await axe(page, 'raadsrapportage via menu');

    // print: the banner stays, no menu and no period picker; the print stylesheet puts the
    // marking in the top and bottom margin of every page (A4), which the PDF shows: on every page
    // text is drawn outside the page's content area (before its clip)
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('note').getByText(MARKING).isVisible(), true, 'banner in print');
    assert.equal(await page.locator('.regie-nav').isVisible(), false, 'no menu in print');
    assert.equal(await page.locator('.regie-council__period').isVisible(), false, 'no period picker in print');
    const rule = await page.evaluate(() => {
      for (const sh of document.styleSheets) {
        for (const r of sh.cssRules) {
          if (!(r instanceof CSSMediaRule) || !/print/.test(r.media.mediaText)) continue;
          for (const x of r.cssRules) if (x instanceof CSSPageRule && x.selectorText === 'regie-council') return x.cssText;
        }
      }
      return '';
    });
    assert.match(rule, /size: a4/i, 'A4 page');
    assert.match(rule, /@top-center[^}]*Vertrouwelijk/, 'marking at the top of every page');
    assert.match(rule, /@bottom-center[^}]*Vertrouwelijk/, 'marking at the bottom of every page');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdfPages(pdf);
    assert.ok(pages.length >= 1, 'a PDF page');
    for (const [i, p] of pages.entries()) assert.ok(p.marginText >= 2, `page ${i + 1}: marking in the margins`);
    await page.emulateMedia({ media: 'screen' });
  });
});

test('dossierhouder: exemplaar uitgeven aan de griffie, en de lijst van uitgegeven exemplaren', async () => {
  const dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder');
  await withPage(browser, server, 'figures-dossierhouder', async ({ page }) => {
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    await nav(page).getByRole('link', { name: 'Raadsrapportage' }).click();
    await page.waitForURL('**/app/raadsrapportage');
    await choose(page, year);
    await cellsOk(page);
    await page.getByRole('heading', { level: 2, name: 'Exemplaar uitgeven' }).waitFor();
    await page.getByText('Voor deze periode zijn nog geen exemplaren uitgegeven.').waitFor();
    // empty recipient: refused in the page, summary links to the field
    await page.getByRole('button', { name: 'Exemplaar uitgeven' }).click();
    const summary = page.locator('#uitgeven-fouten');
    await summary.getByRole('link', { name: 'Vul de ontvanger in.' }).waitFor();
    await axe(page, 'exemplaar uitgeven zonder ontvanger');
    await page.getByLabel('Ontvanger').fill('Griffie');
    await page.getByRole('button', { name: 'Exemplaar uitgeven' }).click();
    await page.locator('#uitgeven-klaar').getByText(/^Exemplaar \d+ is uitgegeven aan Griffie\.$/).waitFor();
    const copies = page.getByRole('table', { name: /^Uitgegeven exemplaren/ });
    await copies.getByText('Griffie').waitFor();
    await copies.getByText('Daan Dossier (demo)').waitFor();
    await axe(page, 'exemplaar uitgegeven');
    await shot(page, 'figures-02-exemplaar');
  });
});

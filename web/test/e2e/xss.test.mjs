// Stored XSS (issue 12 item 4): a corpus of 240 payloads (30 classic vectors in 8 contexts) is
// stored through the API in the text fields of signals (subject name and description, reporter
// name, function and contact, the observed text: 24 payloads per signal), key figures (every text field) and the support
// directory, and the pages that show them are rendered in Chromium. Pass: no payload runs (every
// payload calls window.__xss(n), counted by an init script, also from frames), no element from a
// payload exists in the DOM (each carries data-xss), no javascript: link exists, no dialog opens,
// and the payloads are visible as text (so the test saw them rendered, not dropped).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './_server.mjs';
import { launch, withPage, openPage, loginUI, pick, apiCall } from './_browser.mjs';
import { freshCode } from './_totp.mjs';

const VECTORS = [
  '<script data-xss="{n}">__xss({n})</script>',
  '<img src=x data-xss="{n}" onerror="__xss({n})">',
  '<svg data-xss="{n}" onload="__xss({n})"></svg>',
  '"><img src=x data-xss="{n}" onerror=__xss({n})>',
  "'><svg/data-xss={n}/onload=__xss({n})>",
  '<iframe data-xss="{n}" srcdoc="<script>parent.__xss({n})</script>"></iframe>',
  '<a data-xss="{n}" href="javascript:__xss({n})">klik</a>',
  '<details data-xss="{n}" open ontoggle="__xss({n})">',
  '<body data-xss="{n}" onload="__xss({n})">',
  '<input data-xss="{n}" autofocus onfocus="__xss({n})">',
  '<video data-xss="{n}"><source onerror="__xss({n})"></video>',
  '<math><mtext><table><mglyph><style><img data-xss="{n}" src=x onerror=__xss({n})>',
  '<object data-xss="{n}" data="javascript:__xss({n})"></object>',
  '<embed data-xss="{n}" src="javascript:__xss({n})">',
  '<style>@import "javascript:__xss({n})";</style><b data-xss="{n}">',
  '<marquee data-xss="{n}" onstart="__xss({n})">x</marquee>',
  'javascript:__xss({n})',
  '{{constructor.constructor("__xss({n})")()}}',
  '${__xss({n})}',
  '<div data-xss="{n}" style="background:url(javascript:__xss({n}))">',
  '<form data-xss="{n}"><button formaction="javascript:__xss({n})">x</button></form>',
  '<meta data-xss="{n}" http-equiv="refresh" content="0;url=javascript:__xss({n})">',
  '<base data-xss="{n}" href="javascript:__xss({n})//">',
  '<link data-xss="{n}" rel="stylesheet" href="data:text/css,*{}">',
  '<template><img data-xss="{n}" src=x onerror=__xss({n})></template>',
  '<noscript><p title="</noscript><img data-xss={n} src=x onerror=__xss({n})>">',
  '<scr<script>ipt data-xss="{n}">__xss({n})</scr</script>ipt>',
  '%3Cimg%20src%3Dx%20data-xss%3D{n}%20onerror%3D__xss({n})%3E',
  '&lt;img src=x data-xss={n} onerror=__xss({n})&gt;',
  '<img src=x data-xss="{n}" onerror="&#95;&#95;xss({n})">',
];
const CONTEXTS = ['{p}', 'Naam {p}', '{p} einde', '</textarea>{p}', '</title>{p}', '<!--{p}-->', '"{p}', "'{p}"];
const PAYLOADS = [];
for (const c of CONTEXTS) for (const v of VECTORS) {
  const n = PAYLOADS.length;
  PAYLOADS.push(c.replace('{p}', v.replaceAll('{n}', String(n))));
}
const N = PAYLOADS.length;
const P = (i) => PAYLOADS[i % N];
const PER_SIGNAL = 24; // 5 one-line fields + 19 lines of the observed text
const SIGNALS = N / PER_SIGNAL; // 10 signals cover every payload once

let server;
let browser;
let dh;
let admin;
const ids = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  dh = pick(server.accounts, (a) => a.username === 'dossierhouder', 'dossierhouder (Gemeente Voorbeeldstad)');
  admin = pick(server.accounts, (a) => a.roles.includes('beheerder'), 'beheerder');
  const { context, page } = await openPage(browser, server.url);
  try {
    const login = async (acc) => {
      const r = await apiCall(page, server, 'POST', '/api/session', {
        data: { username: acc.username, password: acc.password, totp: (await freshCode(acc)).code },
      });
      assert.equal(r.status(), 201, `login ${acc.username}`);
      return (await r.json()).csrf_token;
    };
    let csrf = await login(dh);
    for (let k = 0; k < SIGNALS; k++) {
      const b = k * PER_SIGNAL;
      const r = await apiCall(page, server, 'POST', '/api/signals', {
        csrf,
        data: {
          route: 'signaleringsoverleg',
          reporter: { kind: 'named', name: P(b + 2), function: P(b + 3), contact: P(b + 4) },
          subjects: [{ kind: 'person', name: P(b), description: P(b + 1) }],
          observed: Array.from({ length: PER_SIGNAL - 5 }, (_, i) => P(b + 5 + i)).join('\n'),
          acute: { danger: false },
        },
      });
      assert.equal(r.status(), 201, `signal ${k}: ${r.status()}`);
      ids.push((await r.json()).id);
    }
    for (let k = 0; k < 4; k++) {
      const r = await apiCall(page, server, 'POST', '/api/key-figures', {
        csrf,
        data: {
          level: 'ambtelijk', consent_date: new Date().toISOString().slice(0, 10), organisation: P(k * 5), role: P(k * 5 + 1), contact_name: P(k * 5 + 2),
          consent_note: P(k * 5 + 3), note: P(k * 5 + 4),
        },
      });
      if (r.status() !== 201) {
        // The level codes are the register's own list: take the first one it offers.
        const body = await r.json();
        assert.fail(`key figure ${k}: ${r.status()} ${JSON.stringify(body.errors || body.detail)}`);
      }
    }
    await apiCall(page, server, 'DELETE', '/api/session', { csrf });
    csrf = await login(admin);
    for (let k = 0; k < 3; k++) {
      const r = await apiCall(page, server, 'POST', '/api/support', {
        csrf, data: { name: P(k * 3), description: P(k * 3 + 1), contact: P(k * 3 + 2) },
      });
      assert.equal(r.status(), 201, `support ${k}: ${r.status()}`);
    }
  } finally {
    await context.close();
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What a rendered page shows of the corpus: hits (payloads that ran), payload elements in the
 * DOM, javascript: links, and how many payloads are visible as text. */
async function inspect(page) {
  return page.evaluate((payloads) => {
    const text = document.body.innerText;
    return {
      hits: window.__xssHits.slice(),
      elements: document.querySelectorAll('[data-xss]').length,
      jsLinks: [...document.querySelectorAll('a[href],iframe[src],form[action]')]
        .filter((x) => /^\s*javascript:/i.test(x.getAttribute('href') || x.getAttribute('src') || x.getAttribute('action') || '')).length,
      shown: payloads.filter((p) => text.includes(p)).length,
    };
  }, PAYLOADS);
}

async function visit(page, path, ready) {
  await page.goto(path);
  await ready.waitFor();
  await page.waitForLoadState('networkidle');
  return inspect(page);
}

function prepare(context, page, dialogs) {
  page.on('dialog', (d) => { dialogs.push(d.type()); d.dismiss().catch(() => {}); });
  return context.addInitScript(() => {
    window.__xssHits = [];
    window.__xss = (n) => window.__xssHits.push(n);
  });
}

test(`${N} XSS payloads in signal fields render as inert text (list and every detail page)`, async () => {
  await withPage(browser, server, 'xss-signals', async ({ context, page }) => {
    const dialogs = [];
    await prepare(context, page, dialogs);
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    const seen = new Set();
    let shownTotal = 0;
    const list = await visit(page, '/app/meldingen', page.getByRole('table', { name: 'Meldingen, nieuwste eerst' }));
    assert.deepEqual(list.hits, [], 'payloads ran on the list');
    assert.equal(list.elements, 0, 'payload elements in the list DOM');
    for (const id of ids) {
      const r = await visit(page, `/app/meldingen/${id}`, page.getByRole('heading', { level: 1, name: /^Melding M-/ }));
      assert.deepEqual(r.hits, [], `payloads ran on signal ${id}`);
      assert.equal(r.elements, 0, `payload elements in the DOM of signal ${id}`);
      assert.equal(r.jsLinks, 0, `javascript: links on signal ${id}`);
      shownTotal += r.shown;
      const txt = await page.evaluate(() => document.body.innerText);
      PAYLOADS.forEach((p, i) => { if (txt.includes(p)) seen.add(i); });
    }
    assert.deepEqual(dialogs, [], 'dialogs opened');
    // Every payload was stored and shown somewhere as text (whitespace-normalising layouts
    // could hide a few; none of these payloads has a run of spaces or a leading space).
    assert.equal(seen.size, N, `payloads visible as text: ${seen.size} of ${N}`);
    assert.ok(shownTotal >= N, 'payload text rendered');
    console.log(`xss: ${N} payloads, ${ids.length + 1} signal pages, 0 executed, 0 payload elements`);
  });
});

test('XSS payloads in the key-figure register and the support directory render as inert text', async () => {
  await withPage(browser, server, 'xss-registers', async ({ context, page }) => {
    const dialogs = [];
    await prepare(context, page, dialogs);
    await loginUI(page, dh);
    await page.waitForURL('**/app/start');
    const pages = [
      ['/app/sleutelfiguren', page.getByRole('heading', { level: 1, name: 'Sleutelfiguren' })],
      ['/app/steunpunten', page.getByRole('heading', { level: 1, name: 'Steunpunten' })],
    ];
    for (const [path, ready] of pages) {
      const r = await visit(page, path, ready);
      assert.deepEqual(r.hits, [], `payloads ran on ${path}`);
      assert.equal(r.elements, 0, `payload elements on ${path}`);
      assert.equal(r.jsLinks, 0, `javascript: links on ${path}`);
      assert.ok(r.shown > 0, `payload text shown on ${path}`);
    }
    assert.deepEqual(dialogs, [], 'dialogs opened');
  });
});

// Builds the browser UI into web/dist/ (run from anywhere: paths are relative to this file).
// Output: index.html (no inline script or style, so the server's strict CSP holds), hashed JS/CSS,
// fonts under assets/, *.LEGAL.txt licence notices, source maps and manifest.json.
import * as esbuild from 'esbuild';
import { rmSync, mkdirSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
process.chdir(root);
const out = 'dist';
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const r = await esbuild.build({
  entryPoints: { app: 'src/main.jsx', style: 'src/styles/app.css' },
  outdir: out, bundle: true, splitting: true, format: 'esm', target: 'es2022', minify: true,
  jsx: 'automatic', jsxImportSource: 'preact', sourcemap: 'linked', legalComments: 'linked',
  entryNames: '[name]-[hash]', chunkNames: 'chunks/[name]-[hash]', assetNames: 'assets/[name]-[hash]',
  loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' }, metafile: true, logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outs = Object.entries(r.metafile.outputs);
const find = (e) => outs.find(([, m]) => m.entryPoint === e)[0].slice(out.length + 1);
const js = find('src/main.jsx');
const css = find('src/styles/app.css');

const html = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Regie</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" id="__________cytoscape_stylesheet" href="/${css}">
<script type="module" src="/${js}"></script>
</head>
<body class="voorbeeld-theme regie-theme utrecht-document">
<div id="app"></div>
<noscript><p class="utrecht-paragraph">Deze applicatie heeft JavaScript nodig. Zet JavaScript aan in uw browser.</p></noscript>
</body>
</html>
`;
// Guard: the CSP forbids inline script and style; fail the build if anything slips in.
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /<style\b/i.test(html) || /\sstyle=/i.test(html) || /\son[a-z]+=/i.test(html)) {
  throw new Error('index.html contains inline script or style');
}
writeFileSync(`${out}/index.html`, html);
cpSync('public', out, { recursive: true });
writeFileSync(`${out}/manifest.json`, JSON.stringify({ js, css }, null, 2) + '\n');

// Size budget (gzip) for the first load; fail loudly when exceeded.
const budget = { [js]: 40 * 1024, [css]: 60 * 1024 };
const report = [];
for (const [file, max] of Object.entries(budget)) {
  const gz = gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
  report.push(`${file} ${(gz / 1024).toFixed(1)} KB gz (budget ${max / 1024} KB)`);
  if (gz > max) throw new Error(`size budget exceeded: ${file} is ${gz} bytes gz, budget ${max}`);
}
console.log(`built ${out}/: ${report.join('; ')}`);

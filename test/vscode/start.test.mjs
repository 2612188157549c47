#!/usr/bin/env node
// Checks `npm start` as a new user meets it: its server (started in-process, as
// scripts/start.mjs does, without tests) shows samples/ in the Explorer, offers
// the extension's commands, opens a sample from the Explorer's context menu and
// the tutorial from the palette, and the page stays on localhost. Screenshots:
// media/screenshots/npm-start-explorer.png, explorer-context-menu.png, walkthrough.png.
// Run alone: node test/vscode/start.test.mjs (test/vscode/run.mjs runs it too).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, root } from '../../scripts/web-server.mjs';
import { samplesDir, startDemoServer } from '../../scripts/start.mjs';
import { launchChromium } from './chromium.mjs';

const explorerRows = '.explorer-folders-view .monaco-list-row';
const waitMs = 90_000;

/**
 * Polls the webview frames (a panel's content runs in a nested iframe) until one satisfies
 * `probe`, evaluated in the frame; returns its result.
 */
async function findInWebviews(page, probe, arg, what, timeoutMs = waitMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(probe, arg).catch(() => null);
      if (found) return found;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: not found in any webview after ${timeoutMs / 1000} s`);
}

/** The webview frame holding an element matching `selector`. */
async function frameWith(page, selector, what, timeoutMs = waitMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: no webview has ${selector} after ${timeoutMs / 1000} s`);
}

/** Runs a command by its palette title, retrying while the late Welcome page steals focus. */
async function runFromPalette(page, title) {
  const input = page.locator('.quick-input-widget input.input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.fill(`>${title}`, { timeout: 5_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt === 6) throw new Error(`"${title}" is not in the command palette (${String(e).split('\n')[0]})`);
      await page.keyboard.press('Escape');
    }
  }
}

/** Top-level rows of the Explorer tree, by their aria-label (the file name). */
function topLevelNames(page) {
  return page.$$eval(explorerRows, (rows) => rows.filter((row) => row.getAttribute('aria-level') === '1').map((row) => row.getAttribute('aria-label') ?? ''));
}

/** @returns {Promise<{ passed: number, failed: number }>} */
export async function checkStartServer() {
  // Dot files are hidden by files.exclude (.DS_Store, .git) or not interesting.
  const expected = readdirSync(samplesDir)
    .filter((name) => !name.startsWith('.'))
    .sort();
  if (expected.length === 0) throw new Error(`${samplesDir} is empty: nothing to look for in the Explorer`);
  const server = await startDemoServer({ port: await freePort() });
  const results = { passed: 0, failed: 0 };
  /** Runs one named check, printing ✔/✘ like mocha's spec reporter. */
  const check = async (name, body) => {
    try {
      await body();
      results.passed++;
      console.log(`    ✔ ${name}`);
    } catch (e) {
      results.failed++;
      console.log(`    ✘ ${name}\n      ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  };
  let browser;
  try {
    browser = await launchChromium({ viewport: { width: 1280, height: 1000 } });
    const { page } = browser;
    console.log(`  npm start (${server.url}, samples/)`);
    await page.goto(server.url);

    await check(`the Explorer lists the ${expected.length} sample entries`, async () => {
      await page
        .waitForFunction(
          ({ selector, names }) => {
            const labels = new Set([...document.querySelectorAll(selector)].map((row) => row.getAttribute('aria-label')));
            return names.every((name) => labels.has(name));
          },
          { selector: explorerRows, names: expected },
          { timeout: waitMs },
        )
        .catch(async () => {
          const shown = await topLevelNames(page);
          const missing = expected.filter((name) => !shown.includes(name));
          throw new Error(`missing from the Explorer: ${missing.join(', ')} (it shows: ${shown.join(', ') || 'nothing'})`);
        });
      mkdirSync(path.join(root, 'media/screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'media/screenshots/npm-start-explorer.png') });
    });

    await check('the command palette offers the Pooling Lens commands', async () => {
      // The palette closes when focus moves (the Welcome page opens late), so retry.
      const input = page.locator('.quick-input-widget input.input');
      const offered = () =>
        page.waitForFunction(
          () =>
            [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((row) =>
              (row.getAttribute('aria-label') ?? '').startsWith('Pooling Lens: '),
            ),
          undefined,
          { timeout: 5_000 },
        );
      for (let attempt = 1; ; attempt++) {
        try {
          await page.keyboard.press('F1');
          await input.fill('>Pooling Lens', { timeout: 5_000 });
          await offered();
          break;
        } catch (e) {
          if (attempt === 6) throw new Error(`no "Pooling Lens: …" entry in the command palette (${String(e).split('\n')[0]})`);
          console.log(`      (command palette attempt ${attempt} failed, retrying)`);
          await page.keyboard.press('Escape');
        }
      }
      await page.keyboard.press('Escape');
    });

    await check('right-click a sample in the Explorer → Visualize Pooling opens its panel', async () => {
      const name = 'tutorial-5x5.csv';
      const row = page.locator(`${explorerRows}[aria-label="${name}"]`);
      const item = page.locator('.monaco-menu .action-label', { hasText: /^Visualize Pooling$/ });
      // The context menu closes if focus moves (the Welcome page opening late): retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await row.click({ button: 'right', timeout: 10_000 });
          await item.waitFor({ timeout: 5_000 });
          await page.screenshot({ path: path.join(root, 'media/screenshots/explorer-context-menu.png') });
          await item.click({ timeout: 5_000 });
          break;
        } catch (e) {
          if (attempt === 4) throw new Error(`no "Visualize Pooling" in the Explorer's context menu of ${name} (${String(e).split('\n')[0]})`);
          console.log(`      (context menu attempt ${attempt} failed, retrying)`);
          await page.keyboard.press('Escape');
        }
      }
      await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: waitMs });
      const title = await findInWebviews(
        page,
        (fileName) => {
          const el = document.querySelector('.pl-file-title');
          const main = document.querySelector('.pl-main');
          return el?.textContent === fileName && main && !main.hidden ? el.textContent : null;
        },
        name,
        `a Pooling Lens panel showing ${name}`,
      );
      if (title !== name) throw new Error(`the panel shows ${title}, not ${name}`);
    });

    await check('Open Tutorial from the palette shows the explanation above the grids', async () => {
      await runFromPalette(page, 'Pooling Lens: Open Tutorial');
      const intro = await findInWebviews(
        page,
        () => {
          const box = document.querySelector('.pl-intro');
          return box && !box.hidden ? box.textContent : null;
        },
        undefined,
        'the tutorial explanation',
      );
      for (const text of ['[[7, 9], [17, 19]]', 'floor((H + 2p − d(k−1) − 1)/s) + 1', '(H − k + 1)/s']) {
        if (!intro.includes(text)) throw new Error(`the explanation lacks "${text}": ${intro.slice(0, 300)}`);
      }
    });

    await check('the explanation can be hidden, stays hidden when the tab is shown again, and comes back from the header', async () => {
      const frame = await frameWith(page, '.pl-intro', 'the tutorial explanation');
      await frame.evaluate(() => {
        window.__poolingLensBeforeSwitch = true;
      });
      await frame.locator('.pl-intro-close').click();
      await frame.locator('.pl-intro').waitFor({ state: 'hidden', timeout: 5_000 });
      await frame.locator('.pl-intro-reopen').waitFor({ state: 'visible', timeout: 5_000 });
      // Another tab in front, then the tutorial again: its webview starts afresh.
      await page.locator('.tabs-container .tab', { hasText: 'tutorial-5x5.csv' }).first().click();
      await page.locator('.tabs-container .tab', { hasText: 'Pooling Tutorial' }).first().click();
      const again = await frameWith(page, '.pl-intro-reopen:not([hidden])', 'the header button after the tab came back');
      if (await again.evaluate(() => window.__poolingLensBeforeSwitch === true)) throw new Error('the webview was not reloaded: switching tabs proved nothing');
      if (await again.locator('.pl-intro').isVisible()) throw new Error('the hidden explanation came back after switching tabs');
      await again.locator('.pl-intro-reopen').click();
      await again.locator('.pl-intro').waitFor({ state: 'visible', timeout: 5_000 });
    });

    await check('the walkthrough is listed and shows its steps (screenshot walkthrough)', async () => {
      await runFromPalette(page, 'Welcome: Open Walkthrough');
      const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Pooling Lens' }).first();
      await entry.waitFor({ timeout: 15_000 });
      await entry.click();
      for (const step of ['Open the tutorial', 'Open a data file', 'Hover an array in your code', 'Change the parameters']) {
        await page.locator('.getting-started-step', { hasText: step }).first().waitFor({ timeout: 15_000 });
      }
      await page.waitForTimeout(800); // the step's Markdown renders in a webview
      await page.screenshot({ path: path.join(root, 'media/screenshots/walkthrough.png') });
    });

    await check('no request left localhost', async () => {
      if (browser.offsite.length > 0) throw new Error(`requests off localhost: ${browser.offsite.join(', ')}`);
    });
  } finally {
    await browser?.close();
    await server.close();
  }
  return results;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const { passed, failed } = await checkStartServer();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

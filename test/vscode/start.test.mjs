#!/usr/bin/env node
// Checks `npm start` as a new user meets it: scripts/start.mjs, run as its own process
// (without its build step: the runner has built), prints one address and nothing else
// while the workbench is used; the workbench shows samples/ in the Explorer, offers
// the extension's commands, opens a sample from the Explorer's context menu and
// the tutorial from the palette, and the page stays on localhost. Screenshots:
// media/screenshots/npm-start-explorer.png, explorer-context-menu.png, walkthrough.png.
// Run alone: node test/vscode/start.test.mjs (test/vscode/run.mjs runs it too).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, root } from '../../scripts/web-server.mjs';
import { banner, samplesDir } from '../../scripts/start.mjs';
import { launchChromium } from './chromium.mjs';
import { explorerRows, findInWebviews, frameWith, runFromPalette, visualizeFromExplorer, waitMs } from './workbench.mjs';

/** Top-level rows of the Explorer tree, by their aria-label (the file name). */
function topLevelNames(page) {
  return page.$$eval(explorerRows, (rows) => rows.filter((row) => row.getAttribute('aria-level') === '1').map((row) => row.getAttribute('aria-label') ?? ''));
}

/**
 * Runs `node scripts/start.mjs --no-build` on `port` and resolves once it has printed its
 * banner; `output()` is everything it printed so far, `stop()` sends Ctrl-C's SIGINT and
 * resolves with its exit code.
 */
async function spawnStart(port) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--no-build'], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (output += text));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const until = Date.now() + waitMs;
  while (!output.includes('Ctrl-C stops the server.')) {
    const gone = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 100))]);
    if (gone !== undefined || Date.now() > until) {
      child.kill();
      throw new Error(`npm start ${gone !== undefined ? `exited (${gone})` : 'printed no address'}:\n${output}`);
    }
  }
  return {
    output: () => output,
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** @returns {Promise<{ passed: number, failed: number }>} */
export async function checkStartServer() {
  // Dot files are hidden by files.exclude (.DS_Store, .git) or not interesting.
  const expected = readdirSync(samplesDir)
    .filter((name) => !name.startsWith('.'))
    .sort();
  if (expected.length === 0) throw new Error(`${samplesDir} is empty: nothing to look for in the Explorer`);
  const port = await freePort();
  const url = `http://vscode.localhost:${port}`;
  const server = await spawnStart(port);
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
    console.log(`  npm start (${url}, samples/)`);
    await page.goto(url);

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
      await visualizeFromExplorer(page, name, {
        onMenu: () => page.screenshot({ path: path.join(root, 'media/screenshots/explorer-context-menu.png') }),
      });
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

    await page.reload(); // a reload answers from the cache (304s), which the server must not log either
    await page.locator(explorerRows).first().waitFor({ timeout: waitMs });
  } finally {
    await browser?.close();
  }
  const output = server.output();
  const code = await server.stop();
  await check('npm start printed one address to open, and nothing else while the workbench was used', async () => {
    const addresses = output.match(/\bhttps?:\/\/[^\s'"]+/g) ?? [];
    if (addresses.length !== 1 || addresses[0] !== url) throw new Error(`addresses printed: ${addresses.join(', ') || 'none'} (expected only ${url})`);
    const expected = banner(url).split('\n');
    const extra = output.split('\n').filter((line) => !expected.includes(line));
    if (extra.length > 0)
      throw new Error(
        `unexpected output: ${extra
          .slice(0, 5)
          .map((line) => JSON.stringify(line))
          .join(', ')}`,
      );
  });
  await check('Ctrl-C stops npm start with exit code 0', async () => {
    if (code !== 0) throw new Error(`exit ${code}`);
  });
  return results;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const { passed, failed } = await checkStartServer();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

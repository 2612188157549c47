#!/usr/bin/env node
// Checks `npm start` as a new user meets it: its server (started in-process, as
// scripts/start.mjs does, without tests) shows samples/ in the Explorer, offers
// the extension's commands, and the page stays on localhost. A screenshot of the
// Explorer goes to media/screenshots/npm-start-explorer.png.
// Run alone: node test/vscode/start.test.mjs (test/vscode/run.mjs runs it too).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, root } from '../../scripts/web-server.mjs';
import { samplesDir, startDemoServer } from '../../scripts/start.mjs';
import { launchChromium } from './chromium.mjs';

const explorerRows = '.explorer-folders-view .monaco-list-row';
const waitMs = 90_000;

/** Top-level rows of the Explorer tree, by their aria-label (the file name). */
function topLevelNames(page) {
  return page.$$eval(explorerRows, (rows) =>
    rows.filter((row) => row.getAttribute('aria-level') === '1').map((row) => row.getAttribute('aria-label') ?? ''),
  );
}

/** @returns {Promise<{ passed: number, failed: number }>} */
export async function checkStartServer() {
  // Dot files are hidden by files.exclude (.DS_Store, .git) or not interesting.
  const expected = readdirSync(samplesDir).filter((name) => !name.startsWith('.')).sort();
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

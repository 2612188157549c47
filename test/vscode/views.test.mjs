#!/usr/bin/env node
// The panel's Compare view in a real VS Code for the Web, driven as a user drives it: Open
// Tutorial from the palette, the parameters typed into the form, the Compare tab opened with
// the arrow keys, a cell selected with the keyboard, Copy as code pressed, the colour theme
// picked, and the window reloaded (Developer: Reload Window, so VS Code's own panel serializer
// restores it). What the columns show is checked against src/compare (computed here) and the
// torch-made fixture test/fixtures/compare/torch.json. Screenshots: media/screenshots/
// compare-light.png, compare-workbench-dark.png.
// Run alone: node test/vscode/views.test.mjs (test/vscode/run.mjs runs it too).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startWebServer } from '../../scripts/web-server.mjs';
import { auditTextContrast } from '../browser/contrast.mjs';
import { columnRows, expectedComparison, FRAMEWORKS, markedCells, outlinedCells, tutorialBlock } from '../browser/compareExpected.mjs';
import { launchChromium } from './chromium.mjs';
import { explorerRows, frameWith, pickColorTheme, runFromPalette, waitMs } from './workbench.mjs';

const screenshotDir = path.join(root, 'media/screenshots');
const LABEL = { pytorch: 'PyTorch', keras: 'Keras', onnx: 'ONNX' };
// VS Code's default theme of each kind, by the label its picker shows, and how it marks the
// workbench and the webview's body.
const THEMES = {
  light: { name: 'Light Modern', workbench: 'vs', body: 'vscode-light' },
  dark: { name: 'Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  'hc-dark': { name: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  'hc-light': { name: 'Light High Contrast', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
};

/** torch's own outputs for the done-when cases (made by test/compare/gen-torch-fixture.ts). */
const torchCases = JSON.parse(readFileSync(path.join(root, 'test/fixtures/compare/torch.json'), 'utf8')).cases;
function torchRows(name) {
  const c = torchCases.find((x) => x.name === name);
  assert.ok(c, `torch.json has the case “${name}”`);
  const [h, w] = c.shape;
  const y = c.y.map(Number);
  return Array.from({ length: h }, (_, r) => y.slice(r * w, (r + 1) * w));
}

/** The panel's webview frame (the one with the Compare tab). */
const panelFrame = (page) => frameWith(page, '.pl-tabs [role="tab"]', 'the Pooling Lens panel');

/** Types `text` into the form's input labelled `label` with the keyboard, replacing what is there. */
async function typeInto(frame, label, text) {
  const input = frame.getByLabel(label, { exact: true });
  await input.focus();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
}

/** The numbers a column's grid shows, and which cells it outlines (the panel's test hook). */
const shownCells = (frame, framework) => frame.evaluate((f) => window.__poolingLens?.cells(f) ?? null, framework);

/** Waits until the PyTorch column shows `rows` (the panel recomputes a moment after an edit). */
async function waitForColumn(frame, framework, rows, what) {
  const want = JSON.stringify(rows);
  try {
    await frame.waitForFunction(([f, w]) => JSON.stringify(window.__poolingLens?.cells(f)?.values) === w, [framework, want], { timeout: 20_000 });
  } catch {
    throw new Error(`${what}: the ${LABEL[framework]} column shows ${JSON.stringify((await shownCells(frame, framework))?.values)}, expected ${want}`);
  }
}

/** Every column's numbers, outlines and call, the status line and the listed reasons equal `cmp`'s. */
async function checkColumns(frame, cmp) {
  for (const col of cmp.columns) {
    assert.ok(col.ok, `${col.framework} expresses the tutorial setting`);
    const shown = await shownCells(frame, col.framework);
    assert.deepEqual(shown?.values, columnRows(col), `${LABEL[col.framework]}'s numbers`);
    assert.deepEqual(markedCells(shown.marked), outlinedCells(cmp, col), `${LABEL[col.framework]}'s outlined cells`);
    const call = await frame.locator(`.pl-compare-col[data-framework="${col.framework}"] .pl-compare-call`).textContent();
    assert.equal(call, col.reading.call, `${LABEL[col.framework]}'s layer call`);
  }
  const reasons = await frame.locator('.pl-compare-reasons .pl-compare-reason-text').allTextContents();
  assert.deepEqual(
    reasons,
    cmp.reasons.map((r) => r.text),
    'the listed reasons',
  );
  const status = await frame.locator('.pl-compare-status').textContent();
  const expected =
    cmp.differenceCount === 0
      ? 'All frameworks that can express these parameters give the same output.'
      : `${cmp.differenceCount} output cell${cmp.differenceCount === 1 ? '' : 's'} differ from ${LABEL[cmp.baseline]} (outlined).`;
  assert.equal(status, expected, 'the status line');
}

/** Text contrast of the Compare view as seen in the workbench: every text ≥ 4.5:1. */
async function checkContrast(frame, kind) {
  const { checked } = await frame.evaluate(auditTextContrast, '.pl-compare');
  assert.ok(
    checked.some((t) => t.text.includes('Copy as code')),
    `${kind}: the Compare view's texts are measured (${checked.length})`,
  );
  const low = checked.filter((t) => t.ratio < 4.5).map((t) => `${t.ratio}:1 ${t.fg} on ${t.bg} “${t.text}” (${t.where})`);
  assert.deepEqual(low, [], `${kind}: Compare texts under 4.5:1`);
  const worst = checked.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  return `${checked.length} texts, lowest ${worst.ratio}:1`;
}

/** @returns {Promise<{ passed: number, failed: number }>} */
export async function checkPanelViews() {
  const results = { passed: 0, failed: 0 };
  let stop = false;
  /** Runs one named check, printing ✔/✘ like mocha's spec reporter; later checks build on earlier ones. */
  const check = async (name, body) => {
    if (stop) {
      results.failed++;
      console.log(`    ✘ ${name}\n      not run: an earlier check it builds on failed`);
      return;
    }
    try {
      await body();
      results.passed++;
      console.log(`    ✔ ${name}`);
    } catch (e) {
      results.failed++;
      stop = true;
      console.log(`    ✘ ${name}\n      ${(e instanceof Error ? e.message : String(e)).split('\n').slice(0, 14).join('\n      ')}`);
    }
  };
  const server = await startWebServer({ folder: path.join(root, 'test/vscode/workspace') });
  let browser;
  try {
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    const { page, context } = browser;
    // Copy as code goes through vscode.env.clipboard, which is the page's navigator.clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    mkdirSync(screenshotDir, { recursive: true });
    console.log(`  Compare view in the workbench (${server.url})`);
    await page.goto(server.url);
    await page.locator(explorerRows).first().waitFor({ timeout: waitMs });

    let frame;
    const byPadding = expectedComparison(tutorialBlock(), { padding: [1, 1] }, 'pytorch', 'input.npy');
    const bySame = expectedComparison(tutorialBlock(), { padding: 'same' }, 'keras', 'input.npy');

    await check('Open Tutorial, average 3×3 stride 2 padding 1 typed in, Compare frameworks opened with the arrow keys', async () => {
      await runFromPalette(page, 'Pooling Lens: Open Tutorial');
      frame = await panelFrame(page);
      await frame.locator('.pl-intro-close').click(); // the explanation, to leave room for the columns
      await frame.getByLabel('Mode', { exact: true }).selectOption('avg');
      for (const axis of ['H', 'W']) {
        await typeInto(frame, `Kernel ${axis}`, '3');
        await typeInto(frame, `Stride ${axis}`, '2');
        await typeInto(frame, `Padding ${axis}`, '1');
      }
      await frame.getByRole('tab', { name: 'Input → Output' }).focus();
      await page.keyboard.press('ArrowRight');
      const compareTab = frame.getByRole('tab', { name: 'Compare frameworks' });
      assert.equal(await compareTab.getAttribute('aria-selected'), 'true', 'the Compare tab is selected');
      assert.equal(await frame.evaluate(() => document.activeElement?.textContent), 'Compare frameworks', 'focus follows the tab');
      await frame.locator('.pl-compare').waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(!(await frame.locator('.pl-grids').isVisible()), 'the grids give way to the columns');
    });

    await check('the three columns show what PyTorch (= torch.json), Keras and ONNX compute, differing cells outlined', async () => {
      const torch = torchRows('tutorial 5×5 avg k3 s2 padding 1');
      assert.deepEqual(columnRows(byPadding.columns[0]), torch, 'src/compare agrees with torch on the PyTorch column');
      await waitForColumn(frame, 'pytorch', torch, 'padding 1');
      assert.ok(byPadding.differenceCount > 0, 'PyTorch and Keras disagree on this setting');
      await checkColumns(frame, byPadding);
    });

    await check('a differing cell selected with the keyboard names every framework’s value and why they differ', async () => {
      // The corner cell: PyTorch counts the padding (÷9), Keras 'same' does not (÷4).
      const corner = byPadding.differences.find((d) => d.index[1] === 0 && d.index[2] === 0);
      assert.ok(corner, 'the corner cell differs');
      await frame.getByRole('application', { name: 'Keras output grid' }).focus();
      await page.keyboard.press('ArrowRight'); // the first arrow selects the first cell
      await frame.waitForFunction(() => /^Output \[0, 0\]/.test(document.querySelector('.pl-compare-detail')?.textContent ?? ''), undefined, {
        timeout: 5_000,
      });
      const detail = await frame.locator('.pl-compare-detail').textContent();
      for (const f of FRAMEWORKS) assert.ok(detail.includes(LABEL[f]), `the detail names ${LABEL[f]}: ${detail}`);
      for (const reason of corner.reasons) assert.ok(detail.includes(reason), `the detail explains “${reason}”: ${detail}`);
    });

    await check('Copy as code puts each column’s snippet on the clipboard', async () => {
      for (const col of byPadding.columns) {
        await page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'));
        const copy = frame.getByRole('button', { name: `Copy as ${LABEL[col.framework]} code` });
        await copy.focus();
        await page.keyboard.press('Enter');
        await page
          .waitForFunction((code) => navigator.clipboard.readText().then((t) => t === code), col.code, { timeout: 10_000, polling: 200 })
          .catch(async () => {
            throw new Error(`${LABEL[col.framework]}: the clipboard holds ${JSON.stringify(await page.evaluate(() => navigator.clipboard.readText()))}`);
          });
      }
    });

    await check(
      'the Compare view follows the light, dark and high-contrast themes, every text ≥ 4.5:1 (screenshots compare-light, compare-workbench-dark)',
      async () => {
        await runFromPalette(page, 'View: Close Primary Side Bar');
        try {
          for (const [kind, theme] of Object.entries(THEMES)) {
            await pickColorTheme(page, theme.name, theme.workbench);
            await frame.waitForFunction((c) => document.body.classList.contains(c), theme.body, { timeout: 10_000 });
            await frame.locator('.pl-compare').hover({ position: { x: 4, y: 4 } }); // no cell hovered: the selection's detail shows
            await page.waitForTimeout(600); // the grids repaint in the theme's colours
            console.log(`      ${kind}: ${await checkContrast(frame, kind)}`);
            if (kind === 'light') await page.screenshot({ path: path.join(screenshotDir, 'compare-light.png') });
            if (kind === 'dark') await page.screenshot({ path: path.join(screenshotDir, 'compare-workbench-dark.png') });
          }
        } finally {
          await pickColorTheme(page, THEMES.light.name, THEMES.light.workbench).catch(() => {});
        }
      },
    );

    await check('after Developer: Reload Window the panel comes back in the Compare view with its parameters', async () => {
      await runFromPalette(page, 'Developer: Reload Window');
      await page.waitForEvent('load', { timeout: waitMs });
      frame = await panelFrame(page);
      await waitForColumn(frame, 'pytorch', columnRows(byPadding.columns[0]), 'the restored panel');
      assert.equal(await frame.getByRole('tab', { name: 'Compare frameworks' }).getAttribute('aria-selected'), 'true', 'the Compare tab is selected');
      assert.ok(await frame.locator('.pl-compare').isVisible(), 'the Compare view is shown');
      for (const [label, value] of [
        ['Kernel H', '3'],
        ['Stride W', '2'],
        ['Padding H', '1'],
      ])
        assert.equal(await frame.getByLabel(label, { exact: true }).inputValue(), value, label);
      await checkColumns(frame, byPadding);
    });

    await check("Keras convention with padding 'same': the three columns equal torch.json's 'same' case", async () => {
      await frame.getByLabel('Convention', { exact: true }).selectOption('keras');
      await typeInto(frame, 'Stride H', '2');
      await typeInto(frame, 'Stride W', '2');
      await frame.getByLabel('Padding mode', { exact: true }).selectOption('same');
      const torch = torchRows("tutorial 5×5 avg k3 s2 'same'");
      for (const col of bySame.columns) assert.deepEqual(columnRows(col), torch, `src/compare's ${LABEL[col.framework]} column agrees with torch`);
      await waitForColumn(frame, 'keras', torch, "'same'");
      await checkColumns(frame, bySame);
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
  const { passed, failed } = await checkPanelViews();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

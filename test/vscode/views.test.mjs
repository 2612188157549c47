#!/usr/bin/env node
// The panel's Compare and Chain views in a real VS Code for the Web, driven as a user drives
// them: Open Tutorial from the palette and Visualize Pooling from the Explorer's context menu,
// parameters and layers typed into the form, the view tabs and cells reached with the keyboard,
// Copy as code pressed (the clipboard read back), the colour theme picked from its picker, and
// the window reloaded (Developer: Reload Window, so VS Code's own panel serializer restores
// it). Expectations come from src/ (compareFrameworks, poolChain, chainInfo, chainToCode,
// computed here) and the torch-made fixture test/fixtures/compare/torch.json. Screenshots
// (media/screenshots/): compare-light.png, compare-workbench-dark.png, chain-workbench.png.
// Run alone: node test/vscode/views.test.mjs (test/vscode/run.mjs runs it too).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startWebServer } from '../../scripts/web-server.mjs';
import { auditTextContrast } from '../browser/contrast.mjs';
import { columnRows, expectedComparison, FRAMEWORKS, markedCells, outlinedCells, tutorialBlock } from '../browser/compareExpected.mjs';
import { source } from '../browser/sourceBundle.mjs';
import { launchChromium } from './chromium.mjs';
import { explorerRows, findInWebviews, frameWith, pickColorTheme, runFromPalette, visualizeFromExplorer, waitMs } from './workbench.mjs';

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

/** The panel's webview frame (the one with the view tabs). */
const panelFrame = (page) => frameWith(page, '.pl-tabs [role="tab"]', 'the Pooling Lens panel');

/** The webview frame of the panel showing `fileName`. */
async function panelFrameOf(page, fileName) {
  await findInWebviews(page, (name) => document.querySelector('.pl-file-title')?.textContent === name, fileName, `a panel showing ${fileName}`);
  for (const frame of page.frames()) {
    if ((await frame.evaluate(() => document.querySelector('.pl-file-title')?.textContent).catch(() => null)) === fileName) return frame;
  }
  throw new Error(`the panel showing ${fileName} went away`);
}

/** An output (plane 0) of the core as rows. */
function rowsOf(out) {
  const [, h, w] = out.shape;
  return Array.from({ length: h }, (_, r) => Array.from(out.data.subarray(r * w, (r + 1) * w)));
}

// The Chain check's input and chain: 1..256 as 16×16 (workspace/lens-16x16.csv), three layers
// typed in from the default two (the panel's max 2×2 stride 2, twice) plus Add layer.
const CHAIN_INPUT = { shape: [1, 16, 16], data: Float64Array.from({ length: 256 }, (_, i) => i + 1) };
const window2 = (options) => ({ kind: 'window', options: { padding: [0, 0], dilation: [1, 1], ceilMode: false, ...options } });
const CHAIN = [
  window2({ mode: 'max', kernel: [3, 3], stride: [2, 2], padding: [1, 1] }),
  window2({ mode: 'avg', kernel: [2, 2], stride: [2, 2], countIncludePad: true }),
  window2({ mode: 'max', kernel: [2, 2], stride: [1, 1], dilation: [2, 2] }),
];

/** The recurrence table of an axis as shown: per row, its size, jump and start cells. */
const chainTable = (frame, axis) =>
  frame
    .locator(`.pl-chain-table[data-axis="${axis}"] tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

/** The receptive field of the last layer's output `cell` as shown equals chainInfo's (table and detail). */
async function checkReceptiveField(frame, cell) {
  const fields = source.chainInfo(CHAIN_INPUT.shape, CHAIN);
  for (const [a, axis] of ['H', 'W'].entries()) {
    const table = await chainTable(frame, axis);
    assert.equal(table.length, CHAIN.length + 1, `${axis}: the input row and one per layer`);
    fields.forEach((f, i) => {
      const [size, jump, start] = table[i + 1];
      assert.ok(size.endsWith(`= ${f.size[a]}`), `layer ${i + 1} ${axis}: size “${size}”, chainInfo ${f.size[a]}`);
      assert.ok(jump.endsWith(`= ${f.jump[a]}`), `layer ${i + 1} ${axis}: jump “${jump}”, chainInfo ${f.jump[a]}`);
      assert.ok(start.endsWith(`= ${f.start[a]}`), `layer ${i + 1} ${axis}: start “${start}”, chainInfo ${f.start[a]}`);
    });
  }
  const last = source.poolChain(CHAIN_INPUT, CHAIN).at(-1);
  const detail = await frame.locator('.pl-chain-detail').textContent();
  const value = last.data[cell[0] * last.shape[2] + cell[1]];
  assert.ok(detail.startsWith(`Output [${cell.join(', ')}] of layer ${CHAIN.length} = ${value}`), `the detail names the cell and its value: ${detail}`);
  const f = fields.at(-1);
  for (const [a, axis] of ['H', 'W'].entries()) {
    const lo = f.start[a] + cell[a] * f.jump[a];
    assert.ok(
      detail.includes(`${axis} ${lo}\u2026${lo + f.size[a] - 1}`),
      `the detail gives the ${axis} field ${lo}…${lo + f.size[a] - 1} (chainInfo): ${detail}`,
    );
  }
}

/** Types `text` into the form's input labelled `label` with the keyboard, replacing what is there. */
async function typeInto(frame, label, text) {
  const input = frame.getByLabel(label, { exact: true });
  await input.focus();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
}

/** The numbers a column's grid shows, and which cells it outlines (the panel's test hook). */
const shownCells = (frame, framework) => frame.evaluate((f) => window.__poolingLens?.cells(f) ?? null, framework);

/** Waits until a grid (a Compare column, a chain level) shows `rows` (the panel recomputes a moment after an edit). */
async function waitForColumn(frame, framework, rows, what) {
  const want = JSON.stringify(rows);
  try {
    await frame.waitForFunction(([f, w]) => JSON.stringify(window.__poolingLens?.cells(f)?.values) === w, [framework, want], { timeout: 20_000 });
  } catch {
    throw new Error(
      `${what}: the ${LABEL[framework] ?? framework} grid shows ${JSON.stringify((await shownCells(frame, framework))?.values)}, expected ${want}`,
    );
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

/** Text contrast of a view (`selector`, which shows `known`) as seen in the workbench: every text ≥ 4.5:1. */
async function checkContrast(frame, kind, selector = '.pl-compare', known = 'Copy as code') {
  const { checked } = await frame.evaluate(auditTextContrast, selector);
  assert.ok(
    checked.some((t) => t.text.includes(known)),
    `${kind}: the texts of ${selector} are measured (${checked.length})`,
  );
  const low = checked.filter((t) => t.ratio < 4.5).map((t) => `${t.ratio}:1 ${t.fg} on ${t.bg} “${t.text}” (${t.where})`);
  assert.deepEqual(low, [], `${kind}: texts of ${selector} under 4.5:1`);
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
    const started = Date.now();
    try {
      await body();
      results.passed++;
      console.log(`    ✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
    console.log(`  Compare and Chain views in the workbench (${server.url})`);
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
      const reloaded = page.waitForEvent('load', { timeout: waitMs });
      await runFromPalette(page, 'Developer: Reload Window');
      await reloaded;
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

    const chainOuts = source.poolChain(CHAIN_INPUT, CHAIN);
    const selected = [1, 1];

    await check(
      'Visualize Pooling on lens-16x16.csv, Chain layers opened with the arrow keys, three layers typed in: every output equals poolChain',
      async () => {
        await runFromPalette(page, 'View: Close All Editors');
        await visualizeFromExplorer(page, 'lens-16x16.csv');
        await runFromPalette(page, 'View: Close Primary Side Bar'); // room for the chain
        frame = await panelFrameOf(page, 'lens-16x16.csv');
        await frame.getByRole('tab', { name: 'Input → Output' }).focus();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        assert.equal(await frame.getByRole('tab', { name: 'Chain layers' }).getAttribute('aria-selected'), 'true', 'the Chain tab is selected');
        await frame.locator('.pl-chain').waitFor({ state: 'visible', timeout: 10_000 });
        await frame.getByRole('button', { name: 'Add layer' }).focus();
        await page.keyboard.press('Enter');
        for (const [label, text] of [
          ['Layer 1 kernel H', '3'],
          ['Layer 1 kernel W', '3'],
          ['Layer 1 padding H', '1'],
          ['Layer 1 padding W', '1'],
          ['Layer 3 stride H', '1'],
          ['Layer 3 stride W', '1'],
          ['Layer 3 dilation H', '2'],
          ['Layer 3 dilation W', '2'],
        ])
          await typeInto(frame, label, text);
        await frame.getByLabel('Layer 2 mode', { exact: true }).selectOption('avg');
        await waitForColumn(frame, 'chain3', rowsOf(chainOuts[2]), 'the third layer');
        assert.deepEqual((await shownCells(frame, 'chain0'))?.values, rowsOf(CHAIN_INPUT), 'the input level');
        for (let i = 0; i < 3; i++) assert.deepEqual((await shownCells(frame, `chain${i + 1}`))?.values, rowsOf(chainOuts[i]), `layer ${i + 1}'s output`);
      },
    );

    await check('the last output’s cell [1, 1] selected with the keyboard: its receptive field and the recurrences show chainInfo’s numbers', async () => {
      await frame.getByRole('application', { name: `Layer ${CHAIN.length} output grid` }).focus();
      await page.keyboard.press('ArrowDown'); // the first arrow selects [0, 0]
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
      await frame.waitForFunction(
        (head) => (document.querySelector('.pl-chain-detail')?.textContent ?? '').startsWith(head),
        `Output [${selected.join(', ')}] of layer 3`,
        {
          timeout: 5_000,
        },
      );
      await checkReceptiveField(frame, selected);
    });

    await check('Copy as nn.Sequential puts chainToCode’s text on the clipboard', async () => {
      const want = source.chainToCode(CHAIN_INPUT.shape, CHAIN, 'pytorch', { kind: 'values', values: CHAIN_INPUT.data, dtype: 'float64' });
      assert.match(want, /nn\.Sequential\(/);
      await page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'));
      await frame.getByRole('button', { name: 'Copy as nn.Sequential' }).focus();
      await page.keyboard.press('Enter');
      await page
        .waitForFunction((code) => navigator.clipboard.readText().then((t) => t === code), want, { timeout: 10_000, polling: 200 })
        .catch(async () => {
          throw new Error(`the clipboard holds ${JSON.stringify((await page.evaluate(() => navigator.clipboard.readText())).slice(0, 300))}`);
        });
    });

    await check('the Chain view follows the themes, every text ≥ 4.5:1 (screenshot chain-workbench in Dark Modern)', async () => {
      try {
        for (const [kind, theme] of Object.entries(THEMES)) {
          await pickColorTheme(page, theme.name, theme.workbench);
          await frame.waitForFunction((c) => document.body.classList.contains(c), theme.body, { timeout: 10_000 });
          await page.mouse.move(1, 1);
          await page.waitForTimeout(600); // the grids repaint in the theme's colours
          console.log(`      ${kind}: ${await checkContrast(frame, kind, '.pl-chain', 'Add layer')}`);
          if (kind === 'dark') {
            // Tall enough to show every level, the selected cell's field and the recurrences.
            const height = await frame.evaluate(() => document.querySelector('.pl-chain')?.scrollHeight ?? 0);
            await page.setViewportSize({ width: 1280, height: Math.min(1400, Math.max(800, height + 220)) });
            await page.waitForTimeout(600);
            // A status-bar spinner of VS Code's own start-up is no part of the picture.
            await page
              .locator('.statusbar-item', { hasText: 'Activating Extensions' })
              .waitFor({ state: 'detached', timeout: 15_000 })
              .catch(() => {});
            await page.screenshot({ path: path.join(screenshotDir, 'chain-workbench.png') });
            await page.setViewportSize({ width: 1280, height: 800 });
          }
        }
      } finally {
        await pickColorTheme(page, THEMES.light.name, THEMES.light.workbench).catch(() => {});
      }
    });

    await check('after Developer: Reload Window the panel comes back in the Chain view with its three layers and the selected cell', async () => {
      const reloaded = page.waitForEvent('load', { timeout: waitMs });
      await runFromPalette(page, 'Developer: Reload Window');
      await reloaded;
      frame = await panelFrameOf(page, 'lens-16x16.csv');
      await waitForColumn(frame, 'chain3', rowsOf(chainOuts[2]), 'the restored third layer');
      assert.equal(await frame.getByRole('tab', { name: 'Chain layers' }).getAttribute('aria-selected'), 'true', 'the Chain tab is selected');
      for (let i = 0; i < 3; i++) assert.deepEqual((await shownCells(frame, `chain${i + 1}`))?.values, rowsOf(chainOuts[i]), `layer ${i + 1}'s output`);
      await checkReceptiveField(frame, selected);
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

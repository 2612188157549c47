// The Compare view in Chromium: the tutorial 5×5 (1..25) with kernel 3, stride 2, average,
// padding 1 (PyTorch) and 'same' (Keras) shows the three columns compareFrameworks gives,
// outlines the differing cells, explains them, copies each column's snippet, shows a
// framework's reason in place of its grid, follows the keyboard and survives a reload.
import assert from 'node:assert/strict';
import { columnRows as rows, expectedComparison, FRAMEWORKS, markedCells, outlinedCells, tutorialBlock } from './compareExpected.mjs';
import { PanelPage, run } from './harness.mjs';
import path from 'node:path';

const TUTORIAL = { shape: [5, 5], fill: 'iota1', fileName: 'tutorial.npy' };

/** What the panel pools: the block [1, 5, 5] of float32 1..25, with the request the panel sends. */
const expected = (request, convention) => expectedComparison(tutorialBlock(Float32Array), request, convention, 'tutorial.npy');

async function openCompare(p) {
  await p.page.getByRole('tab', { name: 'Compare frameworks' }).click();
  await p.page.waitForFunction(
    () => !document.querySelector('.pl-compare')?.hidden && (document.querySelector('.pl-compare-status')?.textContent ?? '') !== '',
  );
  await p.nextFrame();
}

const cells = (p, f) => p.page.evaluate((f) => window.__poolingLens.cells(f), f);

async function checkColumns(p, cmp) {
  for (const col of cmp.columns) {
    assert.ok(col.ok, `${col.framework} expresses the tutorial setting`);
    const shown = await cells(p, col.framework);
    assert.deepEqual(shown.values, rows(col), `${col.framework}'s numbers`);
    // Outlined where this column differs from the baseline (the baseline: every differing cell).
    assert.deepEqual(markedCells(shown.marked), outlinedCells(cmp, col));
    assert.equal(await p.text(`.pl-compare-col[data-framework="${col.framework}"] .pl-compare-call`), col.reading.call);
  }
  const listed = await p.page.locator('.pl-compare-reasons .pl-compare-reason-text').allTextContents();
  assert.deepEqual(
    listed,
    cmp.reasons.map((r) => r.text),
  );
}

async function checkCopies(p, cmp) {
  for (const f of FRAMEWORKS) {
    const before = (await p.posted('copyText')).length;
    await p.page.locator(`.pl-compare-col[data-framework="${f}"] button`, { hasText: 'Copy as code' }).click();
    const copies = await p.posted('copyText');
    assert.equal(copies.length, before + 1);
    assert.equal(copies.at(-1).text, cmp.columns.find((c) => c.framework === f).code, `${f} snippet`);
  }
}

describe('Compare view', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });

  it('tutorial 5×5, k3 s2 avg, padding 1 (PyTorch): the three columns compareFrameworks gives, differences outlined and explained, snippets copied', async () => {
    p = await PanelPage.open();
    const request = { kernel: [3, 3], stride: [2, 2], padding: [1, 1] };
    await p.load({ ...TUTORIAL, initial: { mode: 'avg', ...request } });
    const cmp = expected(request, 'pytorch');
    assert.ok(cmp.differenceCount > 0, 'PyTorch and Keras disagree on this setting');
    // Closed by default: nothing computed, the grids shown.
    assert.equal(await cells(p, 'pytorch'), null);
    assert.ok(await p.page.locator('.pl-grids').isVisible());
    await openCompare(p);
    assert.ok(!(await p.page.locator('.pl-grids').isVisible()), 'the grids give way to the columns');
    await checkColumns(p, cmp);
    assert.match(await p.text('.pl-compare-status'), new RegExp(`^${cmp.differenceCount} output cells differ from PyTorch`));
    // Hovering a differing cell names every framework's value and why they differ.
    const d = cmp.differences[0];
    const at = await p.page.evaluate(([r, c]) => window.__poolingLens.cellCenter('keras', r, c), [d.index[1], d.index[2]]);
    await p.page.mouse.move(at.x, at.y);
    await p.nextFrame();
    const detail = await p.text('.pl-compare-detail');
    for (const r of d.reasons) assert.ok(detail.includes(r), `the hovered cell's reason “${r}” in “${detail}”`);
    await checkCopies(p, cmp);
    await p.close();
    p = undefined;
  });

  it("tutorial 5×5, k3 s2 avg, 'same' (Keras): the three columns and snippets", async () => {
    p = await PanelPage.open();
    const request = { kernel: [3, 3], stride: [2, 2], padding: 'same' };
    await p.load({ ...TUTORIAL, settings: { colormap: 'auto', decimals: 3, convention: 'keras' }, initial: { convention: 'keras', mode: 'avg', ...request } });
    const cmp = expected(request, 'keras');
    await openCompare(p);
    await checkColumns(p, cmp);
    await checkCopies(p, cmp);
    await p.close();
    p = undefined;
  });

  it('shows the reason in place of the grid of a framework that cannot express the setting', async () => {
    p = await PanelPage.open();
    const request = { kernel: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [2, 2] };
    await p.load({ ...TUTORIAL, initial: { mode: 'avg', ...request } });
    const cmp = expected(request, 'pytorch');
    await openCompare(p);
    for (const col of cmp.columns) {
      const sel = `.pl-compare-col[data-framework="${col.framework}"]`;
      if (col.ok) {
        assert.ok(await p.page.locator(`${sel} canvas`).isVisible());
        assert.deepEqual((await cells(p, col.framework)).values, rows(col));
      } else {
        assert.equal(await p.text(`${sel} .pl-compare-reason`), col.reason);
        assert.ok(!(await p.page.locator(`${sel} canvas`).isVisible()), `${col.framework} shows no grid`);
        assert.ok(await p.page.locator(`${sel} button`, { hasText: 'Copy as code' }).isDisabled());
      }
    }
    assert.ok(
      cmp.columns.some((c) => !c.ok),
      'avg with dilation is not expressible somewhere',
    );
    await p.close();
    p = undefined;
  });

  it('opens and closes with the keyboard, and a reload reopens it', async () => {
    p = await PanelPage.open();
    await p.load({ ...TUTORIAL, initial: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } });
    await p.page.getByRole('tab', { name: 'Input → Output' }).focus();
    await p.page.keyboard.press('ArrowRight');
    await p.page.waitForFunction(() => window.__poolingLens.cells('pytorch') !== null);
    assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), 'Compare frameworks');
    assert.equal(await p.page.getByRole('tab', { name: 'Compare frameworks' }).getAttribute('aria-selected'), 'true');
    // Arrow keys on a column's grid move the selection, shown in the detail line.
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('Tab');
    await p.page.keyboard.press('ArrowDown');
    await p.nextFrame();
    assert.match(await p.text('.pl-compare-detail'), /^Output \[/);
    await p.page.waitForTimeout(400);
    const state = await p.page.evaluate(() => window.__savedState());
    assert.equal(state.ui.view.compare, true);
    await p.close();
    p = await PanelPage.open();
    await p.page.evaluate((s) => window.__setSavedState(s), state);
    await p.load(TUTORIAL);
    await p.page.waitForFunction(() => window.__poolingLens.cells('pytorch') !== null);
    assert.ok(!(await p.page.locator('.pl-grids').isVisible()));
    await p.page.getByRole('tab', { name: 'Compare frameworks' }).focus();
    await p.page.keyboard.press('ArrowLeft');
    await p.nextFrame();
    assert.ok(await p.page.locator('.pl-grids').isVisible());
    assert.ok(!(await p.page.locator('.pl-compare').isVisible()));
    await p.close();
    p = undefined;
  });

  it('compare-dark.png: the tutorial setting compared', async () => {
    p = await PanelPage.open({ theme: 'dark', width: 1280, height: 760 });
    await p.load({ ...TUTORIAL, initial: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } });
    await openCompare(p);
    const at = await p.page.evaluate(() => window.__poolingLens.cellCenter('keras', 0, 0));
    await p.page.mouse.click(at.x, at.y);
    await p.page.mouse.move(1, 1);
    await p.nextFrame();
    await p.page.screenshot({ path: path.join(run.screenshotDir, 'compare-dark.png') });
    await p.close();
    p = undefined;
  });
});

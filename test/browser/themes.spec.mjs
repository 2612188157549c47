// Readable in every theme: in VS Code's four built-in theme kinds (colours taken from a real
// VS Code by scripts/theme-colors.mjs), every visible text of the panel and of the tutorial
// box has a WCAG contrast of at least 4.5:1 against its effective background, and keyboard
// focus shows an outline (in high contrast one of at least 3:1). Screenshots of each theme.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { usedVariables } from '../../scripts/theme-colors.mjs';
import { auditTextContrast, focusOutline } from './contrast.mjs';
import { measure, PanelPage, run } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const shotsDir = path.join(root, 'test-results/contrast');

const THEMES = [
  { kind: 'dark', label: 'Dark Modern' },
  { kind: 'light', label: 'Light Modern' },
  { kind: 'hc-dark', label: 'Dark High Contrast' },
  { kind: 'hc-light', label: 'Light High Contrast' },
];
const MIN_TEXT = 4.5;
const MIN_FOCUS = 3;

const M5 = { shape: [5, 5], fill: 'iota1', fileName: 'm.npy' };
/** Like the tutorial's box: paragraphs and formulas marked right and wrong. */
const INTRO = {
  title: 'Max pooling 1…25 (5×5) with a 2×2 window and stride 2 gives [[7, 9], [17, 19]]',
  paragraphs: [
    'The example of a widely copied pooling tutorial, whose code crashes on it, with PyTorch’s answer.',
    'The widely copied (H − k + 1)/s ignores padding and dilation.',
  ],
  formulas: [
    { label: 'PyTorch', text: 'floor((H + 2p − d(k−1) − 1)/s) + 1', value: 'floor((5 + 0 + 0 − 1·(2 − 1) − 1) / 2) + 1 = 2', correct: true },
    { label: 'Common mistake', text: '(H − k + 1)/s', value: '(5 − 2 + 1)/2 = 2', correct: false },
  ],
};

/** The scenes whose texts are checked: together they show every kind of text the panel has. */
const SCENES = {
  async tutorial(p) {
    await p.load({ ...M5, dtype: 'int64', fileName: 'Pooling Tutorial', intro: INTRO });
    await p.type('Kernel H', 3);
    await p.type('Kernel W', 3);
    await p.type('Padding H', 1);
    await p.type('Padding W', 1);
    await p.choose('Mode', 'avg');
    await p.lastRendered();
    await p.hover('output', 0, 0);
    await p.page.evaluate(() => window.__host({ type: 'notice', level: 'warn', message: 'm.npy changed on disk; showing the last version read.' }));
    await p.page.getByRole('button', { name: 'Values' }).click();
    const [copy] = await p.posted('copyText');
    await p.page.evaluate((id) => window.__host({ type: 'reply', requestId: id, ok: true, message: 'Copied 9 values' }), copy.requestId);
    // A selected output cell: its window and arithmetic stay shown.
    await p.click('output', 0, 0);
    await p.page.mouse.move(1, 1);
    await p.page.evaluate(() => document.querySelector('.pl-sidebar')?.scrollTo(0, 0));
  },
  async invalid(p) {
    await p.load(M5);
    await p.type('Stride H', 0);
    await p.type('Kernel W', '2.5');
    await p.fieldWithMessage('kernel');
    await p.page.evaluate(() => window.__host({ type: 'notice', level: 'error', message: 'm.npy could not be re-read.' }));
    await p.page.getByRole('button', { name: '.csv' }).click();
    const [exp] = await p.posted('export');
    if (exp)
      await p.page.evaluate(
        (id) => window.__host({ type: 'reply', requestId: id, ok: false, message: 'Could not save: read-only file system' }),
        exp.requestId,
      );
  },
  async empty(p) {
    await p.load({ shape: [0, 4], fill: 'iota1' });
    await p.page.waitForSelector('.pl-general-error:not([hidden])');
  },
  async image(p) {
    await p.load({ shape: [3, 64, 96], fill: 'image', fileName: 'photo.png', dtype: 'uint8', image: { width: 96, height: 64, channels: 3, bitDepth: 8 } });
    await p.choose('Mode', 'lp');
    await p.type('Dilation H', 2); // a note at the control: PyTorch's LPPool has no dilation
    await p.lastRendered();
    await p.hover('output', 3, 4);
  },
  async compare(p) {
    // The Compare view: three columns, outlined differences and their reasons, then a setting
    // one framework cannot express (its reason in place of its grid).
    await p.load({ ...M5, initial: { mode: 'avg', kernel: [3, 3], stride: [2, 2], padding: [1, 1] } });
    await p.page.getByRole('tab', { name: 'Compare frameworks' }).click();
    await p.page.waitForFunction(() => (document.querySelector('.pl-compare-status')?.textContent ?? '') !== '');
    const at = await p.page.evaluate(() => window.__poolingLens.cellCenter('keras', 0, 0));
    await p.page.mouse.click(at.x, at.y);
    await p.page.mouse.move(1, 1);
    await p.nextFrame();
  },
  async compareCannot(p) {
    await p.load({ ...M5, initial: { mode: 'avg', kernel: [2, 2], stride: [1, 1], dilation: [2, 2] } });
    await p.page.getByRole('tab', { name: 'Compare frameworks' }).click();
    await p.page.waitForFunction(() => (document.querySelector('.pl-compare-reason:not([hidden])')?.textContent ?? '') !== '');
  },
  async chain(p) {
    // The Chain view: three layers, a selected cell with its traced fields, the recurrence
    // tables; then a layer that does not fit (its message at its controls).
    await p.load({ shape: [12, 12], fill: 'iota1', fileName: 'm12.npy' });
    await p.page.getByRole('tab', { name: 'Chain layers' }).click();
    await p.page.waitForFunction(() => window.__poolingLens.cells('chain2') !== null);
    await p.page.getByRole('button', { name: 'Add layer' }).click();
    await p.type('Layer 3 stride W', 1);
    await p.type('Layer 3 stride H', 1);
    await p.type('Layer 3 kernel H', 1);
    await p.nextFrame();
    const at = await p.page.evaluate(() => window.__poolingLens.cellCenter('chain3', 0, 1));
    await p.page.mouse.click(at.x, at.y);
    await p.page.mouse.move(1, 1);
    await p.nextFrame();
  },
  async chainProblem(p) {
    await p.load({ shape: [12, 12], fill: 'iota1', fileName: 'm12.npy' });
    await p.page.getByRole('tab', { name: 'Chain layers' }).click();
    await p.page.waitForFunction(() => window.__poolingLens.cells('chain2') !== null);
    await p.page.getByRole('button', { name: 'VGG' }).click();
    await p.page.waitForFunction(() => (document.querySelector('.pl-chain-level[data-level="4"] .pl-field-message')?.textContent ?? '') !== '');
  },
  async loadError(p) {
    await p.page.evaluate(() =>
      window.__host({ type: 'loadError', fileName: 'broken.npy', message: 'broken.npy: the header says shape (3, 3) but the file holds 4 values.' }),
    );
  },
  async loading() {},
};

/** Opens every collapsible section so its texts are on screen. */
async function openAll(p) {
  await p.page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  await p.nextFrame();
}

describe('Readable in every theme', () => {
  /** @type {PanelPage | undefined} */
  let p;
  afterEach(async () => {
    await PanelPage.discard(p);
    p = undefined;
  });
  before(() => mkdirSync(shotsDir, { recursive: true }));

  it('themes.css holds every theme variable the webview uses, for all four theme kinds', () => {
    const css = readFileSync(path.join(here, 'themes.css'), 'utf8');
    const blocks = [...css.matchAll(/\/\* ([^(]+) \(([\w-]+)\)\. Unset in this theme: ([^*]*)\*\/\s*[^{]+\{([^}]*)\}/g)];
    assert.deepEqual(
      blocks.map((b) => b[2]),
      THEMES.map((t) => t.kind),
    );
    for (const [, label, , unset, body] of blocks) {
      const known = new Set([...body.matchAll(/(--vscode-[\w-]+):/g)].map((m) => m[1]).concat(unset.trim().split(/\s+/)));
      const missing = usedVariables().filter((v) => !known.has(v));
      assert.deepEqual(missing, [], `${label.trim()}: rerun scripts/theme-colors.mjs, these are missing: ${missing.join(' ')}`);
    }
  });

  for (const theme of THEMES) {
    it(`${theme.label}: every visible text has contrast ≥ ${MIN_TEXT}:1`, async () => {
      let count = 0;
      let exempt = 0;
      let worst = { ratio: Infinity };
      const failures = [];
      for (const [name, scene] of Object.entries(SCENES)) {
        p = await PanelPage.open({ theme: theme.kind, width: 1280, height: 900 });
        await scene(p);
        await openAll(p);
        const audit = await p.page.evaluate(auditTextContrast, 'body');
        count += audit.checked.length;
        exempt += audit.exempt;
        for (const t of audit.checked) {
          if (t.ratio < worst.ratio) worst = { ...t, scene: name };
          if (t.ratio < MIN_TEXT) failures.push(`${name}: ${t.ratio}:1 ${t.fg} on ${t.bg} at ${t.where} “${t.text}”`);
        }
        assert.ok(audit.checked.length > 0, `${name}: some text was found`);
        await p.page.screenshot({ path: path.join(shotsDir, `${theme.kind}-${name}.png`) });
        if (name === 'tutorial') await p.page.screenshot({ path: path.join(run.screenshotDir, `theme-${theme.kind}.png`) });
        await p.close();
        p = undefined;
      }
      measure(
        `${theme.label}: lowest text contrast`,
        `${worst.ratio}:1 (${worst.scene}: ${worst.where} “${worst.text}”), ${count} texts checked, ${exempt} disabled exempt`,
      );
      assert.deepEqual(failures, [], `${failures.length} texts below ${MIN_TEXT}:1 in ${theme.label}:\n${failures.join('\n')}`);
    });

    it(`${theme.label}: keyboard focus shows an outline on every control`, async () => {
      p = await PanelPage.open({ theme: theme.kind, width: 1280, height: 900 });
      await SCENES.tutorial(p);
      await openAll(p);
      await p.page.mouse.move(1, 1);
      await p.page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      const outlines = [];
      for (let i = 0; i < 150; i++) {
        await p.page.keyboard.press('Tab');
        const o = await p.page.evaluate(focusOutline);
        if (!o) continue;
        if (o.again) break; // wrapped around
        outlines.push(o);
      }
      assert.ok(outlines.length > 20, `Tab reached ${outlines.length} controls`);
      assert.ok(outlines.filter((o) => o.where.startsWith('canvas')).length === 2, `both grids take focus: ${outlines.map((o) => o.where).join(' / ')}`);
      const highContrast = theme.kind.startsWith('hc');
      const bad = outlines.filter((o) => o.style === 'none' || o.width < 1 || (highContrast && o.ratio < MIN_FOCUS));
      const lowest = outlines.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      measure(`${theme.label}: focus outlines`, `${outlines.length} controls, lowest ${lowest.ratio}:1 (${lowest.where})`);
      assert.deepEqual(
        bad.map((o) => `${o.where}: ${o.style} ${o.width}px ${o.color} (${o.ratio}:1)`),
        [],
        'every focused control shows an outline' + (highContrast ? ` of at least ${MIN_FOCUS}:1` : ''),
      );
      await p.close();
      p = undefined;
    });
  }
});

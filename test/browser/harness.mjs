// Shared state of a browser test run and a driver for one panel page: loads arrays the
// way the host does (an ArrayBuffer in a `load` message), hovers and clicks cells by
// their on-screen position, reads what the panel shows and what it posted.
import assert from 'node:assert/strict';

/** Set by run.mjs before the spec files load. */
export const run = {
  /** @type {import('playwright-core').Browser | null} */
  browser: null,
  origin: '',
  /** Printed at the end, never asserted: [label, value]. */
  measurements: /** @type {[string, string][]} */ ([]),
  screenshotDir: '',
};

export function measure(label, value) {
  run.measurements.push([label, value]);
  console.log(`      \u23f1 ${label}: ${value}`);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
export const ms = (v) => `${v.toFixed(1)} ms`;

export class PanelPage {
  /**
   * Closes a page's browser context without checking it (after a test that threw first, or in a
   * `finally`); `close()` is the checking close. Accepts undefined.
   * @param {PanelPage | undefined} p
   */
  static async discard(p) {
    if (p)
      await p.page
        .context()
        .close()
        .catch(() => {});
  }

  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    /** @type {string[]} */
    this.problems = [];
  }

  /** A fresh page with the panel, in a VS Code theme kind ('dark' | 'light' | 'hc-dark' | 'hc-light'). */
  static async open({ theme = 'dark', width = 1280, height = 760 } = {}) {
    assert.ok(run.browser, 'Chromium is not running');
    const context = await run.browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const p = new PanelPage(page);
    page.on('pageerror', (e) => p.problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') p.problems.push(`console error: ${m.text()}`);
    });
    page.on('request', (r) => {
      const host = new URL(r.url()).hostname;
      if (/^https?:/.test(r.url()) && host !== 'localhost') p.problems.push(`request left localhost: ${r.url()}`);
    });
    await page.goto(`${run.origin}/panel.html?theme=${theme}`);
    await page.waitForFunction(() => window.__posted.some((p) => p.message.type === 'ready'));
    return p;
  }

  /** Fails on page errors, console errors, CSP violations and requests that left localhost. */
  async close() {
    const csp = await this.page.evaluate(() => window.__cspViolations.slice()).catch(() => []);
    await this.page.context().close();
    const all = [...this.problems, ...csp.map((v) => `CSP violation: ${v}`)];
    assert.deepEqual(all, [], all.join('\n'));
  }

  /** What the panel posted of `type`, once its worker has answered what was asked (a copy reads the values there). */
  async posted(type) {
    await this.nextFrame();
    return this.page.evaluate((t) => window.__posted.filter((p) => p.message.type === t).map((p) => p.message), type);
  }

  /**
   * How many messages the panel has posted, once the changes made so far are pooled and drawn:
   * a change typed just before would otherwise post its `rendered` after this count, and
   * renderedAfter(count) would return it instead of the next change's.
   */
  async postedCount() {
    await this.nextFrame();
    return this.page.evaluate(() => window.__posted.length);
  }

  /** The first `rendered` message posted after message number `since`. */
  async renderedAfter(since, timeout = 60_000) {
    const handle = await this.page.waitForFunction((n) => window.__posted.slice(n).find((p) => p.message.type === 'rendered')?.message, since, {
      timeout,
      polling: 'raf',
    });
    return handle.jsonValue();
  }

  /**
   * Sends a `load` with an array built in the page (so big arrays never cross as JSON).
   * fill: 'iota1' (1, 2, 3, …), 'wave' (smooth signed pattern), 'image' (a synthetic RGB
   * picture, [3, H, W] in 0..255), or an explicit `values` list.
   */
  async load({
    shape,
    fill = 'iota1',
    values,
    image,
    name = 'a',
    fileName = 'a.npy',
    dtype = 'float32',
    settings,
    initial,
    ui,
    arrayNames,
    uri = 'file:///work/a.npy',
    intro,
  }) {
    const since = await this.postedCount();
    await this.page.evaluate(
      ({ shape, fill, values, image, name, fileName, dtype, settings, initial, ui, arrayNames, uri, intro }) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = new Float32Array(n);
        if (values) data.set(values);
        else if (fill === 'iota1') for (let i = 0; i < n; i++) data[i] = i + 1;
        else if (fill === 'wave') {
          const w = shape[shape.length - 1];
          for (let i = 0; i < n; i++) {
            const x = i % w;
            const y = Math.floor(i / w);
            data[i] = Math.sin(x * 0.05) * Math.cos(y * 0.03) * 100;
          }
        } else if (fill === 'image') {
          const [c, h, w] = shape;
          for (let ch = 0; ch < c; ch++) {
            for (let y = 0; y < h; y++) {
              for (let x = 0; x < w; x++) {
                const v = ch === 0 ? (255 * x) / (w - 1) : ch === 1 ? (255 * y) / (h - 1) : 128 + 127 * Math.sin((x + y) * 0.01);
                data[ch * h * w + y * w + x] = Math.round(v);
              }
            }
          }
        }
        window.__loadStart = performance.now();
        window.__host({
          type: 'load',
          fileName,
          uri,
          arrayNames: arrayNames ?? [name],
          array: { name, dtype, shape, storage: 'float32', buffer: data.buffer, ...(image ? { image } : {}) },
          settings: settings ?? { colormap: 'auto', decimals: 3, convention: 'pytorch' },
          ...(initial ? { initial } : {}),
          ...(ui ? { ui } : {}),
          ...(intro ? { intro } : {}),
        });
      },
      { shape, fill, values, image, name, fileName, dtype, settings, initial, ui, arrayNames, uri, intro },
    );
    return this.renderedAfter(since);
  }

  /** Page coordinates of a cell's centre. */
  async cellCenter(grid, r, c) {
    return this.page.evaluate(({ grid, r, c }) => window.__poolingLens.cellCenter(grid, r, c), { grid, r, c });
  }

  async hover(grid, r, c) {
    const p = await this.cellCenter(grid, r, c);
    await this.page.mouse.move(p.x, p.y);
    await this.nextFrame();
  }

  async click(grid, r, c) {
    const p = await this.cellCenter(grid, r, c);
    await this.page.mouse.click(p.x, p.y);
    await this.nextFrame();
  }

  /** Two animation frames, without waiting for the worker (a request may still be under way). */
  async nextFrameOnly() {
    await this.page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => res(undefined)))));
  }

  /**
   * Two animation frames, after the panel's worker has answered everything asked of it (so results
   * are drawn). The first frame runs the pipeline's flush: a change just made waits for a frame
   * before it is asked of the worker.
   */
  async nextFrame() {
    await this.page.evaluate(async () => {
      await new Promise((res) => requestAnimationFrame(() => res(undefined)));
      await window.__poolingLens?.settled?.();
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(() => res(undefined))));
    });
  }

  /** The explanation strip: head, arithmetic and note (once the worker's link reply is in). */
  async explain() {
    await this.nextFrame();
    return this.page.evaluate(() => ({
      head: document.querySelector('.pl-explain-head')?.textContent ?? '',
      math: document.querySelector('.pl-explain-math')?.textContent ?? '',
      note: document.querySelector('.pl-explain-note')?.textContent ?? '',
      live: document.querySelector('.pl-explain [aria-live]')?.textContent ?? '',
    }));
  }

  /** Whether a parameter's controls are flagged, and the message shown at it. */
  async field(key) {
    return this.page.evaluate((key) => {
      const f = document.querySelector(`.pl-field[data-param="${key}"]`);
      if (!f) return null;
      const msg = f.querySelector('.pl-field-message');
      const controls = [...f.querySelectorAll('input, select')];
      return {
        invalid: controls.some((c) => c.getAttribute('aria-invalid') === 'true'),
        describedBy: controls.map((c) => c.getAttribute('aria-describedby')).find((x) => x) ?? null,
        message: msg && !msg.hidden ? msg.textContent : '',
        visible: !f.hidden,
      };
    }, key);
  }

  /** Waits (polling each frame) until the parameter's message is shown, then returns field(key). */
  async fieldWithMessage(key, timeout = 30_000) {
    await this.page.waitForFunction(
      (key) => {
        const msg = document.querySelector(`.pl-field[data-param="${key}"] .pl-field-message`);
        return !!msg && !msg.hidden && (msg.textContent ?? '') !== '';
      },
      key,
      { timeout, polling: 'raf' },
    );
    return this.field(key);
  }

  /** Types into the input labelled `label` (fires `input` like a user would). */
  async type(label, value) {
    await this.page.getByLabel(label, { exact: true }).fill(String(value));
  }

  async choose(label, value) {
    await this.page.getByLabel(label, { exact: true }).selectOption(value);
  }

  /**
   * RGBA of a canvas pixel inside a cell: between its centre (where a value may be
   * printed) and its top-left corner (where outlines run), plus an offset in CSS px.
   */
  async pixel(grid, r, c, dx = 0, dy = 0) {
    return this.page.evaluate(
      ({ grid, r, c, dx, dy }) => {
        const canvas = document.querySelector(`.pl-pane-${grid} canvas.pl-canvas`);
        const rect = canvas.getBoundingClientRect();
        const p = window.__poolingLens.cellCenter(grid, r, c);
        const q = window.__poolingLens.cellCenter(grid, r + 1, c + 1);
        const inset = q.x - p.x >= 10 ? 0.3 : 0;
        const scale = canvas.width / rect.width;
        const x = Math.round((p.x - rect.left - inset * (q.x - p.x) + dx) * scale);
        const y = Math.round((p.y - rect.top - inset * (q.y - p.y) + dy) * scale);
        return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data);
      },
      { grid, r, c, dx, dy },
    );
  }

  /** The newest `rendered` message once pending changes have been drawn (two frames). */
  async lastRendered() {
    await this.nextFrame();
    const all = await this.posted('rendered');
    return all[all.length - 1];
  }

  /**
   * The pixels of one cell's square (also outside the array, e.g. a padding cell at
   * row -1), as RGBA bytes, for before/after comparisons.
   */
  async cellPixels(grid, r, c) {
    return this.page.evaluate(
      ({ grid, r, c }) => {
        const canvas = document.querySelector(`.pl-pane-${grid} canvas.pl-canvas`);
        const rect = canvas.getBoundingClientRect();
        const scale = canvas.width / rect.width;
        const a = window.__poolingLens.cellCenter(grid, r, c);
        const b = window.__poolingLens.cellCenter(grid, r + 1, c + 1);
        const w = Math.max(1, Math.floor((b.x - a.x) * scale) - 2);
        const h = Math.max(1, Math.floor((b.y - a.y) * scale) - 2);
        const x = Math.round((a.x - rect.left) * scale - w / 2);
        const y = Math.round((a.y - rect.top) * scale - h / 2);
        return Array.from(canvas.getContext('2d').getImageData(x, y, w, h).data);
      },
      { grid, r, c },
    );
  }

  async text(selector) {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
  }
}

export const sameColor = (a, b, tol = 2) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

/** Fraction of pixels (RGBA byte arrays of equal size) that differ by more than `tol` in some channel. */
export function changedFraction(a, b, tol = 6) {
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > tol || Math.abs(a[i + 1] - b[i + 1]) > tol || Math.abs(a[i + 2] - b[i + 2]) > tol) changed++;
  }
  return changed / (a.length / 4);
}

// Playwright helpers for checks that drive VS Code for the Web from outside, as a user does
// (test/vscode/start.test.mjs, test/vscode/views.test.mjs): the command palette, and the
// webviews, whose content runs in nested iframes of the workbench page.

export const waitMs = 90_000;
export const explorerRows = '.explorer-folders-view .monaco-list-row';

/**
 * Polls the webview frames until one satisfies `probe`, evaluated in the frame; returns its
 * result.
 * @param {import('playwright-core').Page} page
 */
export async function findInWebviews(page, probe, arg, what, timeoutMs = waitMs) {
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

/**
 * The webview frame holding an element matching `selector`.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function frameWith(page, selector, what, timeoutMs = waitMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: no webview has ${selector} after ${timeoutMs / 1000} s`);
}

/**
 * Runs a command by its palette title (or a longer title containing it), retrying while the late Welcome page steals focus.
 * @param {import('playwright-core').Page} page
 */
export async function runFromPalette(page, title) {
  const input = page.locator('.quick-input-widget input.input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.fill(`>${title}`, { timeout: 5_000 });
      // Clicked rather than Enter: the best match listed first may be another command
      // ('Preferences: Browse Color Themes in Marketplace' for 'Preferences: Color Theme').
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 6) throw new Error(`"${title}" is not in the command palette (${String(e).split('\n')[0]})`);
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Picks a colour theme as a user does (Preferences: Color Theme, type its name, click it) and
 * waits until the workbench wears it (its body carries the theme kind's class).
 * @param {import('playwright-core').Page} page
 * @param {string} theme  its label in the picker, e.g. 'Light Modern' (the setting's 'Default Light Modern')
 * @param {'vs' | 'vs-dark' | 'hc-black' | 'hc-light'} kindClass
 */
export async function pickColorTheme(page, theme, kindClass) {
  const input = page.locator('.quick-input-widget input.input');
  for (let attempt = 1; ; attempt++) {
    try {
      await runFromPalette(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 5_000 });
      await input.fill(theme, { timeout: 5_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().click({ timeout: 5_000 });
      await page.waitForFunction((k) => document.querySelector('.monaco-workbench')?.classList.contains(k), kindClass, { timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 4) throw new Error(`could not pick the colour theme "${theme}" (${String(e).split('\n')[0]})`);
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Right-clicks a workspace file in the Explorer (shown first) and picks Visualize Pooling, then
 * waits for its panel's tab. `onMenu` runs while the context menu is open (a screenshot).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {{ onMenu?: () => Promise<void> }} [options]
 */
export async function visualizeFromExplorer(page, name, { onMenu } = {}) {
  await runFromPalette(page, 'View: Show Explorer');
  const row = page.locator(`${explorerRows}[aria-label="${name}"]`);
  const item = page.locator('.monaco-menu .action-label', { hasText: /^Visualize Pooling$/ });
  // The context menu closes if focus moves (the Welcome page opening late): retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await row.click({ button: 'right', timeout: 10_000 });
      await item.waitFor({ timeout: 5_000 });
      await onMenu?.();
      await item.click({ timeout: 5_000 });
      // A click the menu did not take leaves it open and runs nothing: the item is highlighted
      // under the pointer, so Enter picks it; failing that, open the menu again.
      const closed = await item.waitFor({ state: 'hidden', timeout: 2_000 }).then(
        () => true,
        () => false,
      );
      if (!closed) {
        console.log('      (the menu stayed open after the click: Enter)');
        await page.keyboard.press('Enter');
        await item.waitFor({ state: 'hidden', timeout: 5_000 });
      }
      break;
    } catch (e) {
      if (attempt === 4) throw new Error(`no "Visualize Pooling" in the Explorer's context menu of ${name} (${String(e).split('\n')[0]})`);
      console.log(`      (context menu attempt ${attempt} failed, retrying)`);
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: waitMs });
}

// Debian's Chromium driven by playwright-core, offline: a fresh profile per run,
// every host but localhost and *.localhost unresolvable, and every request that
// leaves *.localhost recorded so the caller can fail the run.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Belt and braces with the request log: nothing outside localhost even resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost',
];

/** True for URLs that stay on this machine (http(s)/ws(s) to localhost, or data:/blob:). */
export function isLocalUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!/^(https?|wss?):$/.test(parsed.protocol)) return true; // data:, blob:, about:, chrome-extension:
  const host = parsed.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
}

/**
 * @param {{ viewport?: { width: number, height: number }, args?: string[] }} [options] `args`: more Chromium flags
 * @returns {Promise<{ context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page, offsite: string[], userDataDir: string, close: () => Promise<void> }>}
 */
export async function launchChromium(options = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'pooling-lens-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [...flags, ...(options.args ?? [])],
      viewport: options.viewport ?? { width: 1280, height: 800 },
      timeout: 60_000,
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`Chromium (${chromiumPath}) failed to start: ${message}`);
  }
  /** @type {string[]} */
  const offsite = [];
  context.on('request', (request) => {
    if (!isLocalUrl(request.url())) {
      offsite.push(request.url());
      console.error(`[runner] request off localhost: ${request.method()} ${request.url()}`);
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    offsite,
    // Names the browser's processes: bench/workbench/memory.mjs finds its renderers by it.
    userDataDir,
    close: async () => {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

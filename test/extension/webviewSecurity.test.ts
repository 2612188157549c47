/*
 * The webview's sandbox, as the host sets it up: a strict CSP (nonce-only scripts, no eval, no
 * inline code, nothing remote) and local resources limited to the extension's own webview bundle
 * and media. `vscode` is replaced by the little of `Uri` that webviewOptions uses.
 */
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy, makeNonce, renderPanelHtml } from '../../src/extension/panel/html';
// @ts-expect-error: a build script in plain JavaScript (no types).
import { workerSource } from '../../scripts/worker-source-plugin.mjs';

vi.mock('vscode', () => ({
  Uri: {
    joinPath: (base: { scheme: string; path: string }, ...parts: string[]) => ({ scheme: base.scheme, path: [base.path, ...parts].join('/') }),
  },
}));

const EXTENSION = { scheme: 'file', path: '/home/u/.vscode/extensions/pooling-lens' };

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!, d.slice(1)]),
  );
}

describe('content security policy', () => {
  const source = 'https://0abc.vscode-resource.vscode-cdn.net';
  const nonce = makeNonce();
  const csp = directives(contentSecurityPolicy(source, nonce));

  it('denies by default and allows scripts only by nonce (plus WebAssembly compilation): no unsafe-eval, no unsafe-inline', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual([`'nonce-${nonce}'`, "'wasm-unsafe-eval'"]);
    for (const [name, values] of csp) {
      for (const v of values) {
        if (name === 'script-src' && v === "'wasm-unsafe-eval'") continue;
        expect(v, name).not.toMatch(/unsafe|^\*$|^https?:$|^http:\/\//);
      }
    }
  });

  it('loads styles, fonts and images only from the webview resource origin (images also data:/blob: made by the page)', () => {
    expect(csp.get('style-src')).toEqual([source]);
    expect(csp.get('font-src')).toEqual([source]);
    expect(csp.get('img-src')).toEqual([source, 'data:', 'blob:']);
    expect(csp.get('connect-src')).toBeUndefined(); // falls back to 'none': no fetch, no websocket
    expect(csp.get('frame-src')).toBeUndefined();
  });

  it('the page carries that CSP, and its only script has the same nonce', () => {
    const html = renderPanelHtml({
      cspSource: source,
      nonce,
      scriptUri: `${source}/dist/webview/main.js`,
      styleUri: `${source}/dist/webview/main.css`,
      codiconUri: `${source}/dist/webview/codicon.css`,
      title: 'x.npy',
    });
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(directives(meta)).toEqual(csp);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/https?:\/\/(?!0abc\.vscode-resource\.vscode-cdn\.net)/);
  });
});

describe('webview options', () => {
  it('scripts on, and local resources only from the extension’s dist/webview and media', async () => {
    const { webviewOptions } = await import('../../src/extension/panel/vscodePanel');
    const options = webviewOptions(EXTENSION as never);
    expect(options.enableScripts).toBe(true);
    expect(options.enableCommandUris ?? false).toBe(false);
    const roots = (options.localResourceRoots ?? []) as unknown as { scheme: string; path: string }[];
    expect(roots.length).toBeGreaterThan(0);
    for (const root of roots) {
      expect(root.scheme).toBe('file');
      expect([`${EXTENSION.path}/dist/webview`, `${EXTENSION.path}/media`]).toContain(root.path);
    }
  });
});

describe('the webview bundle', () => {
  it('needs no eval and loads nothing remote (a fresh build of webview/main.ts, its embedded worker included)', async () => {
    const root = join(__dirname, '..', '..');
    const result = await esbuild.build({
      absWorkingDir: root,
      plugins: [workerSource({ target: 'es2022', logLevel: 'silent' })],
      entryPoints: [join(root, 'webview', 'main.ts')],
      bundle: true,
      write: false,
      outdir: join(root, 'dist', 'webview-check'),
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
    });
    const js = result.outputFiles
      .filter((f) => f.path.endsWith('.js'))
      .map((f) => f.text)
      .join('\n');
    const css = result.outputFiles
      .filter((f) => f.path.endsWith('.css'))
      .map((f) => f.text)
      .join('\n');
    expect(js.length).toBeGreaterThan(1000);
    expect(js).not.toMatch(/\beval\(|new Function\(|setTimeout\(\s*['"`]/);
    // No URL the page could fetch: http(s) and protocol-relative URLs in code or styles (XML namespaces aside).
    const urls = [...`${js}\n${css}`.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi)]
      .map((m) => m[0])
      .filter((u) => !/^https?:\/\/www\.w3\.org\//.test(u));
    expect(urls).toEqual([]);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, escapeHtml, makeNonce, renderPanelHtml } from '../../src/extension/panel/html';

const options = {
  cspSource: 'https://abc.vscode-cdn.net',
  nonce: '0123456789abcdef0123456789abcdef',
  scriptUri: 'https://abc.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://abc.vscode-cdn.net/ext/dist/webview/main.css',
  codiconUri: 'https://abc.vscode-cdn.net/ext/dist/webview/codicon.css',
  title: 'a.npy',
};

describe('renderPanelHtml', () => {
  const html = renderPanelHtml(options);

  it('sets the strict CSP exactly', () => {
    const attr = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    const csp = attr?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(csp).toBe(
      "default-src 'none'; img-src https://abc.vscode-cdn.net data: blob:; style-src https://abc.vscode-cdn.net; " +
        "font-src https://abc.vscode-cdn.net; script-src 'nonce-0123456789abcdef0123456789abcdef' 'wasm-unsafe-eval'; worker-src blob:;",
    );
    // WebAssembly compilation is the only relaxation: no JavaScript eval, no inline code.
    expect(contentSecurityPolicy('X', 'n').replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe/);
  });

  it('loads only our script (with the nonce) and our two stylesheets', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([` nonce="${options.nonce}" src="${options.scriptUri}"`]);
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual([options.codiconUri, options.styleUri]);
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/\son\w+=/); // no inline handlers
    expect(html).not.toMatch(/<style/);
  });

  it('escapes the title and attribute values', () => {
    const evil = renderPanelHtml({ ...options, title: '</title><script>alert(1)</script>', scriptUri: 'x" onload="y' });
    expect(evil).not.toContain('<script>alert');
    expect(evil).toContain('&#60;/title&#62;');
    expect(evil).toContain('src="x&#34; onload=&#34;y"');
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });
});

describe('makeNonce', () => {
  it('gives 32 hex characters, different each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, makeNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
});

/** The panel's HTML: a strict CSP with a nonce and nothing but our own bundle and styles. */

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** Webview URIs (`webview.asWebviewUri`) as text. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return (
    [
      "default-src 'none'",
      `img-src ${cspSource} data: blob:`,
      `style-src ${cspSource}`,
      `font-src ${cspSource}`,
      // 'wasm-unsafe-eval' allows compiling WebAssembly (the core's SIMD kernels) and nothing
      // else: JavaScript eval stays blocked.
      `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
      'worker-src blob:',
    ].join('; ') + ';'
  );
}

export function renderPanelHtml(o: PanelHtmlOptions): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits as hex; `crypto.getRandomValues` exists in Node 20 and in browsers (web extension host). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

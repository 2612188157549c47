// The panel UI entry point (bundled by scripts/build.mjs into dist/webview/main.js;
// the CSS imported here becomes dist/webview/main.css).
import './main.css';
import { Panel } from './panel';

function start(): void {
  let root = document.getElementById('app');
  if (!root) {
    root = document.createElement('div');
    root.id = 'app';
    document.body.append(root);
  }
  try {
    new Panel(root);
  } catch (e) {
    // Never a blank panel: say what went wrong.
    const message = e instanceof Error ? e.message : String(e);
    const p = document.createElement('p');
    p.className = 'pl-fatal';
    p.textContent = `Pooling Lens could not start its panel: ${message}`;
    root.replaceChildren(p);
  }
}

start();

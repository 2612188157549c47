// The panel's Web Worker (webview/worker/main.ts: block cut, statistics, pooling, pixels) is
// bundled on its own and embedded in main.js as text (`import source from
// 'pooling-lens-worker-source'`): the panel starts it from a blob, which the webview's CSP
// allows (`worker-src blob:`) without letting the page fetch anything (no connect-src) and
// without a cross-origin worker URL, which VS Code's webviews refuse.
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * @param {import('esbuild').BuildOptions} options what the worker is built with (defines, target, minify)
 * @returns {import('esbuild').Plugin}
 */
export function workerSource(options = {}) {
  return {
    name: 'pooling-lens-worker-source',
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: /^pooling-lens-worker-source$/ }, (args) => ({ path: args.path, namespace: 'pl-worker' }));
      build.onLoad({ filter: /.*/, namespace: 'pl-worker' }, async () => {
        const r = await esbuild.build({
          ...options,
          absWorkingDir: root,
          bundle: true,
          entryPoints: [path.join(root, 'webview/worker/main.ts')],
          outfile: path.join(root, 'dist/webview/worker.js'),
          platform: 'browser',
          format: 'iife',
          sourcemap: false,
          write: false,
          metafile: true,
          plugins: [],
        });
        const text = `${r.outputFiles[0].text}\n//# sourceURL=pooling-lens-worker.js\n`;
        return { contents: text, loader: 'text', watchFiles: Object.keys(r.metafile.inputs).map((f) => path.join(root, f)) };
      });
    },
  };
}

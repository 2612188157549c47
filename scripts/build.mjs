// One build for every target: the Node extension (desktop), the web extension
// (vscode.dev and our VS Code for the Web tests), the webview bundle and the
// in-VS Code test bundle. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  target: 'es2022',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/node/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
  },
];

// Tests that run inside VS Code for the Web (see test/vscode/).
if (existsSync(path.join(root, 'test/vscode/suite/index.ts'))) {
  targets.push({
    ...common,
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: 'dist/web/test/suite/index.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    // mocha's browser build expects these Node globals.
    define: { ...common.define, global: 'globalThis' },
  });
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`[build] ${targets.length} bundles in dist/`);
}

// One build for every target: the Node extension (desktop), the web extension
// (vscode.dev and our VS Code for the Web tests), the webview bundle and the
// in-VS Code test bundle. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mochaUmdAsCommonJs } from './mocha-umd-plugin.mjs';
import { workerSource } from './worker-source-plugin.mjs';

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
  define: {
    'process.env.NODE_ENV': production ? '"production"' : '"development"',
    // Test hooks (poolingLens.test.* commands, window.__poolingLens): code behind
    // `if (POOLING_LENS_TEST_HOOKS)` is dropped from production bundles.
    POOLING_LENS_TEST_HOOKS: production ? 'false' : 'true',
  },
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
    plugins: [workerSource(common)],
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
    plugins: [mochaUmdAsCommonJs],
  });
}

// The same tests in desktop VS Code (test/desktop/run.mjs); mocha loads from node_modules.
if (existsSync(path.join(root, 'test/desktop/suite/index.ts'))) {
  targets.push({
    ...common,
    entryPoints: ['test/desktop/suite/index.ts'],
    outfile: 'dist/test/desktop/suite/index.js', // not under dist/node: that ships in the .vsix
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
  });
}

// The webview may load only our own files (CSP): ship VS Code's codicons next to its bundle.
// main.css itself comes from the CSS that webview/main.ts imports.
const codicons = path.join(root, 'node_modules/@vscode/codicons/dist');
mkdirSync(path.join(root, 'dist/webview'), { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(path.join(codicons, file), path.join(root, 'dist/webview', file));

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`[build] ${targets.length} bundles in dist/`);
}

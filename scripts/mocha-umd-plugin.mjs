// esbuild plugin for bundling mocha's browser build (`mocha/mocha`, a UMD file).
// mocha ≥11 is "type": "module", so esbuild treats mocha.js as ESM and leaves its
// UMD test `typeof module !== 'undefined'` pointing at OUR bundle's CommonJS
// `module`: `module.exports = factory()` would then replace the test bundle's
// exports (its `run`) with mocha. Loading the file outside the 'file' namespace
// makes esbuild ignore package.json "type" and wrap it as CommonJS; mocha still
// sets `globalThis.mocha` itself.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** @type {import('esbuild').Plugin} */
export const mochaUmdAsCommonJs = {
  name: 'mocha-umd-as-commonjs',
  setup(build) {
    build.onResolve({ filter: /^mocha\/mocha(\.js)?$/ }, () => ({
      path: require.resolve('mocha/mocha.js'),
      namespace: 'mocha-umd',
    }));
    build.onLoad({ filter: /.*/, namespace: 'mocha-umd' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

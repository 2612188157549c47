// The pure modules the webview and workbench checks compute their expectations with, bundled
// from src/ with esbuild (so the tests run the source, not a copy of it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bundle = await esbuild.build({
  stdin: {
    contents: [
      "export { compareFrameworks } from './src/compare/index.ts';",
      "export { toPoolOptions } from './src/request/index.ts';",
      "export { chainInfo, chainTrace, chainToCode, poolChain } from './src/core/index.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});

/**
 * @type {{ compareFrameworks: Function, toPoolOptions: Function, chainInfo: Function, chainTrace: Function,
 *   chainToCode: Function, poolChain: Function }}
 */
export const source = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

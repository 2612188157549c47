// esbuild bundles CSS imported for its side effects (see scripts/build.mjs).
declare module '*.css';

/** False in `build.mjs --production` builds, which drop what it guards (webview/testHooks.ts). */
declare const POOLING_LENS_TEST_HOOKS: boolean;

/** The worker bundle's source (scripts/build.mjs embeds it; webview/workerClient.ts starts it from a blob). */
declare module 'pooling-lens-worker-source' {
  const source: string;
  export default source;
}

// esbuild bundles CSS imported for its side effects (see scripts/build.mjs).
declare module '*.css';

/** False in `build.mjs --production` builds, which drop what it guards (webview/testHooks.ts). */
declare const POOLING_LENS_TEST_HOOKS: boolean;

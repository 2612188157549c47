// esbuild bundles CSS imported for its side effects (see scripts/build.mjs).
declare module '*.css';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As scripts/build.mjs's development builds (see there).
  define: { POOLING_LENS_TEST_HOOKS: 'true' },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/vscode/**', 'node_modules/**'],
    testTimeout: 20000,
  },
});

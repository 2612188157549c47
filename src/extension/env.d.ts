/** False in `build.mjs --production` builds, which drop what it guards (the test commands). */
declare const POOLING_LENS_TEST_HOOKS: boolean;

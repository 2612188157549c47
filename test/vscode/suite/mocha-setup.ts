/// <reference types="mocha" />
// Imported first by index.ts: mocha's browser build must define the tdd globals
// (suite, test, …) before any test file is evaluated.
import 'mocha/mocha';

// The default browser reporter ('html') needs a DOM; the extension host is a worker.
mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 30_000, color: false });

/// <reference types="mocha" />
// Entry of the test bundle that VS Code for the Web loads (extensionTestsPath).
// Add a test file: create test/vscode/suite/<name>.test.ts and import it in tests.ts.
import './mocha-setup'; // first: defines the tdd globals the test files use
import './tests';

/** Prefix of the line the runner (test/vscode/run.mjs) reads the counts from. */
const resultMarker = '[vscode-tests]';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`${resultMarker} ${passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
  });
}

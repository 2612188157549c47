/// <reference types="mocha" />
// Entry of the test bundle for desktop VS Code (test/desktop/run.mjs): Node's
// mocha from node_modules runs the same test files as the web suite.

export async function run(): Promise<void> {
  // mocha is ESM-only since v11; a dynamic import works from this CommonJS bundle.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 30_000 });
  // What mocha does before requiring each spec file: define suite/test globally.
  mocha.suite.emit('pre-require', globalThis, 'tests', mocha);
  await import('../../vscode/suite/tests');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed.`);
}

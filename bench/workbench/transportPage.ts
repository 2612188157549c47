// The transport-floor panel's page (bench only, never shipped): it pools nothing and draws
// nothing, it only takes an array's bytes in, by whichever path the host asks for, keeps them
// (as the panel keeps its one copy) and tells the host when the last byte is in. Its scripts are
// plain functions serialized into the page, so they must not close over anything.

/** Messages host → page. */
export type FloorRequest =
  | { type: 'bytes'; total: number; offset: number; chunk: Uint8Array }
  | { type: 'fetch'; url: string; total: number; inWorker: boolean };

/** Messages page → host; `at` is wall clock (performance.timeOrigin + now()). */
export type FloorReply =
  | { type: 'ready'; at: number }
  | { type: 'in'; at: number; bytes: number; firstWord: number; where: string }
  | { type: 'failed'; at: number; message: string };

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

/** Runs in the page. */
function pageMain(workerSource: string): void {
  const vscode = acquireVsCodeApi();
  const now = () => performance.timeOrigin + performance.now();
  const kept: unknown[] = []; // what arrived, held until the panel closes
  let whole: Uint8Array | null = null;
  let got = 0;
  const done = (bytes: Uint8Array, where: string) =>
    vscode.postMessage({ type: 'in', at: now(), bytes: bytes.byteLength, firstWord: new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true), where });
  const fail = (e: unknown) => vscode.postMessage({ type: 'failed', at: now(), message: e instanceof Error ? e.message : String(e) });
  window.addEventListener('message', (event: MessageEvent<FloorRequest>) => {
    const m = event.data;
    if (m.type === 'bytes') {
      if (m.chunk.byteLength === m.total) {
        // One message: keep the buffer the message brought (no copy of ours).
        kept.push(m.chunk);
        done(m.chunk, 'page');
        return;
      }
      // Chunks: one buffer for the whole array, as the panel's worker needs it, filled as they come.
      whole ??= new Uint8Array(m.total);
      whole.set(m.chunk, m.offset);
      got += m.chunk.byteLength;
      if (got >= m.total) {
        kept.push(whole);
        done(whole, 'page');
      }
      return;
    }
    if (m.type === 'fetch' && !m.inWorker) {
      fetch(m.url)
        .then((r) => {
          if (!r.ok) throw new Error(`fetch answered ${r.status}`);
          return r.arrayBuffer();
        })
        .then((buffer) => {
          kept.push(buffer);
          done(new Uint8Array(buffer), 'page');
        })
        .catch(fail);
      return;
    }
    if (m.type === 'fetch') {
      try {
        const worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
        kept.push(worker);
        worker.onmessage = (e: MessageEvent<{ at: number; bytes: number; firstWord: number } | { error: string }>) => {
          const r = e.data;
          if ('error' in r) fail(new Error(`in the worker: ${r.error}`));
          else vscode.postMessage({ type: 'in', at: r.at, bytes: r.bytes, firstWord: r.firstWord, where: 'worker' });
        };
        worker.onerror = (e) => fail(new Error(`worker: ${e.message}`));
        worker.postMessage(m.url);
      } catch (e) {
        fail(e);
      }
    }
  });
  vscode.postMessage({ type: 'ready', at: now() });
}

/** Runs in a Web Worker made from a blob URL: fetches the URL it is sent and keeps the bytes. */
function workerMain(): void {
  const kept: ArrayBuffer[] = [];
  self.onmessage = (e: MessageEvent<string>) => {
    fetch(e.data)
      .then((r) => {
        if (!r.ok) throw new Error(`fetch answered ${r.status}`);
        return r.arrayBuffer();
      })
      .then((buffer) => {
        kept.push(buffer);
        const firstWord = new DataView(buffer).getUint32(0, true);
        self.postMessage({ at: performance.timeOrigin + performance.now(), bytes: buffer.byteLength, firstWord });
      })
      .catch((err: unknown) => self.postMessage({ error: err instanceof Error ? err.message : String(err) }));
  };
}

/** The page: CSP as the panel's (nonce scripts, blob workers) plus connect-src for the fetch paths. */
export function transportHtml(cspSource: string, nonce: string): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, 'worker-src blob:', `connect-src ${cspSource}`].join('; ');
  const workerSource = `(${workerMain.toString()})();`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Transport floor</title>
</head>
<body>
<script nonce="${nonce}">(${pageMain.toString()})(${JSON.stringify(workerSource)});</script>
</body>
</html>
`;
}

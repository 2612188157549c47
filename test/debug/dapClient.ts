/**
 * A small Debug Adapter Protocol client for tests: drives an adapter over stdio exactly as
 * VS Code does (Content-Length framing, seq/request_seq matching, events) and can record the
 * exchanges for replay (test/vscode's inline adapter).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface DapResponse {
  seq: number;
  type: 'response';
  request_seq: number;
  command: string;
  success: boolean;
  message?: string;
  body?: Record<string, unknown>;
}

export interface DapEvent {
  seq: number;
  type: 'event';
  event: string;
  body?: Record<string, unknown>;
}

export interface Exchange {
  command: string;
  arguments: Record<string, unknown> | undefined;
  response: DapResponse;
}

export class DapClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private seq = 1;
  private readonly pending = new Map<number, (r: DapResponse) => void>();
  private readonly events: DapEvent[] = [];
  private readonly waiters: { name: string; resolve: (e: DapEvent) => void }[] = [];
  /** Every request and its response, in order (when `record` is on). */
  readonly exchanges: Exchange[] = [];
  record = false;
  /** Requests sent so far (tests of "no more requests after cancel"). */
  requestCount = 0;
  stderr = '';

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (d: Buffer) => this.onData(d));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  request(command: string, args?: Record<string, unknown>): Promise<DapResponse> {
    const seq = this.seq++;
    this.requestCount++;
    const message = JSON.stringify({ seq, type: 'request', command, arguments: args });
    const promise = new Promise<DapResponse>((resolve) => this.pending.set(seq, resolve));
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
    return promise.then((response) => {
      if (this.record) this.exchanges.push({ command, arguments: args, response });
      return response;
    });
  }

  /** The next event named `name` (or one already received and not yet taken). */
  waitEvent(name: string, timeoutMs = 30_000): Promise<DapEvent> {
    const i = this.events.findIndex((e) => e.event === name);
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${timeoutMs} ms; adapter stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({
        name,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  kill(): void {
    this.child.kill();
  }

  /** Chunks received and not yet parsed (kept apart: re-concatenating megabytes per chunk is quadratic). */
  private chunks: Buffer[] = [];
  private received = 0;
  /** Body length of the message being received, once its header is parsed. */
  private bodyLength = -1;

  private onData(data: Buffer): void {
    this.chunks.push(data);
    this.received += data.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
        this.chunks = [head];
        const headerEnd = head.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const match = /Content-Length: (\d+)/i.exec(head.subarray(0, headerEnd).toString('ascii'));
        if (!match) throw new Error('DAP message without Content-Length');
        this.bodyLength = Number(match[1]);
        this.chunks = [head.subarray(headerEnd + 4)];
        this.received = head.length - headerEnd - 4;
      }
      if (this.received < this.bodyLength) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const body = all.subarray(0, this.bodyLength).toString('utf8');
      const rest = all.subarray(this.bodyLength);
      this.chunks = [rest];
      this.received = rest.length;
      this.bodyLength = -1;
      this.dispatch(JSON.parse(body) as DapResponse | DapEvent | { type: 'request'; seq: number; command: string });
    }
  }

  private dispatch(message: DapResponse | DapEvent | { type: 'request'; seq: number; command: string }): void {
    if (message.type === 'response') {
      this.pending.get(message.request_seq)?.(message);
      this.pending.delete(message.request_seq);
    } else if (message.type === 'event') {
      const w = this.waiters.findIndex((x) => x.name === message.event);
      if (w >= 0) this.waiters.splice(w, 1)[0]!.resolve(message);
      else this.events.push(message);
    } else if (message.type === 'request') {
      // Reverse requests (runInTerminal) are not used with console 'internalConsole'.
      const reply = JSON.stringify({ seq: this.seq++, type: 'response', request_seq: message.seq, command: message.command, success: false });
      this.child.stdin.write(`Content-Length: ${Buffer.byteLength(reply)}\r\n\r\n${reply}`);
    }
  }
}

export const PYTHON = '/usr/bin/python3';

/** True when `/usr/bin/python3 -m debugpy` can run here; else the reason. */
export async function debugpyAvailable(): Promise<true | string> {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(PYTHON, ['-c', 'import debugpy; print(debugpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0
    ? true
    : `debugpy is not installed for ${PYTHON} (apt-get install python3-debugpy): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
}

export interface PausedSession {
  client: DapClient;
  threadId: number;
  frameId: number;
  /** DAP evaluate in the paused frame; rejects on a failed response. */
  evaluate(expression: string, context: 'clipboard' | 'repl'): Promise<string>;
  /** Resumes to the next breakpoint hit and updates frameId. */
  continueToNext(): Promise<void>;
  close(): Promise<void>;
}

/** Launches `program` under debugpy as VS Code does and stops at the given lines. */
export async function launchPaused(program: string, lines: number[]): Promise<PausedSession> {
  const client = new DapClient(PYTHON, ['-m', 'debugpy.adapter']);
  const init = await client.request('initialize', {
    clientID: 'vscode',
    adapterID: 'debugpy',
    pathFormat: 'path',
    linesStartAt1: true,
    columnsStartAt1: true,
    supportsVariableType: true,
    supportsRunInTerminalRequest: false,
  });
  if (!init.success) throw new Error(`initialize failed: ${init.message}`);
  // The launch response arrives only after configurationDone.
  const launched = client.request('launch', { program, python: [PYTHON], console: 'internalConsole', justMyCode: true, cwd: program.replace(/\/[^/]*$/, '') });
  await client.waitEvent('initialized');
  const bp = await client.request('setBreakpoints', { source: { path: program }, breakpoints: lines.map((line) => ({ line })) });
  if (!bp.success) throw new Error(`setBreakpoints failed: ${bp.message}`);
  await client.request('configurationDone');
  const l = await launched;
  if (!l.success) throw new Error(`launch failed: ${l.message}`);
  const session: PausedSession = {
    client,
    threadId: 0,
    frameId: 0,
    async evaluate(expression, context) {
      const r = await client.request('evaluate', { expression, frameId: session.frameId, context });
      if (!r.success) throw new Error(r.message ?? 'evaluate failed');
      return String(r.body?.result ?? '');
    },
    async continueToNext() {
      await client.request('continue', { threadId: session.threadId });
      await stopped();
    },
    async close() {
      await Promise.race([client.request('disconnect', { terminateDebuggee: true }), new Promise((r) => setTimeout(r, 3000))]);
      client.kill();
    },
  };
  const stopped = async (): Promise<void> => {
    const event = await client.waitEvent('stopped', 60_000);
    session.threadId = Number(event.body?.threadId);
    const trace = await client.request('stackTrace', { threadId: session.threadId, startFrame: 0, levels: 1 });
    const frames = trace.body?.stackFrames as { id: number }[] | undefined;
    if (!frames?.[0]) throw new Error('no stack frame');
    session.frameId = frames[0].id;
  };
  await stopped();
  return session;
}

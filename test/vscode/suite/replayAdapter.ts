// An inline debug adapter that answers as debugpy did when test/debug/recordDebugpy.ts recorded
// it: VS Code for the Web cannot run debugpy, but it can run the whole DAP conversation — menus,
// arguments, evaluate in the selected frame, stops — against these answers.
import * as vscode from 'vscode';
import recording from './fixtures/debugpy-recording.json';

interface Message {
  seq: number;
  type: string;
  command?: string;
  arguments?: Record<string, unknown>;
}

/** The user's expression inside our generated expression (`((\n<expr>\n), {...})`). */
const USER_EXPRESSION = /\(\n([\s\S]*?)\n\)/;

export class ReplayAdapter implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private seq = 1;
  private stop = 0;
  /** Every evaluate request received, with the user's expression. */
  readonly evaluated: string[] = [];
  /** Answers for these user expressions are those of `x`, after this many ms (progress, cancel). */
  static slow = new Map<string, number>();

  handleMessage(raw: vscode.DebugProtocolMessage): void {
    const m = raw as Message;
    if (m.type !== 'request' || !m.command) return;
    void this.answer(m);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private send(message: Record<string, unknown>): void {
    this.emitter.fire({ seq: this.seq++, ...message } as vscode.DebugProtocolMessage);
  }

  private respond(m: Message, body: Record<string, unknown> = {}, success = true, message?: string): void {
    this.send({ type: 'response', request_seq: m.seq, command: m.command, success, body, ...(message ? { message } : {}) });
  }

  private stopped(): void {
    this.send({ type: 'event', event: 'stopped', body: { reason: 'breakpoint', threadId: 1, allThreadsStopped: true } });
  }

  private async answer(m: Message): Promise<void> {
    const stop = recording.stops[Math.min(this.stop, recording.stops.length - 1)]!;
    switch (m.command) {
      case 'initialize':
        this.respond(m, { supportsConfigurationDoneRequest: true, supportsEvaluateForHovers: true, supportsClipboardContext: true });
        this.send({ type: 'event', event: 'initialized' });
        return;
      case 'configurationDone':
        this.respond(m);
        this.stopped();
        return;
      case 'threads':
        this.respond(m, { threads: [{ id: 1, name: 'MainThread' }] });
        return;
      case 'stackTrace':
        this.respond(m, {
          stackFrames: [
            { id: 100 + this.stop, name: stop.frame.name, line: stop.frame.line, column: 1, source: { name: stop.frame.source.name, sourceReference: 1 } },
          ],
          totalFrames: 1,
        });
        return;
      case 'source':
        // The recorded program's text is not in the web workspace; the editor shows a stand-in.
        this.respond(m, {
          content: `${'# recorded debugpy session of test/debug/programs/arrays.py\n'.repeat(stop.frame.line - 1)}print('stop', step)  # BREAK\n`,
          mimeType: 'text/x-python',
        });
        return;
      case 'scopes':
        this.respond(m, { scopes: [{ name: 'Locals', variablesReference: 1, expensive: false }] });
        return;
      case 'variables':
        this.respond(m, {
          variables: [
            {
              name: 'model',
              value: 'Model((pool1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False))',
              type: 'Model',
              evaluateName: 'model',
              variablesReference: 0,
            },
            { name: 'x', value: `array([[...]], dtype=float32) step ${this.stop}`, type: 'ndarray', evaluateName: 'x', variablesReference: 0 },
          ],
        });
        return;
      case 'evaluate': {
        const expression = String(m.arguments?.expression ?? '');
        const context = String(m.arguments?.context ?? '');
        const user = USER_EXPRESSION.exec(expression)?.[1];
        this.evaluated.push(user !== undefined ? `${user}@${this.stop}` : `raw:${expression.slice(0, 40)}@${this.stop}`);
        const delay = user !== undefined ? ReplayAdapter.slow.get(user) : undefined;
        const lookup = delay !== undefined ? expression.replace(USER_EXPRESSION, '(\nx\n)') : expression;
        if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
        const hit = stop.evaluations.find((e) => e.expression === lookup && e.context === context);
        if (hit) this.respond(m, { result: hit.result, variablesReference: 0 });
        else this.respond(m, {}, false, `not in the recording: ${(user ?? expression).slice(0, 80)}`);
        return;
      }
      case 'continue':
        this.respond(m, { allThreadsContinued: true });
        this.send({ type: 'event', event: 'continued', body: { threadId: 1, allThreadsContinued: true } });
        this.stop++;
        setTimeout(() => this.stopped(), 50);
        return;
      case 'disconnect':
      case 'terminate':
        this.respond(m);
        this.send({ type: 'event', event: 'terminated' });
        return;
      default:
        // launch, setBreakpoints, setExceptionBreakpoints, pause, …
        this.respond(m, m.command === 'setBreakpoints' ? { breakpoints: [] } : {});
    }
  }
}

/** The debug session and frame the user is looking at, and DAP evaluate in that frame. */
import * as vscode from 'vscode';
import type { DebugLanguage, Evaluate } from '../../debug';

/** Session types whose adapters answer our expressions: debugpy, and js-debug's. */
export const SUPPORTED_DEBUG_TYPES: Record<string, DebugLanguage> = {
  debugpy: 'python',
  python: 'python',
  node: 'javascript',
  'pwa-node': 'javascript',
  'pwa-chrome': 'javascript',
  'pwa-msedge': 'javascript',
};

export interface PausedFrame {
  session: vscode.DebugSession;
  frameId: number;
  threadId: number;
  language: DebugLanguage;
}

/** Why there is no frame to read from, as the user should read it. */
export class NoFrameError extends Error {}

export function languageOf(session: vscode.DebugSession): DebugLanguage | undefined {
  return SUPPORTED_DEBUG_TYPES[session.type];
}

/** The selected stack frame of a supported, paused session; throws NoFrameError otherwise. */
export function currentFrame(): PausedFrame {
  const session = vscode.debug.activeDebugSession;
  if (!session) throw new NoFrameError('No debug session is running. Start debugging and stop at a breakpoint first.');
  const language = languageOf(session);
  if (!language) {
    throw new NoFrameError(
      `Pooling Lens reads values from Python (debugpy) and JavaScript (node, pwa-node, pwa-chrome, pwa-msedge) sessions; this one is '${session.type}'.`,
    );
  }
  const item = vscode.debug.activeStackItem;
  if (!item || item.session.id !== session.id || !('frameId' in item)) {
    throw new NoFrameError('The program is running — pause it first (or select a stack frame in the Call Stack view).');
  }
  return { session, frameId: item.frameId, threadId: item.threadId, language };
}

/** DAP evaluate in `frame`, as VS Code sends it. */
export function evaluatorFor(frame: Pick<PausedFrame, 'session' | 'frameId'>): Evaluate {
  return async (expression, context) => {
    const response = (await frame.session.customRequest('evaluate', { expression, frameId: frame.frameId, context })) as { result?: unknown };
    return String(response?.result ?? '');
  };
}

/** `train.py:42` for the frame (name of the source and line), or undefined when the adapter does not say. */
export async function frameLocation(frame: PausedFrame): Promise<string | undefined> {
  try {
    const trace = (await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 20 })) as {
      stackFrames?: { id: number; line?: number; source?: { name?: string; path?: string } }[];
    };
    const f = trace.stackFrames?.find((s) => s.id === frame.frameId);
    if (!f) return undefined;
    const name = f.source?.name ?? f.source?.path?.split(/[\\/]/).pop();
    return name ? `${name}:${f.line ?? '?'}` : undefined;
  } catch {
    return undefined;
  }
}

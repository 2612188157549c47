/**
 * What a panel shows: an `ArraySource` (a file, an array literal in a document, the tutorial).
 * Each has a stable text key, kept by the webview as `PanelState.uri`, from which the
 * serializer rebuilds the source after a reload. Pure (no `vscode`), so the keys are unit-tested.
 */
import type { LoadedArray } from '../../io';
import type { HostMessage, PanelIntro } from '../../protocol';

export type InitialParams = NonNullable<Extract<HostMessage, { type: 'load' }>['initial']>;

export interface Disposable {
  dispose(): void;
}

/**
 * A source that has no data yet and will report `changed` when it has (a debugger value restored
 * after a reload, waiting for a session to stop): the panel says why it is empty, without an
 * error notification.
 */
export class SourcePending extends Error {
  override name = 'SourcePending';
}

export interface SourceEvents {
  /** The data may have changed: read it again. */
  changed(): void;
  /** The data is gone (file deleted, document closed for good). */
  deleted(): void;
}

export interface ArraySource {
  /** Identity: one panel per key; what the serializer restores from. */
  readonly key: string;
  /** Tab title and the name the panel shows. */
  readonly title: string;
  /** A file name whose stem names exported files (`<stem>.pooled.npy`). */
  readonly exportName: string;
  /** Reads the arrays; throws an error whose message is for the user. `keepGoing` false: the result is no longer wanted (it may stop). */
  load(keepGoing?: () => boolean): Promise<LoadedArray[]>;
  /** `load` reads the same data again (a file), so a panel need not hold the values (PanelHost.rereadable). */
  readonly rereadable?: boolean;
  /** Parameters a new panel starts with, for the array shown (undefined: the convention's defaults). */
  initialParams?(array: LoadedArray): InitialParams | undefined;
  /** Explanation shown above the grids. */
  readonly intro?: PanelIntro;
  /** The name the panel's header shows now, when it changes over time (a debugger value: `x @ train.py:42`). */
  displayName?(): string;
  /** Reports changes of the underlying data; everything returned is disposed with the panel. */
  watch?(events: SourceEvents): Disposable[];
}

export type SourceKey =
  | { kind: 'file'; uri: string }
  | { kind: 'literal'; document: string; offset: number }
  | { kind: 'tutorial'; id: string }
  | { kind: 'debug'; expression: string; layer?: string };

const LITERAL_PREFIX = 'pooling-lens:literal?';
const TUTORIAL_PREFIX = 'pooling-lens:tutorial?';
/** A value in the debugger: `expr`, and the pooling layer applied to it if any (debug/present.ts makes these keys). */
export const DEBUG_PREFIX = 'pooling-lens:debug?';

export function literalKey(document: string, offset: number): string {
  return `${LITERAL_PREFIX}offset=${offset}&doc=${encodeURIComponent(document)}`;
}

export function tutorialKey(id: string): string {
  return `${TUTORIAL_PREFIX}id=${encodeURIComponent(id)}`;
}

/** Reads a key back; a file key is any other text (a URI), checked by the caller. */
export function parseSourceKey(key: string): SourceKey | undefined {
  if (key.startsWith(LITERAL_PREFIX)) {
    const query = new URLSearchParams(key.slice(LITERAL_PREFIX.length));
    const offset = Number(query.get('offset'));
    const document = query.get('doc');
    if (!document || !Number.isSafeInteger(offset) || offset < 0) return undefined;
    return { kind: 'literal', document, offset };
  }
  if (key.startsWith(TUTORIAL_PREFIX)) {
    const id = new URLSearchParams(key.slice(TUTORIAL_PREFIX.length)).get('id');
    return id ? { kind: 'tutorial', id } : undefined;
  }
  if (key.startsWith(DEBUG_PREFIX)) {
    const query = new URLSearchParams(key.slice(DEBUG_PREFIX.length));
    const expression = query.get('expr')?.trim();
    const layer = query.get('layer')?.trim();
    if (!expression) return undefined;
    return layer ? { kind: 'debug', expression, layer } : { kind: 'debug', expression };
  }
  if (key.startsWith('pooling-lens:')) return undefined;
  return key.length > 0 ? { kind: 'file', uri: key } : undefined;
}

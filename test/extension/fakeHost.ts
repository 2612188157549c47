// The one fake PanelHost of the host tests: records what the controller posts, logs, shows,
// asks for and writes. `over` replaces any of the host's functions.
import type { LoadedArray } from '../../src/io';
import type { HostMessage } from '../../src/protocol';
import type { PanelHost, SaveTarget } from '../../src/extension/panel/controller';

export interface FakeHost {
  host: PanelHost;
  posted: HostMessage[];
  logs: { level: 'info' | 'warn' | 'error'; message: string }[];
  errors: string[];
  warnings: string[];
  /** Suggested names the save dialog was opened with. */
  dialogs: string[];
  written: { label: string; bytes: Uint8Array }[];
  clipboard: string[];
  /** Labels of the save targets that announced a finished export (the notification with Open). */
  announced: string[];
  /** Calls of loadFile. */
  reads: number;
  /** Calls of changed (the status bar refresh). */
  changed: number;
  /** Calls of openOther. */
  openOther: number;
  setLoad(f: (keepGoing?: () => boolean) => Promise<LoadedArray[]>): void;
  /** What the save dialog returns next (undefined: cancelled). */
  setSave(t: SaveTarget | undefined): void;
}

export interface FakeHostOptions {
  load?: (keepGoing?: () => boolean) => Promise<LoadedArray[]>;
  /** Where the default save target says it writes. */
  saveLabel?: string;
  over?: Partial<PanelHost>;
}

export const grid = (name = 'm.csv', n = 5): LoadedArray => ({
  name,
  dtype: 'float64',
  array: { shape: [n, n], data: Float64Array.from({ length: n * n }, (_, i) => i + 1) },
});

export function fakePanelHost(options: FakeHostOptions = {}): FakeHost {
  let load = options.load ?? (async () => [grid()]);
  const f: FakeHost = {
    posted: [],
    logs: [],
    errors: [],
    warnings: [],
    dialogs: [],
    written: [],
    clipboard: [],
    announced: [],
    reads: 0,
    changed: 0,
    openOther: 0,
    setLoad: (g) => void (load = g),
    setSave: (t) => void (save = t),
    host: undefined as unknown as PanelHost,
  };
  const label = options.saveLabel ?? '/w/m.pooled.npy';
  let save: SaveTarget | undefined = { label, write: async (bytes) => void f.written.push({ label, bytes }), announce: () => void f.announced.push(label) };
  f.host = {
    loadFile: (keepGoing) => {
      f.reads++;
      return load(keepGoing);
    },
    post: async (m) => {
      f.posted.push(m);
      return true;
    },
    log: {
      info: (message) => f.logs.push({ level: 'info', message }),
      warn: (message) => f.logs.push({ level: 'warn', message }),
      error: (message) => f.logs.push({ level: 'error', message }),
    },
    showError: (m) => f.errors.push(m),
    showWarning: (m) => f.warnings.push(m),
    pickSaveTarget: async (name) => {
      f.dialogs.push(name);
      return save;
    },
    copyToClipboard: async (t) => void f.clipboard.push(t),
    openOther: async () => void f.openOther++,
    settings: () => ({ colormap: 'viridis', decimals: 3, convention: 'pytorch' }),
    changed: () => void f.changed++,
    ...options.over,
  };
  return f;
}

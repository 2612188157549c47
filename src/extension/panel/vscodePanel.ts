/** Wires one `PanelController` to a VS Code webview panel (or custom editor): HTML, messages, watching its source, disposal. */
import * as vscode from 'vscode';
import type { ExportFormat } from '../../protocol';
import { panelSettings } from '../config';
import { VISUALIZE_COMMAND } from '../commandIds';
import { workspacePath } from '../uris';
import { PanelController } from './controller';
import type { PanelHost, PanelInit, SaveTarget } from './controller';
import { makeNonce, renderPanelHtml } from './html';
import type { ArraySource } from './source';

export const PANEL_VIEW_TYPE = 'poolingLens.panel';

/** A source as the VS Code side needs it. */
export interface PanelSource extends ArraySource {
  /** Where the export dialog starts (next to the file or document). */
  readonly saveFolder?: vscode.Uri;
}

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Runs the quick pick and opens the choice (the webview's "open another file"). */
  openOther(): Promise<void>;
  /** The panel's status (rendered, errors) changed, or it became active. */
  changed(entry: PanelEntry): void;
  disposed(entry: PanelEntry): void;
}

export interface PanelEntry {
  readonly panel: vscode.WebviewPanel;
  readonly controller: PanelController;
  /** The source's key; undefined only for a panel whose saved state could not be restored. */
  readonly key: string | undefined;
}

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function panelIcon(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'panel-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'panel-dark.svg'),
  };
}

/** "Saved out/x.csv" with Open (the default editor: text, image preview) and Open in Pooling Lens. */
function announceExport(target: vscode.Uri, label: string, format: ExportFormat): void {
  const open = 'Open';
  const visualize = 'Open in Pooling Lens';
  // A .npy in a text editor is binary noise: only the panel shows it.
  const actions = format === 'npy' ? [visualize] : [open, visualize];
  void vscode.window.showInformationMessage(`Pooling Lens: saved ${label}`, ...actions).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
    else if (choice === visualize) void vscode.commands.executeCommand(VISUALIZE_COMMAND, target);
  });
}

function setHtml(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, title: string): void {
  const webview = panel.webview;
  const root = webviewRoot(extensionUri);
  const asUri = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  webview.html = renderPanelHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri('main.js'),
    styleUri: asUri('main.css'),
    codiconUri: asUri('codicon.css'),
    title,
  });
}

/** Disposables held by open panels' wiring (listeners, watchers, timers); 0 once every panel is closed. */
let liveResources = 0;
export function livePanelResources(): number {
  return liveResources;
}

const FORMAT_FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  npy: { 'NumPy array': ['npy'] },
  csv: { CSV: ['csv'] },
  png: { 'PNG image': ['png'] },
};

/**
 * Takes over `panel` (new or restored, or a custom editor's) for `source`. Without a source the
 * panel shows `init.fatalMessage`. Everything created here is disposed with the panel.
 */
export function attachPanel(
  panel: vscode.WebviewPanel,
  source: PanelSource | undefined,
  init: Omit<PanelInit, 'uri' | 'fileName' | 'intro' | 'exportName'> & { fileName?: string },
  services: PanelServices,
): PanelEntry {
  const { log, extensionUri } = services;
  const fileName = init.fileName ?? source?.title ?? panel.title;
  const disposables: vscode.Disposable[] = [];

  panel.webview.options = webviewOptions(extensionUri);
  panel.iconPath = panelIcon(extensionUri);
  panel.title = fileName;

  const showError = (message: string): void => {
    void vscode.window.showErrorMessage(`Pooling Lens: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show(true);
    });
  };

  const host: PanelHost = {
    loadFile: (keepGoing) => (source ? source.load(keepGoing) : Promise.reject(new Error('no file'))),
    post: (message) => panel.webview.postMessage(message),
    log,
    showError,
    showWarning: (message) => void vscode.window.showWarningMessage(`Pooling Lens: ${message}`),
    pickSaveTarget: async (defaultName, format): Promise<SaveTarget | undefined> => {
      const folder = source?.saveFolder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
        filters: FORMAT_FILTERS[format],
        saveLabel: 'Export',
        title: `Export the pooled output of ${fileName}`,
      });
      if (!target) return undefined;
      const label = workspacePath(target);
      return {
        label,
        write: (bytes) => Promise.resolve(vscode.workspace.fs.writeFile(target, bytes)),
        announce: () => announceExport(target, label, format),
      };
    },
    copyToClipboard: (text) => vscode.env.clipboard.writeText(text),
    openOther: () => services.openOther(),
    settings: panelSettings,
    changed: () => services.changed(entry),
  };
  if (source?.rereadable) host.rereadable = true;
  if (source?.initialParams) host.initialParams = (array) => source.initialParams?.(array);
  if (source?.displayName) host.displayName = () => source.displayName?.() ?? fileName;

  const controllerInit: PanelInit = { ...init, fileName, uri: source?.key };
  if (source?.intro) controllerInit.intro = source.intro;
  if (source) controllerInit.exportName = source.exportName;
  const controller = new PanelController(host, controllerInit);
  const entry: PanelEntry = { panel, controller, key: source?.key };

  disposables.push(
    panel.webview.onDidReceiveMessage((message: unknown) => {
      void controller.handleMessage(message);
    }),
    panel.onDidChangeViewState(() => services.changed(entry)),
  );

  if (source?.watch) {
    disposables.push(
      ...source.watch({
        changed: () => void controller.refresh(),
        deleted: () => controller.fileDeleted(),
      }),
    );
  }

  liveResources += disposables.length;
  panel.onDidDispose(() => {
    controller.dispose();
    const released = disposables.splice(0);
    liveResources -= released.length;
    for (const d of released) d.dispose();
    services.disposed(entry);
  });

  // The read's first requests (stat, readFile) go to the workbench ahead of the HTML, whose
  // loading keeps the workbench's thread busy: the file then arrives while the webview starts.
  void controller.start();
  setHtml(panel, extensionUri, fileName);
  return entry;
}

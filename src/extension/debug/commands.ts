/**
 * Debugger entry points: Variables / Watch view menus (Visualize Pooling), the editor context
 * menu (Visualize Pooling of Expression) and the palette (Visualize Expression…), plus the
 * follow / freeze toggle of a debugger panel. Nothing is evaluated until the user asks.
 */
import * as vscode from 'vscode';
import { DebugReadError, inspectDebugValue, layerParams, listDebugArrays } from '../../debug';
import type { PoolingLayerInfo } from '../../debug';
import type { Logger } from '../logger';
import { errorDetail, errorMessage } from '../logger';
import type { PanelManager, RestoreInit } from '../panel/manager';
import type { PanelEntry } from '../panel/vscodePanel';
import { DebugSource, readInFrame } from './debugSource';
import { expressionAt, menuExpression } from './expressionAt';
import { debugKey } from './present';
import type { DebugTarget } from './present';
import { currentFrame, evaluatorFor, frameLocation, NoFrameError } from './session';
import type { PausedFrame } from './session';

export const VISUALIZE_VARIABLE_COMMAND = 'poolingLens.debug.visualizeVariable';
export const VISUALIZE_EXPRESSION_COMMAND = 'poolingLens.debug.visualizeExpression';
export const VISUALIZE_PROMPT_COMMAND = 'poolingLens.debug.visualizeExpressionPrompt';
export const FREEZE_COMMAND = 'poolingLens.debug.freeze';
export const FOLLOW_COMMAND = 'poolingLens.debug.follow';

const FOCUSED_KEY = 'poolingLens.debugPanelFocused';
const FOLLOWING_KEY = 'poolingLens.debugPanelFollowing';

export class DebugCommands implements vscode.Disposable {
  private readonly open = new Map<string, { source: DebugSource; entry: PanelEntry }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panels: PanelManager,
    private readonly log: Logger,
  ) {
    panels.setDebugRestorer((panel, target, init) => this.restore(panel, target, init));
    this.disposables.push(
      vscode.commands.registerCommand(VISUALIZE_VARIABLE_COMMAND, (arg?: unknown) => this.visualize(menuExpression(arg))),
      vscode.commands.registerCommand(VISUALIZE_EXPRESSION_COMMAND, () => this.visualize(this.editorExpression())),
      vscode.commands.registerCommand(VISUALIZE_PROMPT_COMMAND, async (arg?: unknown) => {
        const given = menuExpression(arg);
        const expression =
          given ??
          (await vscode.window.showInputBox({
            title: 'Pooling Lens: Visualize Expression',
            prompt: 'An expression in the selected stack frame: an array, tensor, image, list of numbers — or a pooling layer',
            value: this.editorExpression() ?? '',
          }));
        if (expression !== undefined) await this.visualize(expression.trim() || undefined);
      }),
      vscode.commands.registerCommand(FREEZE_COMMAND, (key?: unknown) => this.setFollowing(false, key)),
      vscode.commands.registerCommand(FOLLOW_COMMAND, (key?: unknown) => this.setFollowing(true, key)),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** The panel for `target` if open (tests). */
  sourceFor(target: DebugTarget): DebugSource | undefined {
    return this.open.get(debugKey(target))?.source;
  }

  private editorExpression(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const doc = editor.document;
    const sel = editor.selection;
    return expressionAt(doc.getText(), doc.offsetAt(sel.start), doc.offsetAt(sel.end));
  }

  async visualize(expression: string | undefined): Promise<void> {
    if (!expression) {
      void vscode.window.showWarningMessage('Pooling Lens: select an expression (or put the cursor on a name) to visualize.');
      return;
    }
    try {
      const frame = currentFrame();
      const existing = this.open.get(debugKey({ expression }));
      if (existing) {
        existing.entry.panel.reveal();
        await existing.source.reread();
        return;
      }
      await this.openValue(frame, expression);
    } catch (e) {
      this.report(expression, e);
    }
  }

  private async openValue(frame: PausedFrame, expression: string): Promise<void> {
    try {
      const loaded = await readInFrame(frame, expression, 'notification');
      this.show(new DebugSource({ expression }, { loaded, frame, where: await frameLocation(frame) }, undefined, this.log));
    } catch (e) {
      if (e instanceof DebugReadError && e.code === 'layer') {
        const info = await inspectDebugValue(evaluatorFor(frame), expression, { language: frame.language });
        if (info.kind === 'layer') {
          await this.openLayer(frame, expression, info.layer);
          return;
        }
      }
      throw e;
    }
  }

  /** A pooling layer: ask for its input among the frame's arrays, open it with exactly the layer's parameters. */
  private async openLayer(frame: PausedFrame, layerExpression: string, layer: PoolingLayerInfo): Promise<void> {
    // Only arrays the layer can take (the rank its framework accepts).
    const vars = (await listDebugArrays(evaluatorFor(frame), { language: frame.language })).filter((v) => fits(layer, v.shape));
    type Item = vscode.QuickPickItem & { expression?: string };
    const items: Item[] = vars.map((v) => ({ label: v.name, description: `[${v.shape.join(', ')}] ${v.dtype}`, detail: v.typeName, expression: v.name }));
    items.push({ label: '$(edit) Another expression…', alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, {
      title: `Pooling Lens: input for ${layerExpression} (${layer.className})`,
      placeHolder: vars.length > 0 ? 'Which array should the layer pool?' : `No array in this frame has a shape ${layer.className} takes; enter an expression`,
      matchOnDescription: true,
    });
    if (!picked) return;
    const input =
      picked.expression ??
      (await vscode.window.showInputBox({ title: `Pooling Lens: input for ${layerExpression}`, prompt: 'An expression that gives the array to pool' }))?.trim();
    if (!input) return;
    const target: DebugTarget = { expression: input, layer: layerExpression };
    const existing = this.open.get(debugKey(target));
    if (existing) {
      existing.entry.panel.reveal();
      await existing.source.reread();
      return;
    }
    const loaded = await readInFrame(frame, input, 'notification');
    layerParams(layer, loaded.array.shape, input); // refuse an input the layer cannot take before opening
    this.show(new DebugSource(target, { loaded, frame, where: await frameLocation(frame) }, layer, this.log));
  }

  /**
   * A debugger panel VS Code restores after a reload (PanelManager's serializer hands it here):
   * it reads the value at once if a frame is paused, else at the next stop, and says so until then.
   */
  restore(panel: vscode.WebviewPanel, target: DebugTarget, init: RestoreInit): PanelEntry {
    const source = new DebugSource(target, undefined, undefined, this.log);
    this.log.info(`Restoring ${source.title} from the debugger (read at the next stop)`);
    return this.show(source, this.panels.attachRestored(panel, source, init));
  }

  private show(source: DebugSource, restored?: PanelEntry): PanelEntry {
    const entry = restored ?? this.panels.openSource(source, vscode.ViewColumn.Beside);
    entry.panel.title = source.title;
    this.open.set(source.key, { source, entry });
    // A restored panel waits hidden behind the source a stop opens: its first value brings it forward.
    let waiting = restored !== undefined && !source.hasData;
    source.onHeader = () => {
      this.updateContext();
      if (waiting && source.hasData) {
        waiting = false;
        entry.panel.reveal(entry.panel.viewColumn, true);
      }
    };
    const focus = entry.panel.onDidChangeViewState(() => this.updateContext());
    entry.panel.onDidDispose(() => {
      focus.dispose();
      if (this.open.get(source.key)?.entry === entry) this.open.delete(source.key);
      this.updateContext();
    });
    if (!restored) this.log.info(`Opened ${source.displayName()} from the debugger`);
    this.updateContext();
    return entry;
  }

  private activeSource(): DebugSource | undefined {
    for (const { source, entry } of this.open.values()) if (entry.panel.active) return source;
    return undefined;
  }

  /** `key`: a panel's source key (keybindings, tests); else the active panel (its title bar button). */
  private setFollowing(following: boolean, key?: unknown): void {
    const source = (typeof key === 'string' ? this.open.get(key)?.source : undefined) ?? this.activeSource();
    if (!source) return;
    source.setFollowing(following);
    this.updateContext();
  }

  private updateContext(): void {
    const source = this.activeSource();
    void vscode.commands.executeCommand('setContext', FOCUSED_KEY, source !== undefined);
    void vscode.commands.executeCommand('setContext', FOLLOWING_KEY, source?.isFollowing ?? false);
  }

  private report(expression: string, e: unknown): void {
    if (e instanceof DebugReadError && e.code === 'cancelled') {
      this.log.info(`Reading ${expression} was cancelled`);
      return;
    }
    const known = e instanceof DebugReadError || e instanceof NoFrameError;
    const message = known ? errorMessage(e) : `Could not read ${expression}: ${errorMessage(e)}`;
    this.log[known ? 'warn' : 'error'](known ? message : `${message}\n${errorDetail(e)}`);
    void vscode.window.showErrorMessage(`Pooling Lens: ${message}`);
  }
}

function fits(layer: PoolingLayerInfo, shape: readonly number[]): boolean {
  try {
    layerParams(layer, shape);
    return true;
  } catch {
    return false;
  }
}

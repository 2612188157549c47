/**
 * The layer hover's hover, and its "Open in Pooling Lens": a panel with the layer's exact
 * parameters on a sample input of the shape the hover used (the layer has no data of its own).
 */
import * as vscode from 'vscode';
import { layerParams } from '../../debug';
import type { PoolingLayerInfo } from '../../debug';
import type { LoadedArray } from '../../io';
import { recentShapes } from '../debug/lastShape';
import type { Logger } from '../logger';
import { errorDetail, errorMessage } from '../logger';
import type { PanelManager } from '../panel/manager';
import type { PanelSource } from '../panel/vscodePanel';
import { layerCallAt } from './layerCall';
import type { LayerCall } from './layerCall';
import { defaultInputShape, fitsLayer, renderLayerHover } from './layerHover';

export const OPEN_LAYER_COMMAND = 'poolingLens.openLayer';
const MAX_SAMPLE_CELLS = 1 << 20;

interface OpenLayerArgs {
  text: string;
  layer: PoolingLayerInfo;
  shape: number[];
}

/** The input shape for the hover: the newest array seen while debugging that fits, else the setting, else a default. */
function inputShapeFor(call: LayerCall, document: vscode.TextDocument): { shape: number[]; source: string } {
  const seen = recentShapes().find((r) => fitsLayer(call, r.shape));
  if (seen) return { shape: seen.shape.slice(), source: `last seen while debugging, ${seen.name}` };
  const setting = vscode.workspace.getConfiguration('poolingLens.hover', document).get<unknown>('layerInputShape');
  if (Array.isArray(setting) && setting.every((v) => Number.isSafeInteger(v) && v >= 1) && fitsLayer(call, setting as number[])) {
    return { shape: setting as number[], source: 'the setting poolingLens.hover.layerInputShape' };
  }
  return { shape: defaultInputShape(call), source: 'an example; debug once or set poolingLens.hover.layerInputShape' };
}

export function provideLayerHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  if (document.languageId !== 'python') return undefined;
  const call = layerCallAt(document.getText(), document.offsetAt(position));
  if (!call) return undefined;
  const { shape, source } = inputShapeFor(call, document);
  const { markdown, params } = renderLayerHover(call, shape, source);
  let text = markdown;
  if (params) {
    const args: OpenLayerArgs = { text: call.text.replace(/\s+/g, ' '), layer: call.layer, shape };
    // Parentheses too: an unescaped ')' would end the Markdown link target.
    const query = encodeURIComponent(JSON.stringify([args]))
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29');
    text += `\n\n[Open in Pooling Lens](command:${OPEN_LAYER_COMMAND}?${query} "Open the layer's parameters in a panel, on a sample input of this shape")`;
  }
  const md = new vscode.MarkdownString(text);
  md.isTrusted = { enabledCommands: [OPEN_LAYER_COMMAND] };
  return new vscode.Hover(md, new vscode.Range(document.positionAt(call.start), document.positionAt(call.end)));
}

/** Small integers in a fixed pseudo-random order: easy to follow through max and average windows. */
function sampleInput(shape: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s >>> 16) % 10;
  }
  return data;
}

function layerSource(args: OpenLayerArgs): PanelSource {
  const name = `${args.text} on [${args.shape.join(', ')}]`;
  const loaded: LoadedArray = { name: `sample [${args.shape.join(', ')}]`, dtype: 'float32', array: { shape: args.shape, data: sampleInput(args.shape) } };
  return {
    key: `pooling-lens:layer?${new URLSearchParams({ text: args.text, shape: args.shape.join(',') }).toString()}`,
    title: name,
    exportName: 'layer.npy',
    load: () => Promise.resolve([loaded]),
    initialParams: (array) => layerParams(args.layer, array.array.shape),
  };
}

export function registerLayerHover(panels: PanelManager, log: Logger): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(
      { language: 'python' },
      {
        provideHover: (document, position) => {
          try {
            return provideLayerHover(document, position);
          } catch (e) {
            log.error(`layer hover failed in ${document.uri.toString()}: ${errorDetail(e)}`);
            return undefined;
          }
        },
      },
    ),
    vscode.commands.registerCommand(OPEN_LAYER_COMMAND, (arg: unknown) => {
      const args = arg as Partial<OpenLayerArgs> | undefined;
      const shape = args?.shape;
      if (!args?.layer || typeof args.text !== 'string' || !Array.isArray(shape) || !shape.every((v) => Number.isSafeInteger(v) && v >= 1)) {
        void vscode.window.showErrorMessage('Pooling Lens: this link does not describe a pooling layer (open it from the hover again).');
        return;
      }
      if (shape.reduce((a, b) => a * b, 1) > MAX_SAMPLE_CELLS) {
        void vscode.window.showErrorMessage(
          `Pooling Lens: a sample input of shape [${shape.join(', ')}] is too large to show; set poolingLens.hover.layerInputShape to a smaller one.`,
        );
        return;
      }
      try {
        panels.openSource(layerSource(args as OpenLayerArgs));
      } catch (e) {
        void vscode.window.showErrorMessage(`Pooling Lens: ${errorMessage(e)}`);
      }
    }),
  ];
}

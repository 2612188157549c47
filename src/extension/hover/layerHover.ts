/**
 * What a pooling layer in the source computes, as hover Markdown: its parameters, the
 * output-size formula per spatial dim for an input shape, and the output shape. Pure.
 */
import { outputSizeFormula } from '../../core';
import type { PoolOptions } from '../../core';
import { DebugReadError, layerParams } from '../../debug';
import type { LayerParams } from '../../debug';
import type { LayerCall } from './layerCall';

/** A shape for a layer pooling `n` dims when none was seen while debugging: one 32-wide sample. */
export function defaultInputShape(call: LayerCall): number[] {
  const n = Number(/([123])[dD]$/.exec(call.layer.className)?.[1] ?? 2);
  const spatial = new Array<number>(n).fill(32);
  return call.layer.framework === 'keras' ? [1, ...spatial, 3] : [1, 3, ...spatial];
}

/** A shape fits the layer when it has the rank the framework takes (n + 1 or n + 2 dims). */
export function fitsLayer(call: LayerCall, shape: readonly number[]): boolean {
  try {
    layerParams(call.layer, shape);
    return true;
  } catch {
    return false;
  }
}

const DIM_NAMES: Record<number, string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export interface LayerHoverResult {
  markdown: string;
  params: LayerParams | undefined;
}

const x = (v: readonly unknown[]): string => v.join('×');

/** `shapeSource` says where the input shape comes from ("last seen while debugging: x", "the setting …"). */
export function renderLayerHover(call: LayerCall, inputShape: readonly number[], shapeSource: string): LayerHoverResult {
  const head = `**Pooling Lens** · \`${call.text.replace(/\s+/g, ' ').replace(/`/g, "'")}\``;
  if (call.unknown.length > 0) {
    return {
      markdown: `${head}\n\n${call.unknown.join(', ')} ${call.unknown.length === 1 ? 'is not a literal' : 'are not literals'}, so the output size depends on values known only at run time.`,
      params: undefined,
    };
  }
  let params: LayerParams;
  try {
    params = layerParams(call.layer, inputShape, `the input [${inputShape.join(', ')}]`);
  } catch (e) {
    return { markdown: `${head}\n\n${e instanceof DebugReadError ? e.message : String(e)}`, params: undefined };
  }
  const axes = params.spatialAxes ?? [];
  const spatial = axes.map((a) => inputShape[a]!);
  const names = DIM_NAMES[axes.length] ?? axes.map((a) => `dim ${a}`);
  const lines: string[] = [];
  let outSpatial: number[];
  if (params.kind === 'global') {
    outSpatial = spatial.map(() => 1);
    lines.push(`global ${params.mode} over ${names.join(', ')}: every spatial size becomes 1`);
  } else if (params.kind === 'adaptive') {
    outSpatial = spatial.map((L, i) => params.outputSize?.[i] ?? L);
    lines.push(`adaptive ${params.mode}: output ${x(outSpatial)} whatever the input size (windows start at floor(i·in/out), end at ceil((i+1)·in/out))`);
  } else {
    const options: PoolOptions = {
      mode: params.mode ?? 'max',
      kernel: params.kernel ?? [],
      stride: params.stride ?? params.kernel ?? [],
      padding: params.padding ?? [],
      dilation: params.dilation ?? spatial.map(() => 1),
      ceilMode: params.ceilMode ?? false,
    };
    try {
      const formulas = outputSizeFormula(spatial, options);
      outSpatial = formulas.map((f) => f.value);
      for (const f of formulas) lines.push(`${names[f.dim]}: ${f.text}`);
    } catch (e) {
      return { markdown: `${head}\n\nFor the input [${inputShape.join(', ')}]: ${e instanceof Error ? e.message : String(e)}`, params: undefined };
    }
    const pad = Array.isArray(params.padding) ? x(params.padding) : String(params.padding);
    const extra = [
      params.mode === 'lp' ? `p ${params.p}` : '',
      params.dilation?.some((d) => d !== 1) ? `dilation ${x(params.dilation)}` : '',
      params.ceilMode ? 'ceil_mode' : '',
      params.mode === 'avg' && params.countIncludePad === false ? 'padding not counted' : '',
      params.divisorOverride ? `divisor ${params.divisorOverride}` : '',
    ].filter(Boolean);
    lines.unshift(
      `${params.mode} pooling, kernel ${x(options.kernel)}, stride ${x(options.stride ?? [])}, padding ${pad}${extra.length ? `, ${extra.join(', ')}` : ''}`,
    );
  }
  const out = inputShape.slice();
  for (const [i, a] of axes.entries()) out[a] = outSpatial[i]!;
  const body = lines.map((l) => `- ${l}`).join('\n');
  return { markdown: `${head}\n\n${body}\n\nInput [${inputShape.join(', ')}] → output **[${out.join(', ')}]** (input shape: ${shapeSource})`, params };
}

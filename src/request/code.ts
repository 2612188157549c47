// Copy as code: a request as PyTorch, Keras or ONNX code. Window pooling is the core's
// translation; adaptive and global pooling have their own layers (or none) in each framework.
import { toCode, type Convention } from '../core/conventions.js';
import type { PoolRequest } from '../protocol.js';
import { axisNames } from './info.js';
import { toPoolOptions } from './options.js';

const tuple = (xs: readonly (number | null)[]) => (xs.length === 1 ? `${xs[0] ?? 'None'}` : `(${xs.map((x) => x ?? 'None').join(', ')})`);

/**
 * The request as code for `convention`'s framework, for an input of `blockShape`
 * (spatial axes last). `defaultsFrom` resolves a null stride (the panel's convention).
 */
export function requestCode(params: PoolRequest, convention: Convention, blockShape: readonly number[], defaultsFrom?: Convention): string {
  if (params.kind === 'window') return toCode(toPoolOptions(params, defaultsFrom), convention, blockShape);
  const d = params.spatialAxes.length;
  const mode = params.mode;
  const dims = Array.from({ length: d }, (_, i) => -d + i);
  const torchAxes = `dim=(${dims.join(', ')}${d === 1 ? ',' : ''}), keepdim=True`;
  if (params.kind === 'adaptive') {
    const size = tuple(params.outputSize);
    if (convention === 'pytorch') {
      return `import torch.nn as nn\n\npool = nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\ny = pool(x)  # x: (N, C, ${axisNames(d).join(', ')})\n`;
    }
    return convention === 'keras'
      ? `# Keras has no adaptive pooling layer with PyTorch's bins (floor(i*L/O) to ceil((i+1)*L/O)).\n# In PyTorch: nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\n`
      : `# ONNX has no adaptive pooling operator (only Global${mode === 'max' ? 'Max' : 'Average'}Pool for output size 1).\n# In PyTorch: nn.Adaptive${mode === 'max' ? 'Max' : 'Avg'}Pool${d}d(${size})\n`;
  }
  const p = params.p === Infinity ? 'float("inf")' : String(params.p);
  if (convention === 'pytorch') {
    const body: Record<string, string> = {
      max: `y = torch.amax(x, ${torchAxes})`,
      min: `y = torch.amin(x, ${torchAxes})`,
      avg: `y = torch.mean(x, ${torchAxes})`,
      sum: `y = torch.sum(x, ${torchAxes})`,
      lp: `y = torch.sum(x ** ${p}, ${torchAxes}) ** (1 / ${p})  # nn.LPPool${d}d over the whole plane`,
    };
    return `import torch\n\n${body[mode]}  # x: (N, C, ${axisNames(d).join(', ')})\n`;
  }
  if (convention === 'keras') {
    const layer = mode === 'max' ? `GlobalMaxPooling${d}D` : mode === 'avg' ? `GlobalAveragePooling${d}D` : null;
    if (layer) return `import keras\n\npool = keras.layers.${layer}(keepdims=True)\ny = pool(x)  # x: (N, ${axisNames(d).join(', ')}, C), channels last\n`;
    const axes = `axis=(${Array.from({ length: d }, (_, i) => i + 1).join(', ')}${d === 1 ? ',' : ''}), keepdims=True`;
    const op = mode === 'min' ? `keras.ops.min(x, ${axes})` : mode === 'sum' ? `keras.ops.sum(x, ${axes})` : `keras.ops.sum(x ** ${p}, ${axes}) ** (1 / ${p})`;
    return `import keras\n\ny = ${op}  # x: (N, ${axisNames(d).join(', ')}, C), channels last\n`;
  }
  const axesList = `[${Array.from({ length: d }, (_, i) => i + 2).join(', ')}]`;
  const node: Record<string, string> = {
    max: `helper.make_node("GlobalMaxPool", ["x"], ["y"])`,
    avg: `helper.make_node("GlobalAveragePool", ["x"], ["y"])`,
    lp: `helper.make_node("GlobalLpPool", ["x"], ["y"], p=${params.p === Infinity ? '0  # ONNX p is an integer: no infinity' : Math.round(params.p)})`,
    min: `helper.make_node("ReduceMin", ["x", "axes"], ["y"], keepdims=1)  # axes = ${axesList}`,
    sum: `helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=1)  # axes = ${axesList}`,
  };
  return `from onnx import helper\n\nnode = ${node[mode]}\n`;
}

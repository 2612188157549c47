import type { ResolvedPool } from '../info.js';
import { PoolingError } from '../types.js';
import type { PoolMode, PoolOptions } from '../types.js';
import { checkBoolean, checkInt, checkIntArray, describe } from '../validate.js';
import { arangeInput, expand, pyBool, pyFloat, pyInts, unsupported } from './python.js';

export interface PyTorchParams {
  mode: PoolMode;
  kernel_size: number | number[];
  stride?: number | number[] | null;
  padding?: number | number[];
  dilation?: number | number[];
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
  norm_type?: number;
}

/** torch.nn.functional parameters → PoolOptions (stride None means the kernel; count_include_pad defaults to True). */
export function fromPyTorch(p: PyTorchParams, spatialDims: number): PoolOptions {
  const d = checkInt(spatialDims, 1, 'spatialDims', 'spatialDims');
  const mode = p.mode;
  const kernel = checkIntArray(expand(p.kernel_size, d, 'kernel'), d, 1, 'kernel');
  const stride = p.stride === undefined || p.stride === null ? kernel.slice() : checkIntArray(expand(p.stride, d, 'stride'), d, 1, 'stride');
  const padding = checkIntArray(expand(p.padding ?? 0, d, 'padding'), d, 0, 'padding');
  const dilation = checkIntArray(expand(p.dilation ?? 1, d, 'dilation'), d, 1, 'dilation');
  const ceilMode = checkBoolean(p.ceil_mode, 'ceilMode') ?? false;
  if ((mode === 'avg' || mode === 'lp' || mode === 'sum') && dilation.some((v) => v !== 1)) {
    throw new PoolingError(`PyTorch's ${mode} pooling has no dilation, got ${describe(dilation)}`, 'dilation');
  }
  if (mode === 'lp' && padding.some((v) => v !== 0)) {
    throw new PoolingError(`PyTorch's LPPool has no padding, got ${describe(padding)}`, 'padding');
  }
  const options: PoolOptions = { mode, kernel, stride, padding, dilation, ceilMode };
  if (mode === 'avg') {
    options.countIncludePad = checkBoolean(p.count_include_pad, 'countIncludePad') ?? true;
    if (p.divisor_override !== undefined && p.divisor_override !== null) {
      const v = p.divisor_override;
      if (!Number.isInteger(v) || v === 0) throw new PoolingError(`divisor_override must be a non-zero int, got ${describe(v)}`, 'divisorOverride');
      options.divisorOverride = v;
    }
  }
  if (mode === 'lp') {
    const n = p.norm_type ?? 2;
    if (typeof n !== 'number' || !(n > 0)) throw new PoolingError(`norm_type must be a positive number, got ${describe(n)}`, 'p');
    options.p = n;
  }
  return options;
}

/** PoolOptions (resolved) → torch parameters; throws PoolingError('convention') when torch cannot say it. */
export function toPyTorchParams(r: ResolvedPool): PyTorchParams {
  const { info, mode } = r;
  const d = info.kernel.length;
  if (d > 3) throw unsupported('PyTorch', `pooling over ${d} spatial dims (it has 1-D, 2-D and 3-D)`);
  if (info.padBefore.some((v, i) => v !== info.padAfter[i])) {
    throw unsupported('PyTorch', `asymmetric padding ${describe(info.padBefore)} before / ${describe(info.padAfter)} after`);
  }
  if (info.padBefore.some((v, i) => v > Math.floor(info.kernel[i]! / 2))) {
    throw unsupported('PyTorch', `padding ${describe(info.padBefore)} larger than half the kernel ${describe(info.kernel)}`);
  }
  const dilated = info.dilation.some((v) => v !== 1);
  const params: PyTorchParams = {
    mode,
    kernel_size: info.kernel.slice(),
    stride: info.stride.slice(),
    padding: info.padBefore.slice(),
    ceil_mode: info.ceilMode,
  };
  if (mode === 'max' || mode === 'min') {
    params.dilation = info.dilation.slice();
    return params;
  }
  if (dilated) throw unsupported('PyTorch', `dilation for ${mode} pooling`);
  if (mode === 'avg') {
    params.count_include_pad = r.countIncludePad;
    params.divisor_override = r.divisorOverride ?? null;
    return params;
  }
  if (mode === 'sum') {
    // torch has no sum pooling: avg_pool with divisor_override=1 is the window sum.
    params.mode = 'avg';
    params.count_include_pad = true;
    params.divisor_override = 1;
    return params;
  }
  if (info.padBefore.some((v) => v !== 0)) throw unsupported('PyTorch', 'padding for LPPool');
  params.norm_type = r.p;
  return params;
}

/** A runnable torch.nn.functional snippet. */
export function pyTorchCode(r: ResolvedPool, inputShape: readonly number[]): string {
  const params = toPyTorchParams(r);
  const d = r.info.kernel.length;
  const k = pyInts(r.info.kernel);
  const s = pyInts(r.info.stride);
  const p = pyInts(r.info.padBefore);
  const ceil = pyBool(r.info.ceilMode);
  const lines = ['import torch', 'import torch.nn.functional as F', '', arangeInput('torch', inputShape)];
  if (r.accumulate === 'float64' && (r.mode === 'avg' || r.mode === 'sum' || r.mode === 'lp')) {
    lines.push('# Pooling Lens sums in float64; for a float32 x, pool x.double() and .float() the result to match it bit for bit');
  }
  const xin = 'x';
  const cast = '';
  if (r.mode === 'max' || r.mode === 'min') {
    const neg = r.mode === 'min';
    const args = `kernel_size=${k}, stride=${s}, padding=${p}, dilation=${pyInts(r.info.dilation)}, ceil_mode=${ceil}`;
    const call = `F.max_pool${d}d(${neg ? '-x' : 'x'}, ${args}${r.returnIndices ? ', return_indices=True' : ''})`;
    if (neg) lines.push('# min pooling = -max_pool(-x)');
    if (r.returnIndices) {
      lines.push(`y, indices = ${call}`);
      if (neg) lines.push('y = -y');
      lines.push('print(y)', 'print(indices)');
    } else {
      lines.push(`y = ${neg ? '-' : ''}${call}`, 'print(y)');
    }
    return lines.join('\n') + '\n';
  }
  if (r.mode === 'avg' || r.mode === 'sum') {
    if (r.mode === 'sum') lines.push('# sum pooling = avg_pool with divisor_override=1');
    const override = params.divisor_override;
    const cip = pyBool(params.count_include_pad ?? true);
    if (d === 1 && override !== null && override !== undefined) {
      // avg_pool1d has no divisor_override: run the 2-D op on a height-1 input.
      lines.push(
        `y = F.avg_pool2d(${xin}.unsqueeze(-2), kernel_size=(1, ${k}), stride=(1, ${s}), padding=(0, ${p}), ` +
          `ceil_mode=${ceil}, count_include_pad=${cip}, divisor_override=${override}).squeeze(-2)${cast}`,
      );
    } else {
      const ov = override === null || override === undefined ? '' : `, divisor_override=${override}`;
      lines.push(`y = F.avg_pool${d}d(${xin}, kernel_size=${k}, stride=${s}, padding=${p}, ceil_mode=${ceil}, count_include_pad=${cip}${ov})${cast}`);
    }
    lines.push('print(y)');
    return lines.join('\n') + '\n';
  }
  if (r.p === Infinity) {
    lines.push('# LPPool with norm_type=inf returns 1.0 in torch (a bug); max |x| is what it means');
    lines.push(`y = F.max_pool${d}d(x.abs(), kernel_size=${k}, stride=${s}, ceil_mode=${ceil})`);
  } else {
    if (d === 3) lines.push('# F.lp_pool3d needs torch >= 2.2');
    lines.push(`y = F.lp_pool${d}d(${xin}, norm_type=${pyFloat(r.p)}, kernel_size=${k}, stride=${s}, ceil_mode=${ceil})${cast}`);
  }
  lines.push('print(y)');
  return lines.join('\n') + '\n';
}

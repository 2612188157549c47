// The pooling core: pure TypeScript, no vscode, no DOM.
export type { NDArray, PoolMode, PoolOptions, PoolResult, Padding, Accumulate } from './types.js';
export { POOL_MODES, PoolingError } from './types.js';
export { pool } from './pool.js';
export type { PoolBuffers } from './pool.js';
export { adaptivePool } from './adaptive.js';
export { globalPool } from './global.js';
export { fractionalMaxPool } from './fractional.js';
export { unpool } from './unpool.js';
export { outputShape, poolInfo } from './info.js';
export type { PoolInfo } from './info.js';
export { windowOf, adaptiveWindowOf } from './window.js';
export type { PoolWindow } from './window.js';
export { outputsFedBy } from './linking.js';
export { outputSizeFormula } from './formula.js';
export type { SizeFormula } from './formula.js';
export { CONVENTIONS, conventionDefaults, toCode, fromPyTorch, fromKeras, fromOnnx, toPyTorch, toKeras, toOnnx } from './conventions.js';
export type { Convention, ConventionDefaults, PyTorchParams, KerasParams, OnnxParams } from './conventions.js';

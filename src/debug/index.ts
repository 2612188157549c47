/**
 * Reading arrays from a paused program over the Debug Adapter Protocol. No `vscode` import:
 * the caller hands in an `Evaluate` (DAP `evaluate` in the selected frame). Other tools call it.
 */
export { readDebugArray, inspectDebugValue, listDebugArrays, CHUNK_BYTES, DEFAULT_MAX_BYTES } from './read';
export type { Evaluate, DebugReadOptions, DebugLanguage, DebugLoadedArray, PictureInfo, PoolingLayerInfo, DebugVariable, DebugValueInfo } from './read';
export { DebugReadError } from './errors';
export { layerParams } from './layers';
export type { LayerParams } from './layers';
export type { DebugErrorCode } from './errors';

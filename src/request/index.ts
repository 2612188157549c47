// The one path from a pooling request to the core: options, shapes (window, adaptive, global),
// the output-size formula, pooling, and copy as code. Pure: no vscode, no DOM. The panel, the
// export, the hover and copy all call it.
export { requestCode } from './code.js';
export { axisNames, checkAdaptiveMode, requestInfo, requestOutputShape } from './info.js';
export type { FormulaLine, RequestGeometry, RequestInfo } from './info.js';
export { effectiveStride, toPoolOptions } from './options.js';
export { runRequest } from './run.js';
export type { RunOptions } from './run.js';

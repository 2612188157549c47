// Shared by the worker's memory tests.
/**
 * ArrayBuffer.prototype.transfer as Chromium has it (Node 20 lacks it), for the worker's early
 * release of an output buffer: detaches the buffer (structuredClone), so every view of it reads
 * empty and a released buffer still in use would show up as wrong values. Returns the releases.
 */
export function withTransfer(): { released: () => number; restore: () => void } {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer };
  const had = Object.getOwnPropertyDescriptor(proto, 'transfer');
  let count = 0;
  Object.defineProperty(proto, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer, n: number) {
      count++;
      const moved = structuredClone(this, { transfer: [this] });
      return moved.slice(0, n);
    },
  });
  return {
    released: () => count,
    restore: () => {
      if (had) Object.defineProperty(proto, 'transfer', had);
      else delete proto.transfer;
    },
  };
}

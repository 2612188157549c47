/**
 * Grow-once scratch buffers. First touch of fresh memory is expensive (a few ms per MB), so
 * kernels borrow temporaries from here instead of allocating per call. Pooling is synchronous,
 * so a buffer is free again when the call returns; slots keep nested users of one call apart.
 * Buffers above RETAIN_BYTES are not kept, so a huge call does not pin memory forever.
 */
const RETAIN_BYTES = 64 * 2 ** 20;

type Slot = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j';
// Slots in use: a, b (separable intermediates), c (separable band result), d (min/lp input
// transform), e (lp sums), g, h, i, j (van Herk and sliding-sum work rows).

const f64 = new Map<Slot, Float64Array>();
const f32 = new Map<Slot, Float32Array>();
const i32 = new Map<Slot, Int32Array>();

function take<T extends Float64Array | Float32Array | Int32Array>(cache: Map<Slot, T>, slot: Slot, n: number, make: (n: number) => T): T {
  const have = cache.get(slot);
  if (have !== undefined && have.length >= n) return have.length === n ? have : (have.subarray(0, n) as T);
  // Grow geometrically so slowly growing sizes do not reallocate every call.
  const size = have === undefined ? n : Math.max(n, Math.min(have.length * 2, RETAIN_BYTES / make(0).BYTES_PER_ELEMENT));
  const fresh = make(size);
  if (fresh.byteLength <= RETAIN_BYTES) cache.set(slot, fresh);
  return size === n ? fresh : (fresh.subarray(0, n) as T);
}

export function scratchF64(slot: Slot, n: number): Float64Array {
  return take(f64, slot, n, (m) => new Float64Array(m));
}

export function scratchF32(slot: Slot, n: number): Float32Array {
  return take(f32, slot, n, (m) => new Float32Array(m));
}

export function scratchI32(slot: Slot, n: number): Int32Array {
  return take(i32, slot, n, (m) => new Int32Array(m));
}

/** Same element type as `like`. */
export function scratchLike(like: Float32Array | Float64Array, slot: Slot, n: number): Float32Array | Float64Array {
  return like instanceof Float32Array ? scratchF32(slot, n) : scratchF64(slot, n);
}

/** Bytes of the buffers kept for the next call (memory accounting). */
export function retainedScratchBytes(): number {
  let n = 0;
  for (const cache of [f64, f32, i32] as Map<Slot, ArrayBufferView>[]) for (const b of cache.values()) n += b.byteLength;
  return n;
}

/** Drops every retained buffer (e.g. when a panel closes). */
export function releaseScratch(): void {
  f64.clear();
  f32.clear();
  i32.clear();
}

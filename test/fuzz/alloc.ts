/**
 * Sees every typed array, ArrayBuffer and Array a reader allocates, by wrapping the global
 * constructors in Proxies. Install it before the readers' modules load (fflate keeps its own
 * references to Uint8Array & co. from load time). While armed, an allocation over the bound is
 * recorded and refused, so a reader that would allocate 4 GB fails here instead of swapping:
 * the violation is recorded even when the reader catches the error (jpeg-js's errors are wrapped).
 */

interface Tracker {
  armed: boolean;
  bound: number;
  largest: number;
  largestWhat: string;
  violation: string | undefined;
}

const tracker: Tracker = { armed: false, bound: Infinity, largest: 0, largestWhat: '', violation: undefined };

const TYPED = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

let installed = false;

function note(bytes: number, what: string): void {
  if (!tracker.armed) return;
  if (bytes > tracker.largest) {
    tracker.largest = bytes;
    tracker.largestWhat = what;
  }
  if (bytes > tracker.bound) {
    const message = `allocation of ${bytes} bytes (${what}) over the bound of ${tracker.bound}`;
    tracker.violation ??= message;
    throw new RangeError(`[fuzz] refused ${message}`);
  }
}

export function installAllocationTracker(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of TYPED) {
    const Ctor = g[name] as { new (...args: unknown[]): unknown; BYTES_PER_ELEMENT: number };
    const bpe = Ctor.BYTES_PER_ELEMENT;
    g[name] = new Proxy(Ctor, {
      construct(target, args, newTarget) {
        const a = args[0];
        if (typeof a === 'number') note(a * bpe, `new ${name}(${a})`);
        else if (
          a !== null &&
          typeof a === 'object' &&
          !(a instanceof ArrayBuffer) &&
          !(typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer)
        ) {
          const length = (a as { length?: unknown }).length;
          if (typeof length === 'number') note(length * bpe, `new ${name}(array of ${length})`);
        }
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
  }
  const AB = g.ArrayBuffer as new (n: number) => ArrayBuffer;
  g.ArrayBuffer = new Proxy(AB, {
    construct(target, args, newTarget) {
      if (typeof args[0] === 'number') note(args[0], `new ArrayBuffer(${args[0]})`);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  // Arrays of numbers: 8 bytes per slot is what a holey double array costs.
  const Arr = g.Array as ArrayConstructor;
  const arrayHandler: ProxyHandler<ArrayConstructor> = {
    construct(target, args, newTarget) {
      if (args.length === 1 && typeof args[0] === 'number') note(args[0] * 8, `new Array(${args[0]})`);
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, thisArg, args) {
      if (args.length === 1 && typeof args[0] === 'number') note(args[0] * 8, `Array(${args[0]})`);
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  };
  g.Array = new Proxy(Arr, arrayHandler);
}

/** Starts watching one call: allocations over `bound` bytes are refused and recorded. */
export function arm(bound: number): void {
  tracker.armed = true;
  tracker.bound = bound;
  tracker.largest = 0;
  tracker.largestWhat = '';
  tracker.violation = undefined;
}

export function disarm(): { largest: number; largestWhat: string; violation: string | undefined } {
  tracker.armed = false;
  return { largest: tracker.largest, largestWhat: tracker.largestWhat, violation: tracker.violation };
}

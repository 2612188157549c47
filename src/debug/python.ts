/**
 * Python expressions that read a value from a debugpy frame over DAP `evaluate`.
 *
 * Rules they keep (the debuggee is the user's program):
 * - built from `__import__` and lambdas only: nothing is assigned in the frame, no statement
 *   runs, no helper module is installed;
 * - the user's objects are only read: tensors are `.detach()`ed (and `.cpu()` copied when on a
 *   device), PIL images converted into new images;
 * - numpy is imported through `__import__` when installed, so a frame that never imported it
 *   works; without numpy, lists of up to LIST_LIMIT numbers are still sent as JSON.
 *
 * Every answer is tagged (`PLENS1 …`, payloads in base64) so a Python exception — which
 * debugpy returns as a *successful* result in the clipboard context — is never taken for data,
 * and quoting by the adapter cannot corrupt the payload.
 */

/** Lists (and torch tensors in a program without numpy) up to this many numbers travel as JSON. */
export const LIST_LIMIT = 100_000;

export interface PythonReadArgs {
  /** 'meta': shape, dtype, nbytes (and the data when nbytes <= inlineBytes). 'chunk': bytes [offset, offset+length). */
  mode: 'meta' | 'chunk';
  maxBytes: number;
  inlineBytes: number;
  offset: number;
  length: number;
}

// Helpers, each a lambda bound by the enclosing lambda's parameters (a `let` without assignment).
// K: the type's name as the user would write it. E64: text -> base64. ERR: a tagged failure.
const K = `lambda o: type(o).__qualname__ if type(o).__module__ == 'builtins' else type(o).__module__ + '.' + type(o).__qualname__`;
const E64 = `lambda s: b64.b64encode(s.encode('utf-8')).decode('ascii')`;
const ERR = `lambda code, extra: 'PLENS1 err ' + E64(json.dumps(dict(extra, code=code), default=str))`;

/** Shape of a nested list along its first elements. */
const SHP = `(lambda g: lambda x: g(g, x))(lambda g, x: [len(x)] + (g(g, x[0]) if len(x) else []) if isinstance(x, (list, tuple)) else [])`;
/** Leaves of a nested list of shape s, or a None among them where it is ragged or not a real number. */
const LEAVES = `(lambda g: lambda x, s: g(g, x, s, 0))(lambda g, x, s, d: ([y for e in x for y in g(g, e, s, d + 1)] if isinstance(x, (list, tuple)) and len(x) == s[d] else [None]) if d < len(s) else ([x] if isinstance(x, R) and not isinstance(x, (list, tuple)) else [None]))`;

/** Pooling layers whose configuration becomes the panel's parameters. */
export const TORCH_POOLING_CLASSES = [
  'MaxPool1d',
  'MaxPool2d',
  'MaxPool3d',
  'AvgPool1d',
  'AvgPool2d',
  'AvgPool3d',
  'LPPool1d',
  'LPPool2d',
  'LPPool3d',
  'AdaptiveMaxPool1d',
  'AdaptiveMaxPool2d',
  'AdaptiveMaxPool3d',
  'AdaptiveAvgPool1d',
  'AdaptiveAvgPool2d',
  'AdaptiveAvgPool3d',
  'FractionalMaxPool2d',
  'FractionalMaxPool3d',
];
const TORCH_LAYER_ATTRS = [
  'kernel_size',
  'stride',
  'padding',
  'dilation',
  'ceil_mode',
  'count_include_pad',
  'divisor_override',
  'norm_type',
  'output_size',
  'return_indices',
  'output_ratio',
];
const KERAS_CONFIG_KEYS = ['pool_size', 'strides', 'padding', 'data_format', 'keepdims'];

const pyList = (names: readonly string[]): string => `(${names.map((n) => `'${n}'`).join(', ')},)`;

/** Layer configuration (torch pooling module or Keras pooling layer), or None. */
const LAYER = `lambda v: (dict(framework='torch', className=type(v).__name__, config=dict((k, (list(getattr(v, k)) if isinstance(getattr(v, k), (tuple, list)) else getattr(v, k))) for k in ${pyList(TORCH_LAYER_ATTRS)} if hasattr(v, k))) if torch is not None and isinstance(v, torch.nn.Module) and type(v).__name__ in ${pyList(TORCH_POOLING_CLASSES)} else dict(framework='keras', className=type(v).__name__, config=dict((k, c[k]) for c in [v.get_config()] for k in ${pyList(KERAS_CONFIG_KEYS)} if k in c)) if 'keras' in type(v).__module__ and 'Pooling' in type(v).__name__ and hasattr(v, 'get_config') else None)`;

/**
 * A numpy array (already made) as a candidate: (nbytes, shape, make, dtype name, picture), or an
 * error for dtypes our .npy reader does not take.
 */
const NPC = `lambda a, name, pic: ERR('dtype', dict(dtype=str(a.dtype), shape=list(a.shape))) if a.dtype.kind not in 'biuf' or a.dtype.itemsize > 8 else (a.nbytes, list(a.shape), (lambda: a), name, pic)`;

/** torch.Tensor candidate; the size is known before anything is copied off the device. */
const TORCH = `lambda t: ERR('sparse', dict(layout=str(t.layout))) if t.layout != torch.strided else ERR('dtype', dict(dtype=str(t.dtype), shape=list(t.shape))) if t.is_complex() or t.device.type == 'meta' else (t.nelement() * (4 if t.dtype == torch.bfloat16 else t.element_size()), list(t.shape), (lambda: (lambda c: (c.float() if c.dtype == torch.bfloat16 else c).numpy())((lambda c: c.resolve_conj().resolve_neg() if hasattr(c, 'resolve_neg') else c)((t.dequantize() if t.is_quantized else t).cpu()))), 'bfloat16' if t.dtype == torch.bfloat16 else None, None)`;

/** PIL image: [H, W, C] (palette images as RGB/RGBA, as the picture shows). */
const PILC = `lambda im: (lambda a: NPC(a if a.ndim == 3 else a.reshape(a.shape + (1,)), None, dict(mode=im.mode, layout='HWC')))(np.asarray(im))`;

/** Lists and numbers: checked rectangular first (numpy >= 1.24 raises on ragged lists). */
const LISTC = `lambda v: (lambda s: (lambda n: ERR('no_numpy', dict(count=n, limit=${LIST_LIMIT})) if np is None and n > ${LIST_LIMIT} else (lambda leaves: ERR('ragged', dict(typeName=K(v))) if any(e is None for e in leaves) else ('list', s, leaves) if np is None else NPC(np.asarray(v), None, None))(LEAVES(v, s)))(__import__('math').prod(s)))(SHP(v))`;

/** Anything -> a candidate, a ('list', shape, values) triple, or an error text. */
const CAND = `lambda v: (TORCH(v.detach()) if np is not None else LISTC(v.detach().cpu().float().tolist() if v.dtype == torch.bfloat16 else v.detach().cpu().tolist())) if torch is not None and isinstance(v, torch.Tensor) else (PILC(v.convert('RGBA' if 'transparency' in v.info else 'RGB') if v.mode in ('P', 'PA') else v) if np is not None else ERR('no_numpy', dict(typeName=K(v)))) if PILI is not None and isinstance(v, PILI.Image) else NPC(np.asarray(v), None, None) if np is not None and isinstance(v, (np.ndarray, np.generic)) else LISTC(v) if isinstance(v, (list, tuple)) or (isinstance(v, R) and not isinstance(v, complex)) else (lambda L: ERR('layer', dict(layer=L, typeName=K(v))) if L is not None else ERR('dtype', dict(dtype='complex', shape=[])) if isinstance(v, complex) else (NPC(np.asarray(v), None, None) if np is not None else ERR('no_numpy', dict(typeName=K(v)))) if hasattr(type(v), '__array__') else ERR('not_array', dict(typeName=K(v))))(LAYER(v))`;

/** The contiguous bytes [o, o+n) of a candidate's array, base64. */
const DATA = `lambda a, o, n: b64.b64encode(np.ascontiguousarray(a).reshape(-1).view(np.uint8)[o:o + n]).decode('ascii')`;

const META = `lambda c: c if isinstance(c, str) else 'PLENS1 list ' + E64(json.dumps(dict(shape=c[1], values=c[2]))) if c[0] == 'list' else ERR('too_large', dict(nbytes=c[0], shape=c[1])) if c[0] > A['max'] else (lambda a: 'PLENS1 ok ' + E64(json.dumps(dict(shape=c[1], descr=a.dtype.str, dtype=c[3] or a.dtype.name, nbytes=a.nbytes, picture=c[4]))) + ' ' + (DATA(a, 0, a.nbytes) if a.nbytes <= A['inline'] else '-'))(c[2]())`;

const CHUNK = `lambda c: c if isinstance(c, str) else ERR('changed', dict()) if c[0] == 'list' or c[0] > A['max'] else (lambda a: 'PLENS1 chunk ' + a.dtype.str + ' ' + str(a.nbytes) + ' ' + DATA(a, A['off'], A['len']))(c[2]())`;

/** Binds names to values by calling a lambda: `bind({x: '1'}, 'x + 1')` -> `(lambda x: x + 1)(1)`. */
function bind(names: Record<string, string>, body: string): string {
  const keys = Object.keys(names);
  return `(lambda ${keys.join(', ')}: ${body})(${keys.map((k) => names[k]).join(', ')})`;
}

/** numpy when installed (imported without touching the frame), else None. */
const NUMPY = `(__import__('sys').modules.get('numpy') or (__import__('numpy') if __import__('importlib.util').util.find_spec('numpy') is not None else None))`;

function program(body: string): string {
  // Each layer may use the names bound by the layers outside it.
  return bind(
    { sys: `__import__('sys')`, b64: `__import__('base64')`, json: `__import__('json')`, R: `__import__('numbers').Real` },
    bind(
      { np: NUMPY, torch: `sys.modules.get('torch')`, PILI: `sys.modules.get('PIL.Image')`, K, E64 },
      bind({ ERR, SHP, LEAVES }, bind({ NPC, LAYER }, bind({ TORCH, PILC, LISTC }, bind({ CAND, DATA }, body)))),
    ),
  );
}

/** The user's expression, on its own lines so a trailing comment cannot swallow our closing parentheses. */
function userValue(expression: string): string {
  return `(\n${expression}\n)`;
}

export function pythonReadExpression(expression: string, args: PythonReadArgs): string {
  const a = `{'max': ${Math.floor(args.maxBytes)}, 'inline': ${Math.floor(args.inlineBytes)}, 'off': ${Math.floor(args.offset)}, 'len': ${Math.floor(args.length)}}`;
  const body = args.mode === 'meta' ? bind({ META }, 'META(CAND(v))') : bind({ CHUNK }, 'CHUNK(CAND(v))');
  return `(lambda v, A: ${program(body)})(${userValue(expression)}, ${a})`;
}

/**
 * The frame's variables that hold arrays, tensors or images (globals, then locals over them),
 * with shape and dtype, for a quick pick. Names starting with '_' are left out.
 */
export function pythonListExpression(): string {
  const describe = `lambda v: (dict(shape=list(v.shape), dtype=str(v.dtype).replace('torch.', ''), typeName=K(v)) if (torch is not None and isinstance(v, torch.Tensor)) or (np is not None and isinstance(v, np.ndarray)) else dict(shape=[v.size[1], v.size[0], len(v.getbands())], dtype='uint8' if v.mode in ('RGB', 'RGBA', 'L', 'P', 'LA') else v.mode, typeName=K(v)) if PILI is not None and isinstance(v, PILI.Image) else dict(shape=list(v.shape), dtype=str(getattr(v, 'dtype', '')), typeName=K(v)) if hasattr(type(v), '__array__') and isinstance(getattr(v, 'shape', None), tuple) else None)`;
  const body = bind(
    { D: describe },
    `'PLENS1 vars ' + E64(json.dumps([dict(d, name=k) for k, x in sorted(F.items()) if not k.startswith('_') for d in [D(x)] if d is not None], default=str))`,
  );
  return `(lambda F: ${program(body)})(dict(globals(), **locals()))`;
}

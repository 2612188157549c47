"""Debuggee for test/debug/debugpy.test.ts: every kind of value Pooling Lens reads, in a
function frame that never imports numpy under its own name (the module does, as `_np`)."""
import numpy as _np

try:
    import torch as _torch
except ImportError:  # the tests skip torch cases and say why
    _torch = None
try:
    from PIL import Image as _Image
except ImportError:
    _Image = None

G_ARRAY = _np.arange(12, dtype=_np.float32).reshape(3, 4)


def main(step):
    rng = _np.random.default_rng(7)
    f32 = rng.standard_normal((3, 5)).astype(_np.float32)
    f64 = rng.standard_normal((4, 3))
    f16 = rng.standard_normal((2, 3)).astype(_np.float16)
    i8 = _np.array([[-128, 5], [127, 0]], dtype=_np.int8)
    u8 = _np.arange(24, dtype=_np.uint8).reshape(2, 3, 4)
    i16 = _np.array([-32768, 32767], dtype=_np.int16)
    u16 = _np.array([0, 65535], dtype=_np.uint16)
    i32 = _np.array([-(2**31), 2**31 - 1], dtype=_np.int32)
    u32 = _np.array([0, 2**32 - 1], dtype=_np.uint32)
    i64 = _np.array([-(2**53), 2**53, 3], dtype=_np.int64)
    u64 = _np.array([0, 2**53], dtype=_np.uint64)
    boolean = _np.array([[True, False], [False, True]])
    big_endian = _np.arange(6, dtype='>f4').reshape(2, 3)
    fortran = _np.asfortranarray(_np.arange(12.0).reshape(3, 4))
    view = _np.arange(60, dtype=_np.int32).reshape(6, 10)[::2, 1::3]
    transposed = _np.arange(24.0).reshape(2, 3, 4).transpose(2, 0, 1)
    zero_d = _np.array(2.5, dtype=_np.float32)
    scalar = _np.float64(-1.25)
    empty = _np.zeros((0, 4), dtype=_np.float32)
    nested = [[1, 2, 3], [4, 5, 6]]
    floats = (0.5, float('nan'), float('inf'))
    number = 7
    ragged = [[1, 2], [3]]
    text = 'hello'
    strings = _np.array(['a', 'b'])
    complex_arr = _np.array([1 + 2j])
    record = _np.zeros(2, dtype=[('a', 'i4')])

    class WithArray:
        def __array__(self, dtype=None):
            return _np.array([[1.5, 2.5]], dtype=dtype)

    array_like = WithArray()
    big = _np.arange(16 * 1024 * 1024, dtype=_np.float32).reshape(4096, 4096) * (step + 1)  # 64 MB
    mb1 = _np.linspace(0, 1, 256 * 1024, dtype=_np.float32).reshape(512, 512)  # 1 MB

    if _torch is not None:
        t = _torch.arange(24, dtype=_torch.float32).reshape(2, 3, 4) - 5
        t_grad = _torch.ones(3, 3, requires_grad=True) * 2
        t_half = _torch.tensor([[0.1, 65504.0], [-2.0, 1e-4]], dtype=_torch.float16)
        t_bf16 = _torch.tensor([[0.1, 3.0e38], [-2.5, 1e-3]], dtype=_torch.bfloat16)
        t_cl = _torch.arange(2 * 3 * 4 * 5, dtype=_torch.float32).reshape(2, 3, 4, 5).to(memory_format=_torch.channels_last)
        t_nc = _torch.arange(30, dtype=_torch.int64).reshape(5, 6).t()[1:, ::2]
        t_int = _torch.tensor([1, -2, 3], dtype=_torch.int32)
        t_bool = _torch.tensor([True, False])
        t_neg = _torch.tensor([1.0, -2.0]).neg()
        t_big = _torch.ones(4096, 4096)  # 64 MB
        pool = _torch.nn.MaxPool2d(3, stride=2, padding=1)
        avg = _torch.nn.AvgPool2d((2, 3), stride=1, padding=(1, 1), ceil_mode=True, count_include_pad=False, divisor_override=5)
        lp = _torch.nn.LPPool2d(2, 3)
        adaptive = _torch.nn.AdaptiveAvgPool2d((5, 7))
        linear = _torch.nn.Linear(2, 3)

        class Model(_torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.pool1 = _torch.nn.MaxPool2d(2)

        model = Model()
    if _Image is not None:
        img_rgb = _Image.fromarray(_np.arange(4 * 5 * 3, dtype=_np.uint8).reshape(4, 5, 3), 'RGB')
        img_l = _Image.fromarray(_np.arange(6, dtype=_np.uint8).reshape(2, 3), 'L')
        img_p = img_rgb.convert('P')
        img_rgba = img_rgb.convert('RGBA')
    x = f32 * (step + 1)
    print('stop', step)  # BREAK
    return x


for step in range(2):
    main(step)

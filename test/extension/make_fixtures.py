"""Expected outputs for the host's export computation (transpose so the spatial axes are last,
pool every leading index, transpose back), made with PyTorch and NumPy.

Run: /usr/bin/python3 test/extension/make_fixtures.py  (writes test/extension/fixtures/*.json)
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240601)


def pool_spatial_last(x, spatial, fn):
    """Move `spatial` axes last, pool all leading dims with `fn`, move them back."""
    nd = x.ndim
    leading = [a for a in range(nd) if a not in spatial]
    perm = leading + list(spatial)
    moved = np.transpose(x, perm)
    lead_shape = moved.shape[: len(leading)]
    flat = torch.from_numpy(np.ascontiguousarray(moved)).reshape(-1, 1, *moved.shape[len(leading):])
    out = fn(flat)
    out = out.reshape(*lead_shape, *out.shape[2:]).numpy()
    inv = np.argsort(perm)
    return np.transpose(out, inv), out


def case(name, x, spatial, request, fn):
    output, pooled = pool_spatial_last(x, spatial, fn)
    return {
        "name": name,
        "input": {"shape": list(x.shape), "data": x.ravel().tolist(), "dtype": str(x.dtype)},
        "request": request,
        "output": {"shape": list(output.shape), "data": output.ravel().tolist()},
        "pooled": {"shape": list(pooled.shape), "data": pooled.ravel().tolist()},
    }


def req(**kw):
    base = {
        "kind": "window", "mode": "max", "kernel": [2, 2], "stride": None, "padding": [0, 0],
        "dilation": [1, 1], "ceilMode": False, "countIncludePad": True, "divisorOverride": None,
        "p": 2, "outputSize": [],
    }
    base.update(kw)
    return base


cases = []

x = np.arange(1, 26, dtype=np.float64).reshape(5, 5)
cases.append(case("5x5 1..25 max k2 s2", x, [0, 1], req(spatialAxes=[0, 1]),
                  lambda t: F.max_pool2d(t, 2, 2)))

# Channels-last image (H, W, C): spatial axes 0 and 1, the channel axis stays last.
x = rng.integers(0, 256, size=(5, 6, 3)).astype(np.float64)
cases.append(case("HWC max k2 s2", x, [0, 1], req(spatialAxes=[0, 1]),
                  lambda t: F.max_pool2d(t, 2, 2)))

x = rng.standard_normal((2, 3, 7, 6))
cases.append(case("NCHW avg k3 s2 p1 ceil exclude-pad", x, [2, 3],
                  req(spatialAxes=[2, 3], mode="avg", kernel=[3, 3], stride=[2, 2], padding=[1, 1],
                      ceilMode=True, countIncludePad=False),
                  lambda t: F.avg_pool2d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False)))

# Spatial axis in the middle: (3, 9, 2) pooled along axis 1.
x = rng.standard_normal((3, 9, 2))
cases.append(case("1-D along the middle axis, max k3 s2 dilation 2", x, [1],
                  req(spatialAxes=[1], kernel=[3], stride=[2], padding=[0], dilation=[2]),
                  lambda t: F.max_pool1d(t, 3, 2, 0, dilation=2)))

x = rng.standard_normal((4, 2, 5)).astype(np.float32)
cases.append(case("float32 (H, C, W) spatial [0, 2] lp p=2 k2", x, [0, 2],
                  req(spatialAxes=[0, 2], mode="lp", kernel=[2, 2], p=2),
                  lambda t: F.lp_pool2d(t.double(), 2, 2).float()))

x = rng.standard_normal((2, 7, 5))
cases.append(case("adaptive avg to (3, 2)", x, [1, 2],
                  req(spatialAxes=[1, 2], kind="adaptive", mode="avg", outputSize=[3, 2]),
                  lambda t: F.adaptive_avg_pool2d(t, (3, 2))))

x = rng.standard_normal((6, 4, 3))
cases.append(case("global max over (H, W) of HWC", x, [0, 1],
                  req(spatialAxes=[0, 1], kind="global", mode="max"),
                  lambda t: F.adaptive_max_pool2d(t, 1)))

with open(os.path.join(HERE, "fixtures", "export.json"), "w") as f:
    json.dump({"generator": "test/extension/make_fixtures.py", "torch": torch.__version__, "cases": cases}, f)

# numpy.transpose on a few shapes and permutations.
transposes = []
for shape, perm in [((2, 3, 4), (2, 0, 1)), ((2, 3, 4), (1, 0, 2)), ((3, 1, 2, 2), (3, 1, 0, 2)), ((5,), (0,)), ((4, 6), (1, 0))]:
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    t = np.transpose(a, perm)
    transposes.append({"shape": list(shape), "perm": list(perm), "outShape": list(t.shape), "out": t.ravel().tolist()})
with open(os.path.join(HERE, "fixtures", "transpose.json"), "w") as f:
    json.dump({"generator": "test/extension/make_fixtures.py", "numpy": np.__version__, "cases": transposes}, f)
print(f"{len(cases)} export cases, {len(transposes)} transposes")

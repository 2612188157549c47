"""Fixture files for the panel tests in VS Code for the Web (test/vscode/suite/panel.test.ts),
written into test/vscode/workspace/ with NumPy and Pillow, plus the values the panel must show
with its default parameters (max pooling, kernel 2x2, stride 2), from PyTorch.

Run: /usr/bin/python3 test/vscode/make_workspace.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
WS = os.path.join(HERE, "workspace")


def max2(a):
    t = torch.from_numpy(np.asarray(a, dtype=np.float64))
    while t.dim() < 4:
        t = t.unsqueeze(0)
    return F.max_pool2d(t, 2, 2).flatten().tolist()


expected = {}

a = np.arange(1, 17, dtype=np.float64).reshape(4, 4)
np.save(os.path.join(WS, "lens-4x4.npy"), a)
expected["lens-4x4.npy"] = {"input": [4, 4], "output": max2(a)}

b = np.arange(1, 26, dtype=np.int64).reshape(5, 5)
np.savetxt(os.path.join(WS, "lens-5x5.csv"), b, delimiter=",", fmt="%d")
expected["lens-5x5.csv"] = {"input": [5, 5], "output": max2(b)}

# A 6x6 8-bit grayscale picture; the reader gives it as [1, 6, 6].
g = ((np.arange(36).reshape(6, 6) * 37) % 256).astype(np.uint8)
Image.fromarray(g, mode="L").save(os.path.join(WS, "lens-gray.png"))
expected["lens-gray.png"] = {"input": [1, 6, 6], "output": max2(g)}

# 1..256 as 16x16, for the Chain view's 3-layer chain (test/vscode/views.test.mjs computes
# its expectations with the core, so it has no entry in panel-expected.json).
np.savetxt(os.path.join(WS, "lens-16x16.csv"), np.arange(1, 257, dtype=np.int64).reshape(16, 16), delimiter=",", fmt="%d")

# Not an .npy at all: the panel must show an error, not spin.
with open(os.path.join(WS, "lens-bad.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00\x20\x00{'descr': '<f8', 'shape': (4, 4)\n")

with open(os.path.join(HERE, "suite", "panel-expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print(json.dumps(expected))

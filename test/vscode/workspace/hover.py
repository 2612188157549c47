"""Hover over an array literal: Pooling Lens shows it pooled.

Settings: poolingLens.hover.mode / kernel / stride / padding."""
import numpy as np
import torch

# The tutorial's 4x4 example: max pooling 2x2 gives [[6, 8], [14, 16]].
grid = np.array([[1, 2, 3, 4],
                 [5, 6, 7, 8],
                 [9, 10, 11, 12],
                 [13, 14, 15, 16]])

# An 8x8 feature map.
activations = torch.tensor([
    [0.12, 0.85, 0.33, 0.47, 0.91, 0.08, 0.64, 0.29],
    [0.56, 0.21, 0.78, 0.95, 0.14, 0.62, 0.37, 0.83],
    [0.44, 0.69, 0.05, 0.31, 0.88, 0.52, 0.76, 0.18],
    [0.93, 0.27, 0.61, 0.16, 0.42, 0.99, 0.24, 0.57],
    [0.35, 0.74, 0.48, 0.82, 0.09, 0.66, 0.51, 0.13],
    [0.68, 0.11, 0.97, 0.39, 0.73, 0.25, 0.86, 0.45],
    [0.22, 0.59, 0.34, 0.71, 0.54, 0.87, 0.03, 0.92],
    [0.81, 0.46, 0.17, 0.63, 0.28, 0.41, 0.79, 0.36],
])

label = "not an array"
names = ["max", "avg", "sum"]
ragged = [[1, 2, 3], [4, 5]]

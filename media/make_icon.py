"""Draws media/icon.png (128x128): a 4x4 input grid with its top-left 2x2 window highlighted,
an arrow, and the 2x2 output grid with the cell that window makes.

Run: /usr/bin/python3 media/make_icon.py
"""
import os

from PIL import Image, ImageDraw

S = 4  # supersampling
W = 128 * S
HERE = os.path.dirname(os.path.abspath(__file__))

# Viridis-like ramp for the cells; the window and its output cell in amber.
RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
WINDOW = "#ffb000"
BG = "#1e1e2e"

img = Image.new("RGBA", (W, W), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle([0, 0, W - 1, W - 1], radius=22 * S, fill=BG)


def grid(x0, y0, n, cell, gap, colour_of):
    for r in range(n):
        for c in range(n):
            x = x0 + c * (cell + gap)
            y = y0 + r * (cell + gap)
            d.rounded_rectangle([x, y, x + cell, y + cell], radius=2 * S, fill=colour_of(r, c))


# Input: 4x4 at the left, values rising to the bottom right.
cell, gap = 11 * S, 2 * S
x_in, y_in = 10 * S, 38 * S
grid(x_in, y_in, 4, cell, gap, lambda r, c: RAMP[min(4, (r + c) * 4 // 6)])
# The 2x2 window: an amber frame around the top-left four cells.
pad = 2 * S
span = 2 * cell + gap
d.rounded_rectangle([x_in - pad, y_in - pad, x_in + span + pad, y_in + span + pad], radius=4 * S, outline=WINDOW, width=3 * S)

# Arrow.
ax0, ax1, ay = 66 * S, 86 * S, 64 * S
d.line([ax0, ay, ax1 - 4 * S, ay], fill="#e0e0e0", width=4 * S)
d.polygon([(ax1, ay), (ax1 - 9 * S, ay - 7 * S), (ax1 - 9 * S, ay + 7 * S)], fill="#e0e0e0")

# Output: 2x2 at the right, the first cell filled amber (the window's result).
ocell, ogap = 14 * S, 2 * S
x_out, y_out = 90 * S, 49 * S
OUT = {(0, 0): WINDOW, (0, 1): RAMP[2], (1, 0): RAMP[3], (1, 1): RAMP[4]}
grid(x_out, y_out, 2, ocell, ogap, lambda r, c: OUT[(r, c)])

img.resize((128, 128), Image.LANCZOS).save(os.path.join(HERE, "icon.png"))
print("wrote media/icon.png")

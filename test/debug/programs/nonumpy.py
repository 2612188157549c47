"""Debuggee without numpy: importing it fails as it would where it is not installed."""
import sys

sys.modules['numpy'] = None  # `import numpy` now raises ImportError; find_spec says None


def main():
    small = [[1.5, 2.0], [3.0, float('nan')]]
    ints = [1, 2, 3]
    flags = [True, False]
    large = list(range(200_000))
    print('stop')  # BREAK


main()

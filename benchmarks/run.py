"""Benchmark axocr on labelled dataset folders; the same as ``axocr bench``.

python benchmarks/run.py ../shared/datasets/* --jobs 2 --baselines invoice2data,tesseract
"""

from __future__ import annotations

import sys

from axocr.bench.command import main

if __name__ == "__main__":
    sys.exit(main())

# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ratios between benchmark sizes (run by ``benchmarks/run.sh``).

Reads the ``BENCH-RESULT {json}`` lines pipeline_engine_bench.py printed at
each size and prints, per figure, its median at each size and its growth
from one size to the next (10x the lines: target at most 12x the time).
"""

import json
import sys

ORDER = ("100k", "1m", "10m")


def main(path):
    results = {}
    with open(path) as lines:
        for line in lines:
            if line.startswith("BENCH-RESULT "):
                result = json.loads(line[len("BENCH-RESULT ") :])
                results[result["size"]] = result
    sizes = [size for size in ORDER if size in results]
    if not sizes:
        print("no benchmark result")
        return
    names = list(results[sizes[0]]["medians"])
    header = "%-42s" % "median (s)" + "".join("%10s" % size for size in sizes)
    pairs = list(zip(sizes, sizes[1:]))
    header += "".join("%12s" % ("%s/%s" % (big, small)) for small, big in pairs)
    print("\n" + header)
    for name in names:
        row = "%-42s" % name
        row += "".join("%10.3f" % results[size]["medians"][name] for size in sizes)
        for small, big in pairs:
            ratio = results[big]["medians"][name] / results[small]["medians"][name]
            row += "%11.1fx" % ratio + ("" if ratio <= 12 else "!")
        print(row)
    print("(target: each figure at 10x the lines takes at most 12x the time; ! marks a miss)")


if __name__ == "__main__":
    main(sys.argv[1])

"""Turns the records of the Swift, C and numpy benchmarks into tables and ratios.

Usage: python3 compare.py --swift swift.tsv --c c.tsv --numpy numpy.tsv [--title TEXT]
Each option may repeat (several rounds run alternately); the best value of each record is kept.
Each input line: <impl> <precision> <kernel> <n> <value> <unit>; lines starting with '#' are headers.
"""
import argparse
from collections import defaultdict


def load(paths):
    """Merges several runs: the best value of each record (highest GFLOP/s, lowest time)."""
    records, headers = {}, []
    for path in paths or []:
        load_one(path, records, headers)
    return records, headers


def load_one(path, records, headers):
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("#"):
                if line not in headers:
                    headers.append(line)
                continue
            parts = line.split("\t")
            if len(parts) != 6:
                continue
            _, precision, kernel, n, value, unit = parts
            key, v = (precision, kernel, int(n)), float(value)
            if key in records:
                v = max(v, records[key]) if unit == "GFLOP/s" else min(v, records[key])
            records[key] = v



def fmt(x, digits=1):
    return "—" if x is None else f"{x:.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift", action="append", required=True, help="may repeat: best of the runs")
    ap.add_argument("--c", action="append")
    ap.add_argument("--numpy", action="append")
    ap.add_argument("--title", default="")
    args = ap.parse_args()
    swift, sh = load(args.swift)
    c, ch = load(args.c)
    numpy, nh = load(args.numpy)
    if args.title:
        print(f"## {args.title}\n")
    for label, hs in (("Swift", sh), ("C", ch), ("numpy", nh)):
        for h in hs:
            print(f"- {label}: {h.lstrip('# ').replace(chr(9), ', ')}")
    print()
    sizes = sorted({n for (_, k, n) in swift if k == "gemm"})
    for precision in ("double", "float"):
        kernels = []
        for (p, k, n) in swift:
            if p == precision and k not in kernels and not k.startswith(("call-", "batched-", "loop-", "inlining-")) \
                    and not k.endswith("-workspace"):
                kernels.append(k)
        print(f"### Products, {precision}: GFLOP/s (single thread; '—' = not run at that size: the naive loop orders "
              f"stop at 512, naive-ikj and Strassen with naive leaves at 1024, Strassen needs n > cutoff)\n")
        print("| kernel | " + " | ".join(str(n) for n in sizes) + " |")
        print("|---|" + "---:|" * len(sizes))
        for k in kernels:
            print(f"| {k} | " + " | ".join(fmt(swift.get((precision, k, n))) for n in sizes) + " |")
        print()
        print(f"Strassen workspace ({precision}, MiB): " + ", ".join(
            f"c{cut}@{n}={swift[(precision, f'strassen-c{cut}-workspace', n)]:.1f}"
            for cut in (64, 128, 256, 1024) for n in sizes if (precision, f"strassen-c{cut}-workspace", n) in swift))
        print()

    print("### gemm path against OpenBLAS from C and numpy (GFLOP/s; targets: Swift/C ≥ 0.95, Swift/numpy ≥ 1)\n")
    print("| precision | n | Swift A*B | C cblas | numpy | Swift/C | Swift/numpy |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for precision in ("double", "float"):
        for n in sizes:
            s, cc, npy = swift.get((precision, "gemm", n)), c.get((precision, "gemm", n)), numpy.get((precision, "gemm", n))
            print(f"| {precision} | {n} | {fmt(s)} | {fmt(cc)} | {fmt(npy)} | {fmt(ratio(s, cc), 2)} | {fmt(ratio(s, npy), 2)} |")
    print()

    print("### Blocked pure-Swift kernel against OpenBLAS from C at 512 (target ≥ 0.4)\n")
    for precision in ("double", "float"):
        b, cc = swift.get((precision, "blocked", 512)), c.get((precision, "gemm", 512))
        print(f"- {precision}: blocked {fmt(b)} GFLOP/s, C gemm {fmt(cc)} GFLOP/s, ratio {fmt(ratio(b, cc), 2)}")
    print()

    print("### Per-call time of small products (ns; target: Swift A*B ≤ 0.2 × numpy)\n")
    print("'Swift − C' is what the Swift path adds to the same OpenBLAS call made from C (allocating the result,")
    print("the wrapper): the per-call overhead in the strict sense. The rest of 'Swift A*B' is the BLAS kernel itself.\n")
    print("| precision | n | Swift A*B | Swift BLAS call only | C cblas call | Swift − C | numpy a@b | Swift/numpy | (Swift − C)/numpy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for precision in ("double", "float"):
        for n in (4, 16):
            s = swift.get((precision, "call-A*B", n))
            npy = numpy.get((precision, "call-A@B", n))
            cc = c.get((precision, "call-cblas", n))
            added = s - cc if s is not None and cc is not None else None
            print(f"| {precision} | {n} | {fmt(s, 0)} | {fmt(swift.get((precision, 'call-blasGemm-only', n)), 0)} | "
                  f"{fmt(cc, 0)} | {fmt(added, 0)} | {fmt(npy, 0)} | {fmt(ratio(s, npy), 2)} | {fmt(ratio(added, npy), 2)} |")
    print()

    print("### Batched products of 10,000 small matrices (GFLOP/s)\n")
    print("| precision | n | batch-major (gemm each) | interleaved (loop over batch) | loop of A*B |")
    print("|---|---:|---:|---:|---:|")
    for precision in ("double", "float"):
        for n in (4, 16):
            print(f"| {precision} | {n} | {fmt(swift.get((precision, 'batched-batchMajor', n)), 2)} | "
                  f"{fmt(swift.get((precision, 'batched-interleaved', n)), 2)} | {fmt(swift.get((precision, 'loop-of-A*B', n)), 2)} |")
    print()

    print("### Strassen crossover\n")
    for precision in ("double", "float"):
        for cut in (64, 128, 256, 1024):
            if not any((precision, f"strassen-c{cut}", n) in swift for n in sizes):
                continue
            wins = [n for n in sizes if (precision, f"strassen-c{cut}", n) in swift
                    and swift[(precision, f"strassen-c{cut}", n)] > swift.get((precision, "gemm", n), float("inf"))]
            print(f"- {precision}, cutoff {cut}, gemm leaves, against gemm: "
                  + (f"faster at n = {', '.join(map(str, wins))}" if wins else "never faster at the sizes run"))
        naive_wins = [n for n in sizes if (precision, "strassen-naive-leaves-c64", n) in swift
                      and (precision, "naive-ikj", n) in swift
                      and swift[(precision, "strassen-naive-leaves-c64", n)] > swift[(precision, "naive-ikj", n)]]
        print(f"- {precision}, cutoff 64, naive ikj leaves, against naive ikj: "
              + (f"faster at n = {', '.join(map(str, naive_wins))}" if naive_wins else "never faster at the sizes run"))
    print()

    print("### @inlinable: the same kernel compiled in the client module vs inside LinearAlgebra (double)\n")
    print("| kernel | n | client | library | client/library |")
    print("|---|---:|---:|---:|---:|")
    groups = defaultdict(dict)
    units = {}
    for (p, k, n), v in swift.items():
        if k.startswith("inlining-"):
            base, where = k[len("inlining-"):].rsplit("-", 1)
            groups[(base, n)][where] = v
    for (base, n), d in sorted(groups.items()):
        unit = " ns/element" if "sum" in base else " GFLOP/s"
        print(f"| {base}{unit} | {n} | {fmt(d.get('client'), 2)} | {fmt(d.get('library'), 2)} | "
              f"{fmt(ratio(d.get('client'), d.get('library')), 2)} |")
    print()


if __name__ == "__main__":
    main()

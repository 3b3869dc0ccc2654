#!/usr/bin/env bash
# The blocked kernel compiled for each CPU target this machine can run (baseline x86-64 = SSE2 without FMA,
# Haswell = AVX2 + FMA, Skylake-AVX512, and the host), GFLOP/s at n = 512, best of 5, single-threaded.
# ROUNDS alternating rounds (default 3), best of each kept. All variants run on this machine's CPU, so
# this measures code generation, not what an older CPU would reach.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
targets="x86-64"
grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && targets="$targets haswell"
grep -qw avx512f /proc/cpuinfo && targets="$targets skylake-avx512"
targets="$targets native"
for cpu in $targets; do
    # LinearAlgebra itself compiled for the target (its kernels are not inlined into callers).
    flags=$(Tests/KernelTargets/library-for-target "$cpu" "$WORK/lib-$cpu")
    # shellcheck disable=SC2086
    swiftc -O -target-cpu "$cpu" Benchmarks/linalg/targets.swift $flags -o "$WORK/targets-$cpu"
done
for round in $(seq "${ROUNDS:-3}"); do
    for cpu in $targets; do OPENBLAS_NUM_THREADS=1 "$WORK/targets-$cpu" "$cpu"; done
done > "$WORK/records"
echo "| target | vector bytes | FMA | Double GFLOP/s | Float GFLOP/s |"
echo "|---|---:|---|---:|---:|"
for cpu in $targets; do
    awk -v t="$cpu" '$1 == t { bytes = $2; fma = $3; if ($5 > best[$4]) best[$4] = $5 }
        END { printf "| %s | %s | %s | %.1f | %.1f |\n", t, bytes, fma ? "yes" : "no", best["double"], best["float"] }' "$WORK/records"
done

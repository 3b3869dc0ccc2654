#!/usr/bin/env bash
# Runs the LinearAlgebra benchmark side by side with OpenBLAS called from C and with numpy, all single-threaded,
# and prints tables with ratios (Benchmarks/linalg/compare.py).
#
#   Benchmarks/linalg/run.sh [--quick]      (--quick: sizes up to 512)
#
# OpenBLAS 0.3.21 (Debian 12) does not recognise some recent CPUs and falls back to its Prescott (SSE3)
# kernels; numpy's own OpenBLAS detects them. So the Swift and C benchmarks run twice: with the core
# OpenBLAS detects, and with OPENBLAS_CORETYPE set to the best core this OpenBLAS has for the CPU
# (FORCED_CORE, default SkylakeX when the CPU has AVX-512, else Haswell). numpy runs with OPENBLAS_CORETYPE
# and OPENBLAS_L2_SIZE unset (see the environment notes: they slow a current numpy).
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK="${1:-}"
SCRATCH="${SCRATCH:-.build-bench-linalg}"
OUT="${OUT:-$(mktemp -d /tmp/bench-linalg.XXXXXX)}"
export OPENBLAS_NUM_THREADS=1

echo "[1/4] building bench-linalg (release) and the C reference" >&2
swift build -c release --scratch-path "$SCRATCH" --product bench-linalg >&2
BENCH="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/bench-linalg"
cc -O2 Benchmarks/linalg/C/gemm_bench.c $(pkg-config --cflags --libs openblas) -o "$OUT/gemm_bench"

if [ -z "${FORCED_CORE:-}" ]; then
    if grep -q avx512f /proc/cpuinfo; then FORCED_CORE=SkylakeX; else FORCED_CORE=Haswell; fi
fi

echo "[2/4] numpy" >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/linalg/numpy_bench.py $QUICK > "$OUT/numpy.tsv"

echo "[3/4] Swift and C with the core OpenBLAS detects" >&2
"$OUT/gemm_bench" $QUICK > "$OUT/c-detected.tsv"
"$BENCH" $QUICK > "$OUT/swift-detected.tsv"

echo "[4/4] Swift and C with OPENBLAS_CORETYPE=$FORCED_CORE" >&2
OPENBLAS_CORETYPE=$FORCED_CORE "$OUT/gemm_bench" $QUICK > "$OUT/c-forced.tsv"
OPENBLAS_CORETYPE=$FORCED_CORE "$BENCH" $QUICK > "$OUT/swift-forced.tsv"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 Benchmarks/linalg/compare.py --title "OpenBLAS core as detected" \
    --swift "$OUT/swift-detected.tsv" --c "$OUT/c-detected.tsv" --numpy "$OUT/numpy.tsv"
python3 Benchmarks/linalg/compare.py --title "OPENBLAS_CORETYPE=$FORCED_CORE" \
    --swift "$OUT/swift-forced.tsv" --c "$OUT/c-forced.tsv" --numpy "$OUT/numpy.tsv"
echo "raw records: $OUT" >&2

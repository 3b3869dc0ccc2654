#!/usr/bin/env bash
# Runs the LinearAlgebra benchmark side by side with OpenBLAS called from C and with numpy, all single-threaded,
# and prints tables with ratios (Benchmarks/linalg/compare.py).
#
#   Benchmarks/linalg/run.sh [quick]      (quick or --quick: sizes up to 512)
#
# OpenBLAS 0.3.21 (Debian 12) does not recognise some recent CPUs and falls back to its Prescott (SSE3)
# kernels; numpy's own OpenBLAS detects them. So the Swift and C benchmarks run twice: with the core
# OpenBLAS detects, and with OPENBLAS_CORETYPE set to the best core this OpenBLAS has for the CPU
# (FORCED_CORE, default SkylakeX when the CPU has AVX-512, else Haswell; FORCED_CORE=none skips that half, so
# nothing sets OPENBLAS_CORETYPE). Where the environment already sets OPENBLAS_CORETYPE (machines whose CPU
# this OpenBLAS miscomputes or crashes on), Swift and C keep that value and the forced half is skipped
# unless FORCED_CORE is given. numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (see the
# environment notes: they slow a current numpy).
# The gemm comparison runs ROUNDS times (default 3), numpy, C and Swift alternating, best of each kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
    "") QUICK="" ;;
    quick|--quick) QUICK="--quick" ;;
    *) echo "usage: $0 [quick]" >&2; exit 2 ;;
esac
OUT="${OUT:-$(mktemp -d /tmp/bench-linalg.XXXXXX)}"
export OPENBLAS_NUM_THREADS=1

echo "[1/3] building bench-linalg (release) and the C reference" >&2
swift build --package-path Benchmarks -c release --product bench-linalg >&2
BENCH="$(swift build --package-path Benchmarks -c release --show-bin-path)/bench-linalg"
cc -O2 Benchmarks/linalg/C/gemm_bench.c $(pkg-config --cflags --libs openblas) -o "$OUT/gemm_bench"

if [ -z "${FORCED_CORE:-}" ] && [ -n "${OPENBLAS_CORETYPE:-}" ]; then
    FORCED_CORE=none
elif [ -z "${FORCED_CORE:-}" ]; then
    if grep -q avx512f /proc/cpuinfo; then FORCED_CORE=SkylakeX; else FORCED_CORE=Haswell; fi
fi

ROUNDS="${ROUNDS:-3}"
run_config() {   # $1 = label, $2 = OPENBLAS_CORETYPE value or empty
    local label="$1" core="$2"
    for round in $(seq "$ROUNDS"); do
        echo "  [$label] round $round/$ROUNDS: numpy, C, Swift gemm path" >&2
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/linalg/numpy_bench.py $QUICK > "$OUT/numpy-$label-$round.tsv"
        env ${core:+OPENBLAS_CORETYPE=$core} "$OUT/gemm_bench" $QUICK > "$OUT/c-$label-$round.tsv"
        env ${core:+OPENBLAS_CORETYPE=$core} "$BENCH" $QUICK --gemm-only > "$OUT/swift-$label-gemm-$round.tsv"
    done
    echo "  [$label] Swift, every product" >&2
    env ${core:+OPENBLAS_CORETYPE=$core} "$BENCH" $QUICK > "$OUT/swift-$label-all.tsv"
}

labels="detected"
detected_title="OpenBLAS core as detected"
[ -n "${OPENBLAS_CORETYPE:-}" ] && detected_title="OpenBLAS core as the environment sets it (OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE)"
echo "[2/3] $detected_title" >&2
run_config detected ""
if [ "$FORCED_CORE" = none ]; then
    echo "[3/3] skipped (FORCED_CORE=none)" >&2
else
    echo "[3/3] OPENBLAS_CORETYPE=$FORCED_CORE" >&2
    run_config forced "$FORCED_CORE"
    labels="detected forced"
fi

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), best of $ROUNDS alternating rounds"
for label in $labels; do
    args=()
    for f in "$OUT"/swift-$label-*.tsv; do args+=(--swift "$f"); done
    for f in "$OUT"/c-$label-*.tsv; do args+=(--c "$f"); done
    for f in "$OUT"/numpy-*.tsv; do args+=(--numpy "$f"); done
    title="$detected_title"
    [ "$label" = forced ] && title="OPENBLAS_CORETYPE=$FORCED_CORE for Swift and C"
    python3 Benchmarks/linalg/compare.py --title "$title" "${args[@]}"
done
echo "raw records: $OUT" >&2

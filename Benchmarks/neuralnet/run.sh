#!/usr/bin/env bash
# Builds bench-neuralnet (release, in the Benchmarks package) and runs it: the autograd overhead over the
# same gemm calls made directly, an embedding gather against its one-hot product, and two activations.
# OpenBLAS runs single-threaded (the benchmark sets it); extra arguments go to the benchmark.
#
#   Benchmarks/neuralnet/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "[1/2] building bench-neuralnet (release)" >&2
swift build --package-path Benchmarks -c release --product bench-neuralnet >&2
BENCH="$(swift build --package-path Benchmarks -c release --show-bin-path)/bench-neuralnet"
echo "[2/2] running" >&2
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" "$@"

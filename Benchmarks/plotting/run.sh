#!/usr/bin/env bash
# Builds bench-plotting (release, in the Benchmarks package) and runs it: a 10,000-point line plot and a
# 256×256 heatmap to SVG and PNG, with matplotlib drawing the same figures (reference_matplotlib.py) in
# the same run when python3 has matplotlib.
#
#   Benchmarks/plotting/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "[1/2] building bench-plotting (release)" >&2
swift build --package-path Benchmarks -c release --product bench-plotting >&2
BENCH="$(swift build --package-path Benchmarks -c release --show-bin-path)/bench-plotting"
echo "[2/2] running" >&2
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" "$@"

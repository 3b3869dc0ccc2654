#!/usr/bin/env bash
# Input scaling: how the build's time grows with a chapter's size, on generated chapters of prose with N short
# inline formulas (no code, so nothing is compiled or run). The reference is the smallest chapter, in the same
# run: linear work gives time ratios near the size ratios (16× the formulas → ≈16× the time); quadratic work
# gives their squares (≈256×).
#
#   Benchmarks/input/run.sh [N...]        default: 25000 100000 400000
#   WEAVE=/path/to/weave Benchmarks/input/run.sh    time another build of weave (e.g. an older revision's)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(25000 100000 400000)
if [ -z "${WEAVE:-}" ]; then
  echo "building weave (release)" >&2
  swift build -c release --product weave >&2
  WEAVE="$(swift build -c release --show-bin-path)/weave"
fi
echo "weave: $WEAVE" >&2
WORK=$(mktemp -d /tmp/weave-input-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %10s %12s %12s\n' formulas bytes seconds "size ratio" "time ratio"
base_n=""; base_t=""
for n in "${SIZES[@]}"; do
  book="$WORK/book-$n"; mkdir -p "$book/chapters"
  python3 - "$n" > "$book/chapters/01-math.md" <<'PY'
import sys
n = int(sys.argv[1])
print("# Many formulas\n")
for i in range(0, n, 10):
    print(" ".join(f"term $x_{{{j}}}^2$ and" for j in range(i, min(n, i + 10))) + " so on.\n")
PY
  s=$(date +%s%N); "$WEAVE" build "$book" >/dev/null 2>&1; e=$(date +%s%N)
  t=$(awk -v d=$((e - s)) 'BEGIN {printf "%.3f", d / 1e9}')
  [ -n "$base_n" ] || { base_n=$n; base_t=$t; }
  awk -v n="$n" -v b="$(wc -c < "$book/chapters/01-math.md")" -v t="$t" -v bn="$base_n" -v bt="$base_t" \
    'BEGIN {printf "%-10d %10d %10.3f %12.1f %12.1f\n", n, b, t, n / bn, t / bt}'
done

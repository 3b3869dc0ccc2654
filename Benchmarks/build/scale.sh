#!/usr/bin/env bash
# Scale benchmark (issue 15): a generated book of N chapters (Benchmarks/build/generate-book.py: a few
# paragraphs, math, a cross-reference and one small swift-exec block each), built by one weave binary:
#   cold build (engine already built), with the CPU time it used (user+sys over wall: up to the core count),
#   no-change rebuild and one-chapter prose edit (medians of 5), and one chapter of 300 blocks.
# Also the cold build of N/4 and N/2 chapters, to show how cold time grows with the chapter count.
#
#   Benchmarks/build/scale.sh                          debug binary (what `swift run weave` gives), N = 200
#   Benchmarks/build/scale.sh --weave .build/release/weave --chapters 100
# Targets (issue 15, 2-core machine): no-change ≤ 0.3 s, one-chapter prose edit ≤ 0.5 s, cold linear in N.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WEAVE="$ROOT/.build/debug/weave"
N=200
while [ $# -gt 0 ]; do
  case "$1" in
    --weave) WEAVE=$(realpath "$2"); shift 2 ;;
    --chapters) N=$2; shift 2 ;;
    *) echo "usage: scale.sh [--weave PATH] [--chapters N]" >&2; exit 2 ;;
  esac
done
[ -x "$WEAVE" ] || { echo "no weave binary at $WEAVE (swift build first)" >&2; exit 1; }
export WEAVE_PACKAGE_ROOT="$ROOT"
WORK=$(mktemp -d /tmp/weave-scale-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); awk -v n=$((e - s)) 'BEGIN {printf "%.4f\n", n / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
# cold BOOK: "wall cpu" — wall seconds and CPU seconds (user+sys, children included) of a cold build.
cold() {
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$WEAVE" build "$1" >/dev/null 2>&1
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# weave: $WEAVE"
# The engine is built (and checked) before any timing: a one-chapter book.
python3 Benchmarks/build/generate-book.py "$WORK/warm" 1 && "$WEAVE" build "$WORK/warm" >/dev/null 2>&1

for n in $((N / 4)) $((N / 2)) "$N"; do
  python3 Benchmarks/build/generate-book.py "$WORK/book$n" "$n"
  read -r wall cpu <<<"$(cold "$WORK/book$n")"
  awk -v n="$n" -v w="$wall" -v c="$cpu" 'BEGIN {printf "cold build, %4d chapters     %8.2f s  (%.2f s per chapter; CPU %.1f s = %.2f cores busy)\n", n, w, w / n, c, c / w}'
done
book="$WORK/book$N"
nochange=$(for i in 1 2 3 4 5; do seconds "$WEAVE" build "$book"; done | median)
middle=$(ls "$book/chapters" | sed -n "$((N / 2))p")
prose=$(for i in 1 2 3 4 5; do
  printf '\nAn added paragraph of prose, number %s.\n' "$i" >> "$book/chapters/$middle"
  seconds "$WEAVE" build "$book"; done | median)
printf '%-30s %8.3f s  (target 0.3 s)\n' "no-change rebuild (median)" "$nochange"
printf '%-30s %8.3f s  (target 0.5 s)\n' "one-chapter prose edit (median)" "$prose"

python3 Benchmarks/build/generate-book.py "$WORK/big" 2 --blocks-in-first 300
read -r wall cpu <<<"$(cold "$WORK/big")"
page="$WORK/big/site/$(ls "$WORK/big/site" | grep -m1 '^1-generated.html$\|^01-generated.html$\|^1-')"
printf '%-30s %8.2f s  (page %s KiB, %s outputs)\n' "300-block chapter, cold" "$wall" \
  "$(( $(stat -c %s "$page") / 1024 ))" "$(grep -c 'class="output"' "$page")"

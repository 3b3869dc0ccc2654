#!/usr/bin/env bash
# Build-cache benchmark on the bundled book, with the release binary of weave (the root package's `weave`
# product: this benchmark measures the tool, so unlike the others it is not in Benchmarks/Package.swift):
#   cold build (empty cache), no-change rebuild, prose-only edit, one chapter's code edited.
# Targets (issue 2, this 2-core machine): no-change rebuild < 0.5 s, prose-only edit < 1 s.
# Prints one line per case; the rebuild cases are repeated and the median is reported.
#
#   Benchmarks/build/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
echo "[1/2] building weave (release)" >&2
swift build -c release --product weave >&2
WEAVE="$(swift build -c release --show-bin-path)/weave"
WORK=$(mktemp -d /tmp/weave-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/chapters" "$WORK/"
[ -f "$ROOT/book.json" ] && cp "$ROOT/book.json" "$WORK/"
# Make sure the engine is built before timing (its build is not part of a book build); check writes no cache.
"$WEAVE" check "$WORK" >/dev/null 2>&1 || true
rm -rf "$WORK/.weave-cache" "$WORK/site" "$WORK/figures"

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); awk -v n=$((e - s)) 'BEGIN {printf "%.4f\n", n / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

echo "[2/2] running: cold build, 5 no-change rebuilds, 5 prose edits, one code edit" >&2
cold=$(seconds "$WEAVE" build "$WORK")
nochange=$(for i in 1 2 3 4 5; do seconds "$WEAVE" build "$WORK"; done | median)
first=$(ls "$WORK/chapters" | head -1)
prose=$(for i in 1 2 3 4 5; do
  printf '\nAn added paragraph of prose, number %s.\n' "$i" >> "$WORK/chapters/$first"
  seconds "$WEAVE" build "$WORK"; done | median)
# One chapter's code edited: append a harmless statement to its last swift-exec block's code.
target=$(grep -l '```swift-exec' "$WORK"/chapters/*.md | head -1)
python3 - "$target" <<'PY'
import sys
p = sys.argv[1]; lines = open(p).read().split("\n")
for i in range(len(lines) - 1, -1, -1):
    if lines[i].startswith("```swift-exec"):
        lines.insert(i + 1, "let weaveBenchmarkEdit = 1")
        break
open(p, "w").write("\n".join(lines))
PY
onechapter=$(seconds "$WEAVE" build "$WORK")

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'book: %s chapters, %s swift-exec blocks\n' "$(ls "$WORK/chapters" | wc -l)" "$(grep -c '^```swift-exec' "$WORK"/chapters/*.md | awk -F: '{s+=$2} END {print s}')"
printf '%-28s %8.3f s\n' "cold build" "$cold"
printf '%-28s %8.3f s   (target < 0.5 s)\n' "no-change rebuild (median)" "$nochange"
printf '%-28s %8.3f s   (target < 1 s)\n' "prose-only edit (median)" "$prose"
printf '%-28s %8.3f s   (%s re-runs)\n' "one chapter's code edited" "$onechapter" "$(basename "$target")"

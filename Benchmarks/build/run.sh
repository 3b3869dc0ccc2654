#!/usr/bin/env bash
# Build-cache benchmark on the bundled book, with the release binary of weave (the root package's `weave`
# product: this benchmark measures the tool, so unlike the others it is not in Benchmarks/Package.swift):
#   cold build (empty cache), no-change rebuild, prose-only edit, one chapter's code edited.
# Targets (issue 2, this 2-core machine): no-change rebuild < 0.5 s, prose-only edit < 1 s.
# The rebuild cases are repeated 5 times and the median is reported.
#
#   Benchmarks/build/run.sh                  this checkout only
#   Benchmarks/build/run.sh --against REV    this checkout and git revision REV side by side: REV is built
#                                            (release) in a worktree under .build-bench/, then the two run
#                                            in turns (A B A B), on copies of this checkout's chapters
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
AGAINST=""
if [ "${1:-}" = "--against" ]; then AGAINST=${2:?usage: run.sh --against REV}; fi
echo "building weave (release)" >&2
swift build -c release --product weave >&2
NEW="$(swift build -c release --show-bin-path)/weave"
OLD=""
if [ -n "$AGAINST" ]; then
  rev=$(git rev-parse --short "$AGAINST")
  tree="$ROOT/.build-bench/$rev"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$rev" >&2
  echo "building weave $rev (release) in $tree" >&2
  (cd "$tree" && swift build -c release --product weave >&2)
  OLD="$(cd "$tree" && swift build -c release --show-bin-path)/weave"
fi
WORK=$(mktemp -d /tmp/weave-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); awk -v n=$((e - s)) 'BEGIN {printf "%.4f\n", n / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

# measure BINARY: prints "cold nochange prose onechapter" (seconds) for one fresh copy of the book.
measure() {
  local weave=$1 book="$WORK/book"
  rm -rf "$book"; mkdir -p "$book"
  cp -r "$ROOT/chapters" "$book/"
  [ -f "$ROOT/book.json" ] && cp "$ROOT/book.json" "$book/"
  # The engine is built before timing (its build is not part of a book build); check writes no cache.
  "$weave" check "$book" >/dev/null 2>&1 || true
  local cold nochange prose onechapter first target
  cold=$(seconds "$weave" build "$book")
  nochange=$(for i in 1 2 3 4 5; do seconds "$weave" build "$book"; done | median)
  first=$(ls "$book/chapters" | head -1)
  prose=$(for i in 1 2 3 4 5; do
    printf '\nAn added paragraph of prose, number %s.\n' "$i" >> "$book/chapters/$first"
    seconds "$weave" build "$book"; done | median)
  # One chapter's code edited: a harmless statement added to its last swift-exec block's code.
  target=$(grep -l '```swift-exec' "$book"/chapters/*.md | head -1)
  python3 - "$target" <<'PY'
import sys
p = sys.argv[1]; lines = open(p).read().split("\n")
for i in range(len(lines) - 1, -1, -1):
    if lines[i].startswith("```swift-exec"):
        lines.insert(i + 1, "let weaveBenchmarkEdit = 1")
        break
open(p, "w").write("\n".join(lines))
PY
  onechapter=$(seconds "$weave" build "$book")
  echo "$cold $nochange $prose $onechapter"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'book: %s chapters, %s swift-exec blocks; first chapter with code: %s\n' "$(ls "$ROOT/chapters" | wc -l)" \
  "$(grep -c '^```swift-exec' "$ROOT"/chapters/*.md | awk -F: '{s+=$2} END {print s}')" \
  "$(basename "$(grep -l '```swift-exec' "$ROOT"/chapters/*.md | head -1)")"
cases=("cold build" "no-change rebuild (median)" "prose-only edit (median)" "one chapter's code edited")
if [ -z "$OLD" ]; then
  read -r -a t <<<"$(measure "$NEW")"
  for i in 0 1 2 3; do printf '%-28s %8.3f s\n' "${cases[$i]}" "${t[$i]}"; done
  exit 0
fi
echo "running this checkout (new) and $rev (old) in turns: new old new old" >&2
read -r -a n1 <<<"$(measure "$NEW")"; read -r -a o1 <<<"$(measure "$OLD")"
read -r -a n2 <<<"$(measure "$NEW")"; read -r -a o2 <<<"$(measure "$OLD")"
printf '%-28s %17s %17s %9s\n' "case" "new (round 1, 2)" "old $rev (1, 2)" "new/old"
for i in 0 1 2 3; do
  awk -v c="${cases[$i]}" -v a="${n1[$i]}" -v b="${n2[$i]}" -v x="${o1[$i]}" -v y="${o2[$i]}" \
    'BEGIN {printf "%-28s %8.3f %8.3f %8.3f %8.3f %9.2f\n", c, a, b, x, y, (a + b) / (x + y)}'
done
echo "new/old: the two rounds' sum for this checkout over the same for $rev (below 1: this checkout is faster)"

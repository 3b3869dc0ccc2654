#!/usr/bin/env python3
"""Writes a synthetic weave book for the scale benchmark (Benchmarks/build/scale.sh).

    generate-book.py DIR CHAPTERS [--blocks-in-first N]

Each chapter has a heading, a few paragraphs of prose with inline math, a numbered display equation, a
cross-reference to the previous chapter's equation, and one small swift-exec block that uses the engine
(a 4×4 matrix product and its Frobenius norm) and prints a line. With --blocks-in-first N the first chapter
has N blocks instead of one (the "chapter of 300 blocks" case). The text is deterministic: the same
arguments write the same book.
"""
import os
import sys


def chapter(number: int, blocks: int) -> str:
    lines = [f"# Chapter {number}: a generated chapter", ""]
    for p in range(3):
        lines += [
            f"Paragraph {p + 1} of chapter {number}. A product $C = AB$ of an $m \\times k$ and a $k \\times n$ "
            f"matrix costs $2mkn$ floating-point operations; here $m = k = n = {number % 7 + 2}$. The text is "
            f"generated so that the benchmark's book has the shape of a real one: prose, math, references and code.",
            "",
        ]
    lines += [f"$$ \\|AB\\|_F \\le \\|A\\|_F \\|B\\|_F $$ {{#eq-gen-{number}}}", ""]
    if number > 1:
        lines += [f"The bound @eq-gen-{number - 1} of the previous chapter holds here too.", ""]
    for b in range(blocks):
        lines += [
            "```swift-exec",
            "import WeaveKit" if b == 0 else f"// block {b + 1}",
            f"let a{b} = Matrix<Double>(rows: 4, columns: 4) {{ i, j in Double(i + j + {number + b}) }}",
            f"let p{b} = a{b} * a{b}",
            f'print("chapter {number} block {b + 1}:", p{b}[0, 0])',
            "```",
            "",
        ]
    lines += ["## Summary", "", f"Chapter {number} multiplied two matrices and printed one entry.", ""]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, count = sys.argv[1], int(sys.argv[2])
    first_blocks = 1
    if "--blocks-in-first" in sys.argv:
        first_blocks = int(sys.argv[sys.argv.index("--blocks-in-first") + 1])
    os.makedirs(os.path.join(root, "chapters"), exist_ok=True)
    width = len(str(count))
    for n in range(1, count + 1):
        path = os.path.join(root, "chapters", f"{n:0{width}d}-generated.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(chapter(n, first_blocks if n == 1 else 1))
    with open(os.path.join(root, "book.json"), "w", encoding="utf-8") as f:
        f.write('{"title": "A generated book of %d chapters"}\n' % count)


if __name__ == "__main__":
    main()

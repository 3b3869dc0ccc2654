"""Reference timings: matplotlib drawing the same two figures as bench-plotting (Swift/main.swift).

Prints one JSON object: {"line_svg": seconds, "line_png": ..., "heatmap_svg": ..., "heatmap_png": ...}
(median of REPEATS runs each, figure construction included, output to memory).
"""
import io, json, math, statistics, sys, time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
N = 10_000
xs = [i / (N - 1) * 20 for i in range(N)]
ys = [math.sin(x) * math.exp(-x / 10) + 0.1 * math.sin(37 * x) for x in xs]
grid = [[math.sin(i / 20) * math.cos(j / 30) for j in range(256)] for i in range(256)]


def line_figure():
    fig = plt.figure(figsize=(6.4, 4.0), dpi=100)
    ax = fig.add_subplot()
    ax.plot(xs, ys, label="damped sine")
    ax.set_xlabel("t"); ax.set_ylabel("signal"); ax.set_title("10,000-point line")
    ax.legend()
    return fig


def heatmap_figure():
    fig = plt.figure(figsize=(4.8, 4.0), dpi=100)
    ax = fig.add_subplot()
    im = ax.imshow(grid, cmap="viridis", interpolation="nearest")
    fig.colorbar(im, ax=ax)
    ax.set_title("256×256 heatmap")
    return fig


def timed(make, fmt, dpi):
    samples = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fig = make()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi)
        plt.close(fig)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


timed(line_figure, "png", 200)  # warm-up (font cache, imports)
print(json.dumps({
    "line_svg": timed(line_figure, "svg", 100),
    "line_png": timed(line_figure, "png", 200),
    "heatmap_svg": timed(heatmap_figure, "svg", 100),
    "heatmap_png": timed(heatmap_figure, "png", 200),
}))

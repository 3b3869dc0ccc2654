"""numpy's matmul on the same sizes, single-threaded: the second reference for LinearAlgebra's gemm path.

Prints the same tab-separated records as the Swift benchmark:  numpy <precision> <kernel> <n> <value> <unit>
Thread count is limited with threadpoolctl when installed (else set OPENBLAS_NUM_THREADS=1 before starting).
`--quick`: sizes up to 512.
"""
import sys
import time

import numpy as np

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # the environment variable still limits threads
    threadpool_info = None
    threadpool_limits = None


def best_time(call, budget=0.3):
    call()
    best, spent, runs = float("inf"), 0.0, 0
    while spent < budget or runs < 2:
        t0 = time.perf_counter()
        call()
        t = time.perf_counter() - t0
        best, spent, runs = min(best, t), spent + t, runs + 1
    return best


def per_call(call, inner=20000, batches=15):
    best = float("inf")
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(inner):
            call()
        best = min(best, (time.perf_counter() - t0) / inner)
    return best


def main():
    quick = "--quick" in sys.argv
    sizes = [64, 128, 256, 512] if quick else [64, 128, 256, 512, 1024, 2048]
    if threadpool_info is not None:
        for pool in threadpool_info():
            print(f"# numpy {np.__version__}\t{pool.get('internal_api')} {pool.get('version')}\t"
                  f"core {pool.get('architecture')}\tthreads {pool.get('num_threads')}")
    rng = np.random.default_rng(1)
    for n in (4, 16):
        for name, dtype in (("double", np.float64), ("float", np.float32)):
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            print(f"numpy\t{name}\tcall-A@B\t{n}\t{per_call(lambda: a @ b) * 1e9:.6g}\tns")
    for n in sizes:
        for name, dtype in (("double", np.float64), ("float", np.float32)):
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            t = best_time(lambda: a @ b)
            print(f"numpy\t{name}\tgemm\t{n}\t{2 * n ** 3 / t / 1e9:.6g}\tGFLOP/s", flush=True)


if __name__ == "__main__":
    if threadpool_limits is not None:
        with threadpool_limits(limits=1):
            main()
    else:
        main()

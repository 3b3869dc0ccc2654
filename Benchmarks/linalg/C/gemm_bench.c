/* OpenBLAS called directly from C: the reference for LinearAlgebra's gemm path.
 * Prints the same tab-separated records as the Swift benchmark:  c <precision> <kernel> <n> <value> <unit>
 * Build: cc -O2 gemm_bench.c $(pkg-config --cflags --libs openblas) -o gemm_bench
 * Run single-threaded: OPENBLAS_NUM_THREADS=1.  `--quick`: sizes up to 512 (other arguments are ignored). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Deterministic fill in [-1, 1) (the values do not affect BLAS speed). */
static void fill_d(double *x, int n, unsigned seed) {
    unsigned long long s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < n; i++) { s = s * 6364136223846793005ull + 1442695040888963407ull; x[i] = (double)(s >> 11) / 9007199254740992.0 * 2 - 1; }
}
static void fill_s(float *x, int n, unsigned seed) {
    unsigned long long s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < n; i++) { s = s * 6364136223846793005ull + 1442695040888963407ull; x[i] = (float)((double)(s >> 11) / 9007199254740992.0 * 2 - 1); }
}

/* Best time of one call: one warm-up, then calls until `budget` seconds passed (at least 2). */
#define BEST_TIME(result, budget, call)                                          \
    do {                                                                         \
        call;                                                                    \
        double best_ = 1e30, spent_ = 0; int runs_ = 0;                          \
        while (spent_ < (budget) || runs_ < 2) {                                 \
            double t0_ = now(); call; double t_ = now() - t0_;                   \
            if (t_ < best_) best_ = t_; spent_ += t_; runs_++;                   \
        }                                                                        \
        result = best_;                                                          \
    } while (0)

/* Per-call time of a fast call: best of 15 batches of 20,000 calls. */
#define PER_CALL(result, call)                                                   \
    do {                                                                         \
        double best_ = 1e30;                                                     \
        for (int b_ = 0; b_ < 15; b_++) {                                        \
            double t0_ = now();                                                  \
            for (int i_ = 0; i_ < 20000; i_++) { call; }                         \
            double t_ = (now() - t0_) / 20000;                                   \
            if (t_ < best_) best_ = t_;                                          \
        }                                                                        \
        result = best_;                                                          \
    } while (0)

int main(int argc, char **argv) {
    int quick = 0;
    for (int i = 1; i < argc; i++) if (strcmp(argv[i], "--quick") == 0) quick = 1;
    int sizes[] = {64, 128, 256, 512, 1024, 2048};
    int count = quick ? 4 : 6;
    printf("# openblas\t%s\tcore %s\tthreads %d\n", openblas_get_config(), openblas_get_corename(), openblas_get_num_threads());
    for (int small = 4; small <= 16; small *= 4) {
        int n = small;
        double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
        float *as = malloc(sizeof(float) * n * n), *bs = malloc(sizeof(float) * n * n), *cs = malloc(sizeof(float) * n * n);
        fill_d(a, n * n, 1); fill_d(b, n * n, 2); fill_s(as, n * n, 1); fill_s(bs, n * n, 2);
        double t;
        PER_CALL(t, cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n));
        printf("c\tdouble\tcall-cblas\t%d\t%.6g\tns\n", n, t * 1e9);
        PER_CALL(t, cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, as, n, bs, n, 0, cs, n));
        printf("c\tfloat\tcall-cblas\t%d\t%.6g\tns\n", n, t * 1e9);
        free(a); free(b); free(c); free(as); free(bs); free(cs);
    }
    for (int i = 0; i < count; i++) {
        int n = sizes[i];
        double flops = 2.0 * n * n * n, t;
        double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
        fill_d(a, n * n, 1); fill_d(b, n * n, 2);
        BEST_TIME(t, 0.3, cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n));
        printf("c\tdouble\tgemm\t%d\t%.6g\tGFLOP/s\n", n, flops / t / 1e9);
        free(a); free(b); free(c);
        float *as = malloc(sizeof(float) * n * n), *bs = malloc(sizeof(float) * n * n), *cs = malloc(sizeof(float) * n * n);
        fill_s(as, n * n, 1); fill_s(bs, n * n, 2);
        BEST_TIME(t, 0.3, cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, as, n, bs, n, 0, cs, n));
        printf("c\tfloat\tgemm\t%d\t%.6g\tGFLOP/s\n", n, flops / t / 1e9);
        free(as); free(bs); free(cs);
        fflush(stdout);
    }
    return 0;
}

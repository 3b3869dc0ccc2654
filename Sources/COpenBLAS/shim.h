#ifndef WEAVE_COPENBLAS_SHIM_H
#define WEAVE_COPENBLAS_SHIM_H

#include <stddef.h>
#include <cblas.h>

// LAPACK (Fortran ABI, column-major) prototypes. Debian's libopenblas exports these symbols but ships
// no lapack.h. Every argument is passed by pointer; integers are 32-bit (`blasint` is `int` in this
// build, not ILP64). gfortran appends one hidden `size_t` length argument per CHARACTER argument at
// the end of the list; we declare and pass them (always 1) so the call matches the real ABI.

// SVD by divide and conquer: A = U Σ Vᵀ (LAPACK ?GESDD).
void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda, float *s,
             float *u, const int *ldu, float *vt, const int *ldvt, float *work, const int *lwork,
             int *iwork, int *info, size_t jobz_len);
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info, size_t jobz_len);

// Symmetric eigendecomposition by divide and conquer (LAPACK ?SYEVD).
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t uplo_len);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t uplo_len);

// General (nonsymmetric) eigenvalues and optional eigenvectors by the QR algorithm (LAPACK ?GEEV).
void sgeev_(const char *jobvl, const char *jobvr, const int *n, float *a, const int *lda,
            float *wr, float *wi, float *vl, const int *ldvl, float *vr, const int *ldvr,
            float *work, const int *lwork, int *info, size_t jobvl_len, size_t jobvr_len);
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda,
            double *wr, double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr,
            double *work, const int *lwork, int *info, size_t jobvl_len, size_t jobvr_len);

// Householder QR: ?GEQRF factors, ?ORGQR forms Q explicitly.
void sgeqrf_(const int *m, const int *n, float *a, const int *lda, float *tau, float *work,
             const int *lwork, int *info);
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
             const int *lwork, int *info);
void sorgqr_(const int *m, const int *n, const int *k, float *a, const int *lda, const float *tau,
             float *work, const int *lwork, int *info);
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda, const double *tau,
             double *work, const int *lwork, int *info);

// Whether the code being compiled may use fused multiply–add instructions: true when the compiler targets
// a CPU with FMA (weave compiles the engine and chapter programs with `-target-cpu native`). Swift has no
// compile-time test for CPU features, but its Clang importer sees the same target, so this folds to a
// constant wherever it is inlined. It describes the compiled code, not the CPU running it: without FMA in
// the target, a fused multiply–add becomes a slow library call per element.
static inline int weave_target_has_fma(void) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
    return 1;
#else
    return 0;
#endif
}

// The width in bytes of the widest vector registers the compile target has: 64 with AVX-512, 32 with AVX,
// 16 otherwise (SSE2, NEON). Like `weave_target_has_fma`, it describes the compiled code.
static inline int weave_target_vector_bytes(void) {
#if defined(__AVX512F__)
    return 64;
#elif defined(__AVX__)
    return 32;
#else
    return 16;
#endif
}

#endif

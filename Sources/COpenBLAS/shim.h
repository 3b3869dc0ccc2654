#include <cblas.h>
// LAPACK (Fortran ABI, column-major) prototypes are declared here: Debian's libopenblas exports them
// but ships no lapack.h.

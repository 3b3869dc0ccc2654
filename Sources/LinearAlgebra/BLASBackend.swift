import COpenBLAS

/// Facts about the OpenBLAS library in use, for printing next to timings and for thread control.
///
/// OpenBLAS picks its kernels for the CPU when the library loads; older versions fall back to a generic
/// core (for example "Prescott", SSE3 only) on CPUs they do not recognise, which can cost a factor of 4–5
/// in gemm speed. The environment variable `OPENBLAS_CORETYPE` (read at load time, so it must be set before
/// the process starts) overrides the choice.
public enum BLASBackend {
    /// OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64".
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// The name of the kernel set in use, e.g. "SkylakeX", "Haswell" or "Prescott".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses (1 for reproducible single-core timings).
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "BLASBackend.setThreadCount: count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(count))
    }
}

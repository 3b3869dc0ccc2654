import Foundation

/// How chapter programs are compiled and run in one build: compiler flags, target flags, and the
/// environment they run with. Made once per build (`BookBuilder`) and handed to the runner, which compiles
/// and launches with it, and to the cache key, which hashes the parts that can change what a program
/// prints — so the two cannot disagree.
public struct RunConfiguration: Sendable, Equatable {
    /// Flags of the normal, optimized compile (part of the cache key).
    public var optimizedFlags = ["-O", "-g", "-swift-version", "5"]
    /// Flags of the re-run that locates a trap the optimized build could not place.
    public var unoptimizedFlags = ["-Onone", "-g", "-swift-version", "5"]
    /// Chapter programs are compiled for the CPU they run on, as the engine is (`hostCPU` in Package.swift):
    /// the SIMD kernels the engine inlines into chapter code then use the machine's widest vectors and FMA.
    public var targetFlags = ["-target-cpu", "native"]
    /// The environment of a chapter program before weave's own per-run variables (`ProgramEnvironment`).
    public var environment: [String: String]
    /// An expression or function whose type-checking takes longer than this (milliseconds) is reported at
    /// its line (`-warn-long-expression-type-checking`, `-warn-long-function-bodies`). Not part of the cache
    /// key: it changes what the compiler says, not what the program does.
    public var slowTypeCheckMilliseconds = 500

    /// The variables that choose OpenBLAS's kernels, threads and cache sizes, and `OPENBLAS_VERBOSE` (which
    /// makes OpenBLAS print its core into the program's output). They can change what a chapter prints, so
    /// they are part of its cache key: results computed under other settings are not served.
    public static let numericsVariables: Set<String> = [
        "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OPENBLAS_DEFAULT_NUM_THREADS", "OPENBLAS_L2_SIZE",
        "OPENBLAS_VERBOSE", "GOTO_NUM_THREADS", "OMP_NUM_THREADS",
    ]

    /// The caller's environment, with OpenBLAS on one thread unless the caller chose otherwise (timings and
    /// results then do not depend on the machine's load).
    public init(environment base: [String: String] = ProcessInfo.processInfo.environment) {
        var environment = base
        if environment["OPENBLAS_NUM_THREADS"] == nil { environment["OPENBLAS_NUM_THREADS"] = "1" }
        self.environment = environment
    }

    /// `NAME=value` lines of the numerics variables set, sorted: what the cache key records of the environment.
    public var numericsSettings: String {
        environment.filter { Self.numericsVariables.contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "\n")
    }

    /// The flags of one compile, before the module name, the engine's import flags and the files.
    func compileFlags(optimized: Bool) -> [String] {
        (optimized ? optimizedFlags : unoptimizedFlags) + targetFlags
    }

    /// What of the compile flags goes into the cache key (the optimized compile is the one whose output is kept).
    var keyedFlags: String { (optimizedFlags + targetFlags).joined(separator: " ") }
}

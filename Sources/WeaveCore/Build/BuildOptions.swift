import Foundation

/// What a build or check does.
public struct BuildOptions: Sendable {
    /// Where the site goes (default: `<book>/site`).
    public var output: URL?
    public var jobs: Int
    /// Default per-block time limit, in seconds.
    public var timeout: Double
    /// Ignore (and do not read) cached results.
    public var fresh: Bool
    /// Per-block output kept on the page.
    public var outputLimit: Int
    /// The most time an unoptimized re-run, made to find the line of a trap, may run (after compiling).
    public var locateBudget: Double = 180
    /// Type-checking slower than this (milliseconds) is reported at its line.
    public var slowTypeCheckMilliseconds = 500
    /// Run only this part of the chapters (`--shard K/N`); nil: all of them.
    public var shard: Shard? = nil

    public static let defaultTimeout = 300.0
    /// A chapter whose compile takes at least this long is reported as slow (with what the compiler can say).
    public static let slowCompileSeconds = 30.0
    /// Output kept on the page per block (64 KiB); the rest is counted and reported as cut.
    public static let defaultOutputLimit = 64 * 1024

    public init(output: URL? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                timeout: Double = BuildOptions.defaultTimeout, fresh: Bool = false,
                outputLimit: Int = BuildOptions.defaultOutputLimit) {
        self.output = output
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.fresh = fresh
        self.outputLimit = outputLimit
    }
}

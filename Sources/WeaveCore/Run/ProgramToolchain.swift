import Foundation

/// What `ChapterRunner` needs from the world: compile a chapter's program, run what was compiled. The runner
/// decides (retry without a `should-fail` block, locate a trap, report); a toolchain only does. The real one
/// is `SwiftToolchain`; tests drive the runner's decisions with a scripted one.
protocol ProgramToolchain {
    /// Compiles `program` (optimized, or for debugging a trap); past `timeout` seconds the compile counts as failed.
    func compile(_ program: ChapterProgram, optimized: Bool, timeout: Double) throws -> Compilation
    /// Runs a compiled program. Without a `deadline` each block has its own time limit; with one (a
    /// `ChildProcess.now()` time) the whole program is stopped then.
    func execute(_ binary: URL, deadline: Double?) throws -> Execution
}

struct Compilation {
    enum Outcome {
        case success(URL)
        case failure(CompilerDiagnostics)
    }

    var outcome: Outcome
    /// Wall time the compiler took.
    var seconds: Double
    /// Where the compiler said type-checking was slow (`file:line:col: warning: expression took 1711ms to
    /// type-check (limit: 500ms)`), from a successful compile.
    var slowSpots: [String] = []
}

/// How a chapter program's run ended, and what it printed.
struct Execution {
    enum Ending {
        /// Every block ran and the program reached its end.
        case finished
        case timedOut(block: Int, limit: Double)
        case crashed(block: Int, description: String)
    }

    var ending: Ending
    /// The run's output, split into blocks at the program's markers.
    var collector: OutputCollector
    var seconds: Double
    /// Where in the chapter the crash report places a trap, when it does.
    var crashLine: Int? = nil
    var crashColumn: Int? = nil
    /// Processes the program left running when it ended (stopped by weave).
    var leftovers = 0
}

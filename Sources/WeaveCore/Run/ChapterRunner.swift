import Foundation

/// Compiles and runs one chapter's program, and turns what happened into a `ChapterResult`, or a
/// `ChapterFailure` whose diagnostic points at the chapter's own lines.
///
/// A run is a small state machine (`Step`) over what the toolchain reports:
///
///     compile ──ok──▶ run ──finished──▶ finished (or failed: a should-fail block did not fail)
///        │              ├──timed out──▶ failed
///        │              └──crashed────▶ crashed ──no message or line──▶ locate (unoptimized re-run) ──▶ crashed
///        │                                 ├──in a should-fail block──▶ compile again without it
///        │                                 └──otherwise──▶ failed
///        ├──errors only in should-fail blocks──▶ compile again without them
///        └──other errors──▶ failed
///
/// Every decision is made here; `ProgramToolchain` only compiles and runs, so the decisions have fast tests
/// with a scripted toolchain (`ChapterRunnerTests`).
struct ChapterRunner {
    var chapter: Chapter
    var toolchain: any ProgramToolchain
    /// The most an unoptimized re-run (to locate a trap) may run, after it compiled.
    var rerunBudgetLimit: Double = 180
    /// The most the optimized compile may take.
    var compileTimeout: Double = 900
    /// Reports the chapter's phase ("compiling", "crashed; re-running…").
    var progress: @Sendable (String) -> Void = { _ in }

    enum Step {
        /// Compile the chapter's program, leaving out the blocks whose expected failure is recorded.
        case compile
        case run(URL)
        /// Decide what a crash means.
        case crashed(Crash)
        /// Re-run unoptimized to learn a crash's message or line.
        case locate(Crash)
        case finished(ChapterResult)
        case failed(ChapterFailure)
    }

    struct Crash {
        var block: Int
        /// "the program trapped (SIGILL, illegal instruction)"
        var description: String
        /// What the block printed, without the backtracer's notice.
        var printed: String
        var message: String?
        var line: Int?
        var column: Int?
        var runSeconds: Double
        /// Whether the unoptimized re-run has been tried.
        var located = false
        /// Why the location is less precise than it could be (the re-run ran out of time).
        var note: String?
    }

    /// What the run has learned so far.
    struct State {
        var program: ChapterProgram
        /// Blocks whose expected failure is recorded; their code is left out of the program.
        var skipping: Set<Int> = []
        var expected: [Int: BlockResult] = [:]
        var compileSeconds = 0.0
        var compiles = 0
        var slowSpots: [String] = []
    }

    private var blocks: [ExecBlock] { chapter.execBlocks }

    func run() throws -> ChapterResult {
        var state = State(program: ChapterProgram(chapter: chapter))
        var step = Step.compile
        while true {
            switch step {
            case .compile: step = try compile(&state)
            case .run(let binary): step = try run(binary, state)
            case .crashed(let crash): step = decide(crash, &state)
            case .locate(let crash): step = try locate(crash, state)
            case .finished(let result): return result
            case .failed(let failure): throw failure
            }
        }
    }

    // MARK: Steps

    private func compile(_ state: inout State) throws -> Step {
        // Each compile after the first leaves out at least one more block, so this bounds the loop.
        guard state.compiles <= blocks.count else {
            throw Diagnostic(file: chapter.displayPath, "could not run the chapter (every block was skipped)", step: .compile)
        }
        state.compiles += 1
        state.program = ChapterProgram(chapter: chapter, skipping: state.skipping)
        progress("compiling")
        let compiled = try Diagnostic.inStep(.compile) {
            try toolchain.compile(state.program, optimized: true, timeout: compileTimeout)
        }
        state.compileSeconds += compiled.seconds
        state.slowSpots = compiled.slowSpots
        switch compiled.outcome {
        case .success(let binary): return .run(binary)
        case .failure(let diagnostics): return compileFailed(diagnostics, &state)
        }
    }

    /// Errors inside `should-fail` blocks are those blocks' expected output; any other error fails the chapter.
    private func compileFailed(_ diagnostics: CompilerDiagnostics, _ state: inout State) -> Step {
        let owners = diagnostics.errors.map { $0.file == chapter.displayPath ? block(containing: $0.line) : nil }
        let unexpected = zip(diagnostics.errors, owners).filter { error, owner in
            guard let owner else { return true }
            return !owner.options.shouldFail || state.skipping.contains(owner.index)
        }
        if !unexpected.isEmpty || owners.isEmpty {
            let failing = Set(unexpected.compactMap { block(containing: $0.0.line)?.index })
            return .failed(ChapterFailure(
                diagnostic: Diagnostic(file: chapter.displayPath, line: unexpected.first?.0.line,
                                       column: unexpected.first?.0.column,
                                       "the chapter's code does not compile",
                                       notes: diagnostics.text.isEmpty ? [] : [diagnostics.text], step: .compile),
                passed: 0, failed: max(1, failing.count), skipped: blocks.count - max(1, failing.count)))
        }
        for owner in Set(owners.compactMap { $0?.index }) {
            let text = diagnostics.groups(in: blocks[owner].line...blocks[owner].endLine)
            state.expected[owner] = BlockResult(index: owner, output: text, omittedBytes: 0, figures: [],
                                                status: .failedAsExpected, seconds: 0)
            state.skipping.insert(owner)
        }
        return .compile
    }

    private func run(_ binary: URL, _ state: State) throws -> Step {
        let outcome = try Diagnostic.inStep(.run) { try toolchain.execute(binary, deadline: nil) }
        switch outcome.ending {
        case .finished:
            if let missing = blocks.first(where: { $0.options.shouldFail && state.expected[$0.index] == nil }) {
                return .failed(ChapterFailure(
                    diagnostic: Diagnostic(file: chapter.displayPath, line: missing.line, column: missing.column,
                                           "block \(missing.index + 1) is marked should-fail but it compiled and ran without error",
                                           notes: Self.indent(outcome.collector.output(of: missing.index).text), step: .run),
                    passed: blocks.count - 1, failed: 1, skipped: 0))
            }
            var result = result(from: outcome.collector, state: state, runSeconds: outcome.seconds)
            result.leftoverProcesses = outcome.leftovers
            return .finished(result)
        case .timedOut(let index, let limit):
            let block = blocks[max(0, min(index, blocks.count - 1))]
            return .failed(ChapterFailure(
                diagnostic: Diagnostic(
                    file: chapter.displayPath, line: block.line, column: block.column,
                    "block \(block.index + 1) ran past its time limit of \(Self.format(seconds: limit)) and was stopped (with every process it started)",
                    notes: ["note: raise it with timeout=SECONDS on the block's fence, or --timeout"]
                        + Self.printedBefore(outcome.collector.output(of: block.index).text),
                    step: .run),
                passed: block.index, failed: 1, skipped: blocks.count - block.index - 1))
        case .crashed(let index, let description):
            let block = blocks[max(0, min(index, blocks.count - 1))]
            let printed = CrashReport.cleanOutput(outcome.collector.output(of: block.index).text)
            var crash = Crash(block: block.index, description: description, printed: printed,
                              message: CrashReport.trapMessage(in: printed),
                              line: outcome.crashLine, column: outcome.crashColumn, runSeconds: outcome.seconds)
            if crash.line == nil, let message = crash.message,
               let line = CrashReport.chapterLine(in: message, file: chapter.url.lastPathComponent) {
                crash.line = line  // fatalError/precondition in the chapter's own code names its line
            }
            return .crashed(crash)
        }
    }

    private func decide(_ crash: Crash, _ state: inout State) -> Step {
        let block = blocks[crash.block]
        let expectedFailure = block.options.shouldFail && !state.skipping.contains(block.index)
        // An expected failure shows its message, not its line: no re-run needed once that is known.
        if !crash.located && (crash.message == nil || (crash.line == nil && !expectedFailure)) {
            return .locate(crash)
        }
        if expectedFailure {
            var text = crash.printed
            if let message = crash.message, !text.contains(message) {
                text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + message + "\n"
            }
            state.expected[block.index] = BlockResult(index: block.index, output: text, omittedBytes: 0,
                                                      figures: [], status: .failedAsExpected, seconds: 0)
            state.skipping.insert(block.index)
            return .compile
        }
        let line = crash.line ?? block.line + 1
        return .failed(ChapterFailure(
            diagnostic: Diagnostic(
                file: chapter.displayPath, line: line, column: crash.line == nil ? nil : crash.column,
                "block \(block.index + 1) crashed: \(crash.message.map(CrashReport.withoutLocation) ?? crash.description)",
                notes: [Self.sourceLineNote(chapter.text, line)] + (crash.note.map { [$0] } ?? [])
                    + Self.printedBefore(crash.printed),
                step: .run),
            passed: block.index, failed: 1, skipped: blocks.count - block.index - 1))
    }

    /// An optimized build prints no message for some traps (an index out of range, an overflow), and its
    /// backtrace can stop short inside inlined engine code. Rebuild without optimization and run again to
    /// learn what happened and where. Only ever done for a chapter that already failed.
    ///
    /// Unoptimized loops can run 10–20× slower, so the re-run gets budgets of its own: for compiling, four
    /// times what the optimized compiles took (at least 60 s); for running, twenty times what the optimized
    /// run took, at least 30 s and at most `rerunBudgetLimit`. When either runs out the crash is still
    /// reported, at the block's first line, with a note saying why it is not more precise.
    private func locate(_ crash: Crash, _ state: State) throws -> Step {
        var crash = crash
        crash.located = true
        let compileBudget = Swift.max(60, 4 * state.compileSeconds)
        let budget = Self.rerunBudget(optimizedSeconds: crash.runSeconds, limit: rerunBudgetLimit)
        progress("crashed; re-running unoptimized (at most \(Self.format(seconds: budget))) to locate it")
        let compiled = try Diagnostic.inStep(.compile) {
            try toolchain.compile(state.program, optimized: false, timeout: compileBudget)
        }
        guard case .success(let binary) = compiled.outcome else {
            if compiled.seconds >= compileBudget {
                crash.note = "note: compiling an unoptimized build to find the exact line took over \(Self.format(seconds: compileBudget))"
            }
            return .crashed(crash)
        }
        let outcome = try Diagnostic.inStep(.run) { try toolchain.execute(binary, deadline: ChildProcess.now() + budget) }
        switch outcome.ending {
        case .timedOut:
            crash.note = "note: an unoptimized re-run to find the exact line did not finish within \(Self.format(seconds: budget))"
        case .crashed(let index, _) where index == crash.block:
            crash.message = crash.message
                ?? CrashReport.trapMessage(in: CrashReport.cleanOutput(outcome.collector.output(of: index).text))
            if crash.line == nil { (crash.line, crash.column) = (outcome.crashLine, outcome.crashColumn) }
        case .crashed, .finished:
            break  // it did not fail the same way: nothing more to learn
        }
        return .crashed(crash)
    }

    static func rerunBudget(optimizedSeconds: Double, limit: Double) -> Double {
        Swift.min(limit, Swift.max(30, 20 * optimizedSeconds))
    }

    private func block(containing line: Int) -> ExecBlock? {
        blocks.first { $0.line < line && line < $0.endLine }
    }

    // MARK: Results

    private func result(from collector: OutputCollector, state: State, runSeconds: Double) -> ChapterResult {
        var results: [BlockResult] = []
        for block in blocks {
            if let failure = state.expected[block.index] {
                results.append(failure)
                continue
            }
            let (text, omitted, cutAt) = collector.output(of: block.index)
            let info = collector.blocks[block.index]
            let seconds = info.map { ($0.end ?? $0.start) - $0.start } ?? 0
            results.append(BlockResult(index: block.index, output: text, omittedBytes: omitted,
                                       figures: info?.figures ?? [], status: .succeeded, seconds: max(0, seconds),
                                       omittedAt: cutAt))
        }
        return ChapterResult(slug: chapter.slug, blocks: results, compileSeconds: state.compileSeconds,
                             runSeconds: runSeconds, blasCore: collector.blasCore,
                             slowSpots: state.slowSpots.isEmpty ? nil : state.slowSpots)
    }

    // MARK: Text of the diagnostics

    static func printedBefore(_ text: String) -> [String] {
        let cleaned = CrashReport.cleanOutput(text)
        guard !cleaned.isEmpty else { return ["note: the block printed nothing before it stopped"] }
        return ["note: the block printed, before it stopped:"] + indent(cleaned)
    }

    static func indent(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.count > 30 ? Array(lines.suffix(30)) : Array(lines)
        return shown.map { "    | \($0)" }
    }

    static func sourceLineNote(_ text: String, _ line: Int) -> String {
        "\(String(format: "%5d", line)) | \(Chapter.quotedLine(text, line))"
    }

    static func format(seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}

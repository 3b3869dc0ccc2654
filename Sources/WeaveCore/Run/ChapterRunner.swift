import Foundation
import WeaveProtocol

/// Compiles and runs one chapter's program, and turns what happened into a `ChapterResult` or diagnostics
/// that point at the chapter's own lines.
struct ChapterRunner {
    var chapter: Chapter
    var engine: Engine
    /// The build's flags and chapter environment (the same value the cache key was made from).
    var configuration: RunConfiguration
    /// Scratch folder for the generated program and binary.
    var workFolder: URL
    /// Where the chapter's figures are written.
    var figureFolder: URL
    /// Time limit for a block without its own `timeout=`.
    var defaultTimeout: Double
    /// The most an unoptimized re-run (to locate a trap) may run, after it compiled.
    var rerunBudgetLimit: Double = 180
    var outputLimit = OutputCollector.defaultLimit
    /// Reports the chapter's phase ("compiling", "running block 3/7").
    var progress: @Sendable (String) -> Void = { _ in }

    var moduleName: String {
        "Chapter_" + String(chapter.slug.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    func run() throws -> ChapterResult {
        let fm = FileManager.default
        try fm.createDirectory(at: workFolder, withIntermediateDirectories: true)
        try fm.createDirectory(at: figureFolder, withIntermediateDirectories: true)
        var skipping: Set<Int> = []
        var expected: [Int: BlockResult] = [:]
        var compileSeconds = 0.0
        let blocks = chapter.execBlocks

        for _ in 0...blocks.count {
            let program = ChapterProgram(chapter: chapter, skipping: skipping)
            progress("compiling")
            let started = ChildProcess.now()
            let compiled = try compile(program, optimized: true)
            compileSeconds += ChildProcess.now() - started
            switch compiled {
            case .failure(let diagnostics):
                // Errors inside `should-fail` blocks are those blocks' expected output.
                let owners = diagnostics.errors.map { $0.file == chapter.displayPath ? block(containing: $0.line) : nil }
                let unexpected = zip(diagnostics.errors, owners).filter { error, owner in
                    guard let owner else { return true }
                    return !owner.options.shouldFail || skipping.contains(owner.index)
                }
                if !unexpected.isEmpty || owners.isEmpty {
                    let failing = Set(unexpected.compactMap { block(containing: $0.0.line)?.index })
                    throw ChapterFailure(
                        diagnostic: Diagnostic(file: chapter.displayPath, line: unexpected.first?.0.line,
                                               column: unexpected.first?.0.column,
                                               "the chapter's code does not compile",
                                               notes: diagnostics.text.isEmpty ? [] : [diagnostics.text]),
                        passed: 0, failed: max(1, failing.count), skipped: blocks.count - max(1, failing.count))
                }
                for owner in Set(owners.compactMap { $0?.index }) {
                    let text = diagnostics.groups(in: blocks[owner].line...blocks[owner].endLine)
                    expected[owner] = BlockResult(index: owner, output: text, omittedBytes: 0, figures: [],
                                                  status: .failedAsExpected, seconds: 0)
                    skipping.insert(owner)
                }
                continue
            case .success(let binary):
                let outcome = try execute(binary)
                switch outcome.ending {
                case .finished:
                    if let missing = blocks.first(where: { $0.options.shouldFail && expected[$0.index] == nil }) {
                        throw ChapterFailure(
                            diagnostic: Diagnostic(file: chapter.displayPath, line: missing.line, column: missing.column,
                                                   "block \(missing.index + 1) is marked should-fail but it compiled and ran without error",
                                                   notes: Self.indent(outcome.collector.output(of: missing.index).text)),
                            passed: blocks.count - 1, failed: 1, skipped: 0)
                    }
                    var result = result(from: outcome.collector, expected: expected, compileSeconds: compileSeconds,
                                        runSeconds: outcome.seconds)
                    result.leftoverProcesses = outcome.leftovers
                    return result
                case .timedOut(let index, let limit):
                    let block = blocks[max(0, index)]
                    throw ChapterFailure(
                        diagnostic: Diagnostic(
                            file: chapter.displayPath, line: block.line, column: block.column,
                            "block \(block.index + 1) ran past its time limit of \(Self.format(seconds: limit)) and was stopped (with every process it started)",
                            notes: ["note: raise it with timeout=SECONDS on the block's fence, or --timeout"]
                                + Self.printedBefore(outcome.collector.output(of: block.index).text)),
                        passed: block.index, failed: 1, skipped: blocks.count - block.index - 1)
                case .crashed(let index, let description):
                    let block = blocks[max(0, index)]
                    let printed = Self.cleanCrashOutput(outcome.collector.output(of: block.index).text)
                    var message = Self.trapMessage(in: printed)
                    var crashLine = outcome.crashLine, crashColumn = outcome.crashColumn
                    if crashLine == nil, let message, let line = Self.chapterLine(in: message, file: chapter.url.lastPathComponent) {
                        crashLine = line  // fatalError/precondition in the chapter's own code names its line
                    }
                    var rerunNote: [String] = []
                    // An expected failure shows its message, not its line: no re-run needed once that is known.
                    let expectedFailure = block.options.shouldFail && !skipping.contains(block.index)
                    if message == nil || (crashLine == nil && !expectedFailure) {
                        let rerun = try unoptimizedRerun(program: program, block: block.index,
                                                         optimizedSeconds: outcome.seconds,
                                                         optimizedCompileSeconds: compileSeconds)
                        message = message ?? rerun.message
                        if crashLine == nil { (crashLine, crashColumn) = (rerun.line, rerun.column) }
                        if let note = rerun.note { rerunNote = [note] }
                    }
                    if block.options.shouldFail && !skipping.contains(block.index) {
                        var text = printed
                        if let message, !text.contains(message) { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + message + "\n" }
                        expected[block.index] = BlockResult(index: block.index, output: text, omittedBytes: 0,
                                                            figures: [], status: .failedAsExpected,
                                                            seconds: 0)
                        skipping.insert(block.index)
                        continue
                    }
                    let line = crashLine ?? block.line + 1
                    throw ChapterFailure(
                        diagnostic: Diagnostic(
                            file: chapter.displayPath, line: line, column: crashLine == nil ? nil : crashColumn,
                            "block \(block.index + 1) crashed: \(message.map(Self.withoutLocation) ?? description)",
                            notes: [Self.sourceLineNote(chapter.text, line)] + rerunNote + Self.printedBefore(printed)),
                        passed: block.index, failed: 1, skipped: blocks.count - block.index - 1)
                }
            }
        }
        throw Diagnostic(file: chapter.displayPath, "could not run the chapter (every block was skipped)")
    }

    // MARK: Compiling

    enum CompileOutcome {
        case success(URL)
        case failure(CompilerDiagnostics)
    }

    /// - Parameter timeout: the most the compiler may take; past it the compile counts as failed.
    private func compile(_ program: ChapterProgram, optimized: Bool, timeout: Double = 900) throws -> CompileOutcome {
        let source = workFolder.appendingPathComponent("main.swift")
        let binary = workFolder.appendingPathComponent(optimized ? "chapter" : "chapter-debug")
        try program.source.write(to: source, atomically: true, encoding: .utf8)
        let swiftc = try Toolchain.find("swiftc")
        let flags = configuration.compileFlags(optimized: optimized)
            + ["-module-name", moduleName, "-diagnostic-style", "llvm"]
        let arguments = flags + engine.compilerFlags + [source.path, "-o", binary.path]
        let (termination, output) = try ChildProcess.capture(swiftc, arguments, timeout: timeout)
        if termination == .exited(0) { return .success(binary) }
        return .failure(CompilerDiagnostics(output, chapterPath: chapter.displayPath, generatedPath: source.path))
    }

    private func block(containing line: Int) -> ExecBlock? {
        chapter.execBlocks.first { $0.line < line && line < $0.endLine }
    }

    // MARK: Running

    enum Ending {
        case finished
        case timedOut(block: Int, limit: Double)
        case crashed(block: Int, description: String)
    }

    struct Execution {
        var ending: Ending
        var collector: OutputCollector
        var seconds: Double
        var crashLine: Int?
        var crashColumn: Int?
        /// Processes the program left running when it ended (stopped by weave).
        var leftovers = 0
    }

    /// - Parameter deadline: when given, the time (`ChildProcess.now()` clock) at which the whole program is
    ///   stopped, in place of the blocks' own limits.
    private func execute(_ binary: URL, deadline: Double? = nil) throws -> Execution {
        let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let collector = OutputCollector(nonce: nonce, limit: outputLimit)
        let crashReport = workFolder.appendingPathComponent("crash.json")
        try? FileManager.default.removeItem(at: crashReport)
        var environment = configuration.environment
        environment[ProgramEnvironment.nonce] = nonce
        environment[ProgramEnvironment.figureFolder] = figureFolder.path
        environment[ProgramEnvironment.chapter] = chapter.slug
        environment[ProgramEnvironment.lifeline] = "\(ProgramEnvironment.lifelineDescriptor)"
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,format=json,output-to=\(crashReport.path)"
        let blocks = chapter.execBlocks
        let startupLimit = defaultTimeout
        let started = ChildProcess.now()
        var reported = -2
        // Its own empty working directory: relative paths the chapter writes land in the build's scratch
        // space, never in the folder weave was started from.
        let cwd = workFolder.appendingPathComponent("cwd")
        try? FileManager.default.removeItem(at: cwd)
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        let termination = try ChildProcess.run(binary.path, [], environment: environment, workingDirectory: cwd.path,
                                               lifeline: true, onOutput: collector.feed) {
            let index = collector.current
            if index != reported, index >= 0 {
                reported = index
                progress("running block \(index + 1)/\(blocks.count)")
            }
            let limit = index >= 0 && index < blocks.count ? (blocks[index].options.timeout ?? defaultTimeout) : startupLimit
            return deadline ?? collector.currentStart + limit
        }
        collector.finish()
        // Whatever the program started and left running goes with it, and is counted for the report.
        let tag = "\(ProgramEnvironment.nonce)=\(nonce)"
        let leftovers = ProcessSweep.stop(taggedWith: tag)
        let seconds = ChildProcess.now() - started
        let index = max(0, collector.current)
        switch termination {
        case .timedOut:
            let limit = index < blocks.count ? (blocks[index].options.timeout ?? defaultTimeout) : startupLimit
            return Execution(ending: .timedOut(block: index, limit: limit), collector: collector, seconds: seconds)
        case .exited(0) where collector.finished:
            return Execution(ending: .finished, collector: collector, seconds: seconds, leftovers: leftovers)
        case .exited(let status):
            return Execution(ending: .crashed(block: index, description: "the program exited with status \(status)"),
                             collector: collector, seconds: seconds)
        case .signaled(let signal):
            let (line, column) = crashLocation(crashReport)
            return Execution(ending: .crashed(block: index, description: "the program trapped (\(Self.signalName(signal)))"),
                             collector: collector, seconds: seconds, crashLine: line, crashColumn: column)
        }
    }

    /// An optimized build prints no message for some traps (an index out of range, an overflow), and its
    /// backtrace can stop short inside inlined engine code. Rebuild without optimization and run again to
    /// learn what happened and where. Only ever done for a chapter that already failed.
    ///
    /// Unoptimized loops can run 10–20× slower, so the re-run gets budgets of its own: for compiling, four
    /// times what the optimized compile took (at least 60 s); for running, twenty times what the optimized
    /// run took, at least 30 s and at most `rerunBudgetLimit`. When either runs out the crash is still
    /// reported, at the block's first line, with a note saying why it is not more precise.
    private func unoptimizedRerun(program: ChapterProgram, block: Int, optimizedSeconds: Double,
                                  optimizedCompileSeconds: Double) throws
        -> (message: String?, line: Int?, column: Int?, note: String?) {
        let compileBudget = Swift.max(60, 4 * optimizedCompileSeconds)
        let budget = Self.rerunBudget(optimizedSeconds: optimizedSeconds, limit: rerunBudgetLimit)
        progress("crashed; re-running unoptimized (at most \(Self.format(seconds: budget))) to locate it")
        let compileStarted = ChildProcess.now()
        guard case .success(let binary) = try compile(program, optimized: false, timeout: compileBudget) else {
            let ranOut = ChildProcess.now() - compileStarted >= compileBudget
            return (nil, nil, nil, ranOut ? "note: compiling an unoptimized build to find the exact line took over \(Self.format(seconds: compileBudget))" : nil)
        }
        let outcome = try execute(binary, deadline: ChildProcess.now() + budget)
        if case .timedOut = outcome.ending {
            return (nil, nil, nil, "note: an unoptimized re-run to find the exact line did not finish within \(Self.format(seconds: budget))")
        }
        guard case .crashed(let index, _) = outcome.ending, index == block else { return (nil, nil, nil, nil) }
        return (Self.trapMessage(in: Self.cleanCrashOutput(outcome.collector.output(of: index).text)),
                outcome.crashLine, outcome.crashColumn, nil)
    }

    static func rerunBudget(optimizedSeconds: Double, limit: Double) -> Double {
        Swift.min(limit, Swift.max(30, 20 * optimizedSeconds))
    }

    /// The first frame of the crash report that lies in this chapter.
    ///
    /// The runtime's backtracer writes the report from a process of its own that can still be writing when
    /// the program has died (and does not inherit its environment, so the sweep cannot wait for it): read
    /// until the file is whole JSON, for at most three seconds.
    private func crashLocation(_ report: URL) -> (Int?, Int?) {
        var json: [String: Any]?
        let deadline = ChildProcess.now() + 3
        repeat {
            if let data = try? Data(contentsOf: report),
               let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { json = parsed; break }
            usleep(25_000)
        } while ChildProcess.now() < deadline
        guard let threads = json?["threads"] as? [[String: Any]] else { return (nil, nil) }
        let crashed = threads.first { ($0["crashed"] as? Bool) == true } ?? threads.first
        for frame in (crashed?["frames"] as? [[String: Any]]) ?? [] {
            if let location = frame["sourceLocation"] as? [String: Any],
               location["file"] as? String == chapter.displayPath,
               let line = location["line"] as? Int, line > 0 {
                return (line, (location["column"] as? Int).flatMap { $0 > 0 ? $0 : nil })
            }
        }
        return (nil, nil)
    }

    // MARK: Results

    private func result(from collector: OutputCollector, expected: [Int: BlockResult], compileSeconds: Double,
                        runSeconds: Double) -> ChapterResult {
        var results: [BlockResult] = []
        for block in chapter.execBlocks {
            if let failure = expected[block.index] {
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
        return ChapterResult(slug: chapter.slug, blocks: results, compileSeconds: compileSeconds, runSeconds: runSeconds,
                             blasCore: collector.blasCore)
    }

    // MARK: Text helpers

    /// Removes the runtime backtracer's one-line notice from a crashed block's output.
    static func cleanCrashOutput(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { ($0.hasPrefix("*** Signal ") && $0.contains("Backtracing")) || $0.hasPrefix("swift-runtime: ") }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The runtime's own explanation ("Fatal error: Index out of range"), without its file prefix.
    static func trapMessage(in text: String) -> String? {
        for line in text.split(separator: "\n").reversed() {
            for marker in ["Fatal error: ", "Precondition failed: ", "Assertion failed: ", "Fatal error"] {
                if line.range(of: marker) != nil {
                    return line.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// "Module/file.swift:12: Fatal error: x" → "Fatal error: x".
    static func withoutLocation(_ line: String) -> String {
        for marker in ["Fatal error", "Precondition failed", "Assertion failed"] {
            if let range = line.range(of: marker) { return String(line[range.lowerBound...]) }
        }
        return line
    }

    /// The line in `Module/<file>:LINE: Fatal error: …` when the failing call is in the chapter itself.
    static func chapterLine(in message: String, file: String) -> Int? {
        guard let range = message.range(of: "/\(file):") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }

    static func printedBefore(_ text: String) -> [String] {
        let cleaned = cleanCrashOutput(text)
        guard !cleaned.isEmpty else { return ["note: the block printed nothing before it stopped"] }
        return ["note: the block printed, before it stopped:"] + indent(cleaned)
    }

    static func indent(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.count > 30 ? Array(lines.suffix(30)) : Array(lines)
        return shown.map { "    | \($0)" }
    }

    static func sourceLineNote(_ text: String, _ line: Int) -> String {
        "\(String(format: "%5d", line)) | \(Chapter.sourceLine(text, line))"
    }

    static func format(seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: return "SIGILL, illegal instruction"
        case SIGTRAP: return "SIGTRAP"
        case SIGSEGV: return "SIGSEGV, segmentation fault"
        case SIGABRT: return "SIGABRT, abort"
        case SIGBUS: return "SIGBUS, bus error"
        case SIGFPE: return "SIGFPE, arithmetic error"
        case SIGKILL: return "SIGKILL, killed"
        default: return "signal \(signal)"
        }
    }
}

/// swiftc's diagnostics, split into groups (a `file:line:col: error:` line and the lines under it).
struct CompilerDiagnostics {
    struct Group {
        var file: String
        var line: Int
        var column: Int
        var kind: String
        var lines: [String]
    }

    var groups: [Group] = []
    var text: String

    var errors: [Group] { groups.filter { $0.kind == "error" } }

    init(_ output: String, chapterPath: String, generatedPath: String) {
        var current: Group?
        var kept: [String] = []
        for raw in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let header = Self.header(line) {
                if let current { groups.append(current) }
                current = Group(file: header.file, line: header.line, column: header.column, kind: header.kind, lines: [line])
            } else if current != nil {
                if !line.isEmpty { current!.lines.append(line) }
            } else if !line.isEmpty {
                kept.append(line)
            }
        }
        if let current { groups.append(current) }
        // Warnings are noise when the build failed; show errors and their notes.
        var shown: [String] = []
        var inError = false
        for group in groups {
            if group.kind == "error" { inError = true } else if group.kind == "warning" { inError = false }
            if inError { shown += group.lines }
        }
        if shown.isEmpty { shown = kept + groups.flatMap(\.lines) }
        text = shown.joined(separator: "\n")
    }

    /// The text of the diagnostics on lines in `range` (for a should-fail block's output).
    func groups(in range: ClosedRange<Int>) -> String {
        groups.filter { $0.kind != "warning" && range.contains($0.line) }
            .flatMap(\.lines).joined(separator: "\n") + "\n"
    }

    private static func header(_ line: String) -> (file: String, line: Int, column: Int, kind: String)? {
        for kind in ["error", "warning", "note"] {
            guard let range = line.range(of: ": \(kind): ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let l = Int(location[location.count - 2]), let c = Int(location[location.count - 1])
            else { continue }
            return (location.dropLast(2).joined(separator: ":"), l, c, kind)
        }
        return nil
    }
}

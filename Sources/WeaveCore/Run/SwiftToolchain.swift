import Foundation
import WeaveProtocol

/// The toolchain chapters really run with: `swiftc` against the engine, then the binary as a child process
/// in its own process group and working directory, with the chapter's environment, per-block time limits,
/// a lifeline to weave, an output collector, the runtime's crash report and, at the end, a sweep for
/// processes it left behind.
struct SwiftToolchain: ProgramToolchain {
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
    var outputLimit = OutputCollector.defaultLimit
    /// Reports which block is running ("running block 3/7").
    var progress: @Sendable (String) -> Void = { _ in }

    var moduleName: String {
        "Chapter_" + String(chapter.slug.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    func compile(_ program: ChapterProgram, optimized: Bool, timeout: Double) throws -> Compilation {
        try FileManager.default.createDirectory(at: workFolder, withIntermediateDirectories: true)
        let started = ChildProcess.now()
        let source = workFolder.appendingPathComponent("main.swift")
        let binary = workFolder.appendingPathComponent(optimized ? "chapter" : "chapter-debug")
        try program.source.write(to: source, atomically: true, encoding: .utf8)
        let swiftc = try Toolchain.find("swiftc")
        var flags = configuration.compileFlags(optimized: optimized)
            + ["-module-name", moduleName, "-diagnostic-style", "llvm"]
        if optimized {
            let limit = configuration.slowTypeCheckMilliseconds
            flags += ["-Xfrontend", "-warn-long-expression-type-checking=\(limit)",
                      "-Xfrontend", "-warn-long-function-bodies=\(limit)"]
        }
        let arguments = flags + engine.compilerFlags + [source.path, "-o", binary.path]
        let (termination, output) = try ChildProcess.capture(swiftc, arguments, timeout: timeout)
        let seconds = ChildProcess.now() - started
        let diagnostics = CompilerDiagnostics(output, chapterPath: chapter.displayPath, generatedPath: source.path)
        if termination == .exited(0) {
            return Compilation(outcome: .success(binary), seconds: seconds, slowSpots: diagnostics.slowTypeChecks(in: chapter.displayPath))
        }
        return Compilation(outcome: .failure(diagnostics), seconds: seconds)
    }

    func execute(_ binary: URL, deadline: Double?) throws -> Execution {
        let fm = FileManager.default
        try fm.createDirectory(at: figureFolder, withIntermediateDirectories: true)
        let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let collector = OutputCollector(nonce: nonce, limit: outputLimit)
        let crashReport = workFolder.appendingPathComponent("crash.json")
        try? fm.removeItem(at: crashReport)
        var environment = configuration.environment
        environment[ProgramEnvironment.nonce] = nonce
        environment[ProgramEnvironment.figureFolder] = figureFolder.path
        environment[ProgramEnvironment.chapter] = chapter.slug
        environment[ProgramEnvironment.lifeline] = "\(ProgramEnvironment.lifelineDescriptor)"
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,format=json,output-to=\(crashReport.path)"
        let blocks = chapter.execBlocks
        // Before the first block (the prelude) the default limit applies.
        func limit(_ index: Int) -> Double {
            index >= 0 && index < blocks.count ? (blocks[index].options.timeout ?? defaultTimeout) : defaultTimeout
        }
        let started = ChildProcess.now()
        var reported = -2
        // Its own empty working directory: relative paths the chapter writes land in the build's scratch
        // space, never in the folder weave was started from.
        let cwd = workFolder.appendingPathComponent("cwd")
        try? fm.removeItem(at: cwd)
        try fm.createDirectory(at: cwd, withIntermediateDirectories: true)
        let termination = try ChildProcess.run(binary.path, [], environment: environment, workingDirectory: cwd.path,
                                               lifeline: true, onOutput: collector.feed) {
            let index = collector.current
            if index != reported, index >= 0 {
                reported = index
                progress("running block \(index + 1)/\(blocks.count)")
            }
            return deadline ?? collector.currentStart + limit(index)
        }
        collector.finish()
        // Whatever the program started and left running goes with it, and is counted for the report.
        let leftovers = ProcessSweep.stop(taggedWith: "\(ProgramEnvironment.nonce)=\(nonce)")
        let seconds = ChildProcess.now() - started
        let index = max(0, collector.current)
        switch termination {
        case .timedOut:
            return Execution(ending: .timedOut(block: index, limit: limit(index)), collector: collector, seconds: seconds)
        case .exited(0) where collector.finished:
            return Execution(ending: .finished, collector: collector, seconds: seconds, leftovers: leftovers)
        case .exited(let status):
            return Execution(ending: .crashed(block: index, description: "the program exited with status \(status)"),
                             collector: collector, seconds: seconds)
        case .signaled(let signal):
            let (line, column) = CrashReport.location(in: crashReport, chapterPath: chapter.displayPath)
            return Execution(ending: .crashed(block: index, description: "the program trapped (\(CrashReport.signalName(signal)))"),
                             collector: collector, seconds: seconds, crashLine: line, crashColumn: column)
        }
    }
}

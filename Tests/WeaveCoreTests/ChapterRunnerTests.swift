import Foundation
import Testing
import WeaveProtocol
@testable import WeaveCore

/// The runner's decisions (retry without a should-fail block, locate a trap, time limits, what the diagnostic
/// says), driven by a scripted toolchain: no compiler and no processes, so each case takes milliseconds.
/// `BuildIntegrationTests` runs the same paths with the real compiler.
@Suite struct ChapterRunnerTests {
    /// Blocks at lines 3–5, 7–9 (should-fail) and 11–13.
    static let withShouldFail = try! Chapter(url: URL(fileURLWithPath: "/b/chapters/01-a.md"), displayPath: "chapters/01-a.md", text: """
        # A

        ```swift-exec
        print("one")
        ```

        ```swift-exec should-fail
        let bad: Int = "x"
        ```

        ```swift-exec
        print("three")
        ```
        """)

    /// Blocks at lines 3–5 and 7–9.
    static let plain = try! Chapter(url: URL(fileURLWithPath: "/b/chapters/02-b.md"), displayPath: "chapters/02-b.md", text: """
        # B

        ```swift-exec
        let xs = [1, 2]
        ```

        ```swift-exec
        print(xs[5])
        ```
        """)

    /// Answers the runner's compiles and runs from scripts, and records what it was asked.
    final class ScriptedToolchain: ProgramToolchain {
        struct Compile: Equatable {
            var optimized: Bool
            var skipping: Set<Int>
        }
        var compiles: [Compile] = []
        var deadlines: [Double?] = []
        var compileScript: (Compile) -> Compilation
        var runScript: (_ run: Int, _ deadline: Double?) -> Execution

        init(compile: @escaping (Compile) -> Compilation = { _ in Compilation(outcome: .success(URL(fileURLWithPath: "/bin/x")), seconds: 1) },
             run: @escaping (_ run: Int, _ deadline: Double?) -> Execution) {
            compileScript = compile
            runScript = run
        }

        func compile(_ program: ChapterProgram, optimized: Bool, timeout: Double) throws -> Compilation {
            let call = Compile(optimized: optimized, skipping: program.skipping)
            compiles.append(call)
            return compileScript(call)
        }

        func execute(_ binary: URL, deadline: Double?) throws -> Execution {
            deadlines.append(deadline)
            return runScript(deadlines.count, deadline)
        }
    }

    /// An execution whose output holds `outputs[i]` for block i, as the program's markers split it.
    static func execution(_ ending: Execution.Ending, _ outputs: [String], finished: Bool = false,
                          line: Int? = nil, column: Int? = nil, seconds: Double = 0.5) -> Execution {
        let nonce = "test"
        var text = ""
        for (index, output) in outputs.enumerated() { text += ProgramMarker.block(index).line(nonce: nonce) + output }
        if finished { text += ProgramMarker.end.line(nonce: nonce) }
        let collector = OutputCollector(nonce: nonce)
        collector.feed(Array(text.utf8))
        collector.finish()
        return Execution(ending: ending, collector: collector, seconds: seconds, crashLine: line, crashColumn: column)
    }

    static func failure(_ body: () throws -> ChapterResult) -> ChapterFailure? {
        do { _ = try body(); return nil } catch let failure as ChapterFailure { return failure } catch { return nil }
    }

    static let optimized = ScriptedToolchain.Compile(optimized: true, skipping: [])
    static let unoptimized = ScriptedToolchain.Compile(optimized: false, skipping: [])

    @Test func aChapterThatRunsIsOneCompileAndOneRun() throws {
        let toolchain = ScriptedToolchain(compile: { _ in Compilation(outcome: .success(URL(fileURLWithPath: "/bin/x")), seconds: 2.5) },
                                          run: { _, _ in Self.execution(.finished, ["", "3\n"], finished: true) })
        let result = try ChapterRunner(chapter: Self.plain, toolchain: toolchain).run()
        #expect(toolchain.compiles == [Self.optimized])
        #expect(toolchain.deadlines == [nil])
        #expect(result.blocks.map(\.output) == ["", "3\n"])
        #expect(result.blocks.allSatisfy { $0.status == .succeeded })
        #expect(result.compileSeconds == 2.5)
    }

    @Test func compileErrorsInAShouldFailBlockAreItsOutputAndTheRestRuns() throws {
        let toolchain = ScriptedToolchain(compile: { call in
            guard call.skipping.isEmpty else { return Compilation(outcome: .success(URL(fileURLWithPath: "/bin/x")), seconds: 1) }
            let output = "chapters/01-a.md:8:16: error: cannot convert value of type 'String' to specified type 'Int'\n"
            return Compilation(outcome: .failure(CompilerDiagnostics(output, chapterPath: "chapters/01-a.md", generatedPath: "/w/main.swift")),
                               seconds: 1)
        }, run: { _, _ in Self.execution(.finished, ["one\n", "", "three\n"], finished: true) })
        let result = try ChapterRunner(chapter: Self.withShouldFail, toolchain: toolchain).run()
        #expect(toolchain.compiles == [Self.optimized, .init(optimized: true, skipping: [1])])
        #expect(result.blocks.map(\.status) == [.succeeded, .failedAsExpected, .succeeded])
        #expect(result.blocks[1].output.contains("8:16: error: cannot convert value of type 'String'"))
        #expect(result.blocks[2].output == "three\n")
        #expect(result.compileSeconds == 2)
    }

    @Test func aCompileErrorOutsideShouldFailBlocksFailsTheChapterAtItsLine() throws {
        let toolchain = ScriptedToolchain(compile: { _ in
            let output = "chapters/01-a.md:4:7: error: cannot find 'prin' in scope\n"
            return Compilation(outcome: .failure(CompilerDiagnostics(output, chapterPath: "chapters/01-a.md", generatedPath: "/w/main.swift")),
                               seconds: 1)
        }, run: { _, _ in Issue.record("nothing should run"); return Self.execution(.finished, []) })
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.withShouldFail, toolchain: toolchain).run() })
        #expect(failure.diagnostic.headline == "chapters/01-a.md:4:7: error: the chapter's code does not compile")
        #expect(failure.diagnostic.step == .compile)
        #expect(failure.diagnostic.description.hasPrefix("chapters/01-a.md:4:7: error: the chapter's code does not compile [compile]\n"))
        #expect((failure.passed, failure.failed, failure.skipped) == (0, 1, 2))
        #expect(toolchain.compiles.count == 1)
    }

    @Test func aShouldFailBlockThatRunsCleanlyFailsTheChapter() throws {
        let toolchain = ScriptedToolchain(run: { _, _ in Self.execution(.finished, ["one\n", "fine\n", "three\n"], finished: true) })
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.withShouldFail, toolchain: toolchain).run() })
        #expect(failure.diagnostic.line == 7)
        #expect(failure.diagnostic.message == "block 2 is marked should-fail but it compiled and ran without error")
        #expect(failure.diagnostic.notes == ["    | fine", "    | "])
        #expect(failure.diagnostic.step == .run)
    }

    @Test func aTimeoutNamesTheBlockItsLimitAndWhatItPrinted() throws {
        let toolchain = ScriptedToolchain(run: { _, _ in Self.execution(.timedOut(block: 1, limit: 2.5), ["", "working…\n"]) })
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.plain, toolchain: toolchain).run() })
        #expect(failure.diagnostic.line == 7)
        #expect(failure.diagnostic.message.hasPrefix("block 2 ran past its time limit of 2.5 s and was stopped"))
        #expect(failure.diagnostic.notes.contains("    | working…"))
        #expect((failure.passed, failure.failed, failure.skipped) == (1, 1, 0))
        #expect(toolchain.compiles == [Self.optimized], "a timeout is not re-run")
    }

    @Test func aTrapWithItsMessageAndLineIsReportedWithoutAReRun() throws {
        let toolchain = ScriptedToolchain(run: { _, _ in
            Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"),
                           ["", "Fatal error: Index out of range\n"], line: 8, column: 7)
        })
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.plain, toolchain: toolchain).run() })
        #expect(failure.diagnostic.headline == "chapters/02-b.md:8:7: error: block 2 crashed: Fatal error: Index out of range")
        #expect(failure.diagnostic.notes.first == "    8 | print(xs[5])")
        #expect(toolchain.compiles == [Self.optimized])
    }

    @Test func aTrapWithoutAMessageIsLocatedByAnUnoptimizedReRunWithABudget() throws {
        let toolchain = ScriptedToolchain(run: { run, _ in
            run == 1
                ? Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"), ["", ""], seconds: 2)
                : Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"),
                                 ["", "Fatal error: Index out of range\n"], line: 8, column: 7)
        })
        let before = ChildProcess.now()
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.plain, toolchain: toolchain).run() })
        #expect(toolchain.compiles == [Self.optimized, Self.unoptimized])
        // Twenty times the optimized run's 2 s.
        let deadline = try #require(toolchain.deadlines.last ?? nil)
        #expect(deadline - before >= 40 && deadline - ChildProcess.now() <= 40)
        #expect(failure.diagnostic.headline == "chapters/02-b.md:8:7: error: block 2 crashed: Fatal error: Index out of range")
    }

    @Test func aReRunThatRunsOutOfTimeReportsTheBlockWithANote() throws {
        let toolchain = ScriptedToolchain(run: { run, _ in
            run == 1
                ? Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"), ["", ""])
                : Self.execution(.timedOut(block: 1, limit: 30), ["", ""])
        })
        let runner = ChapterRunner(chapter: Self.plain, toolchain: toolchain, rerunBudgetLimit: 180)
        let failure = try #require(Self.failure { try runner.run() })
        #expect(failure.diagnostic.headline == "chapters/02-b.md:8: error: block 2 crashed: the program trapped (SIGILL, illegal instruction)")
        #expect(failure.diagnostic.notes.contains("note: an unoptimized re-run to find the exact line did not finish within 30 s"))
        #expect(toolchain.compiles.count == 2, "located once, not again")
    }

    @Test func aReRunThatFailsDifferentlyTeachesNothing() throws {
        let toolchain = ScriptedToolchain(run: { run, _ in
            run == 1
                ? Self.execution(.crashed(block: 1, description: "the program exited with status 3"), ["", ""])
                : Self.execution(.crashed(block: 0, description: "other"), ["Fatal error: elsewhere\n"], line: 4)
        })
        let failure = try #require(Self.failure { try ChapterRunner(chapter: Self.plain, toolchain: toolchain).run() })
        #expect(failure.diagnostic.headline == "chapters/02-b.md:8: error: block 2 crashed: the program exited with status 3")
    }

    @Test func aTrapInAShouldFailBlockIsItsOutputWithoutLocatingIt() throws {
        let toolchain = ScriptedToolchain(run: { run, _ in
            run == 1
                ? Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"),
                                 ["one\n", "Fatal error: as expected\n"])
                : Self.execution(.finished, ["one\n", "", "three\n"], finished: true)
        })
        let result = try ChapterRunner(chapter: Self.withShouldFail, toolchain: toolchain).run()
        #expect(toolchain.compiles == [Self.optimized, .init(optimized: true, skipping: [1])], "no unoptimized re-run")
        #expect(result.blocks[1] == BlockResult(index: 1, output: "Fatal error: as expected\n", omittedBytes: 0, figures: [],
                                                status: .failedAsExpected, seconds: 0))
        #expect(result.blocks[2].output == "three\n")
    }

    @Test func aShouldFailTrapWithoutAMessageGetsOneFromTheReRun() throws {
        let toolchain = ScriptedToolchain(run: { run, _ in
            switch run {
            case 1: Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"), ["one\n", ""])
            case 2: Self.execution(.crashed(block: 1, description: "the program trapped (SIGILL, illegal instruction)"),
                                   ["one\n", "Fatal error: Index out of range\n"])
            default: Self.execution(.finished, ["one\n", "", "three\n"], finished: true)
            }
        })
        let result = try ChapterRunner(chapter: Self.withShouldFail, toolchain: toolchain).run()
        #expect(toolchain.compiles == [Self.optimized, Self.unoptimized, .init(optimized: true, skipping: [1])])
        #expect(result.blocks[1].output == "Fatal error: Index out of range\n")
    }

    @Test func diagnosticsNameTheStepTheyCameFrom() throws {
        #expect(Diagnostic("x", step: .compile).named(.run).step == .compile, "a step once named stays")
        #expect(throws: Diagnostic("y", step: .read)) { try Diagnostic.inStep(.read) { throw Diagnostic("y") } }
        do {
            try Diagnostic.inStep(.site) { throw DiagnosticList([Diagnostic("a"), Diagnostic("b", step: .read)]) }
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.map(\.step) == [.site, .read])
        }
        #expect(Diagnostic(file: "chapters/a.md", line: 3, "bad", step: .read).description == "chapters/a.md:3: error: bad [read]")
        #expect(Diagnostic(file: "chapters/a.md", line: 3, "bad").description == "chapters/a.md:3: error: bad")
    }

    @Test func theCrashReportsFirstChapterFrameOfTheCrashedThreadIsTheLocation() {
        let json: [String: Any] = ["threads": [
            ["frames": [["sourceLocation": ["file": "chapters/02-b.md", "line": 4, "column": 1]]]],
            ["crashed": true, "frames": [
                ["sourceLocation": ["file": "Sources/LinearAlgebra/Matrix.swift", "line": 90, "column": 5]],
                ["sourceLocation": ["file": "chapters/02-b.md", "line": 0, "column": 0]],
                ["sourceLocation": ["file": "chapters/02-b.md", "line": 8, "column": 0]],
            ]],
        ]]
        let location = CrashReport.location(in: json, chapterPath: "chapters/02-b.md")
        #expect(location.line == 8 && location.column == nil)
        #expect(CrashReport.location(in: ["threads": []], chapterPath: "chapters/02-b.md").line == nil)
    }
}

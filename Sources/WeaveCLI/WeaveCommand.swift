import ArgumentParser
import Foundation
import WeaveCore

/// `weave`: turns a folder of Markdown chapters with runnable Swift into a static site.
public struct WeaveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "weave",
        abstract: "Build a book of Markdown chapters whose swift-exec blocks are compiled, run and shown with their output.",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, PDFCommand.self, TranslateCommand.self, CacheCommand.self, InitCommand.self, ThemeCommand.self],
        defaultSubcommand: BuildCommand.self)

    public init() {}
}

/// Options shared by the commands that run chapters.
struct RunOptions: ParsableArguments {
    @Argument(help: "The book folder (holding chapters/). Default: the current folder.")
    var path: String = "."

    @Option(name: .long, help: "Chapters compiled and run at once. Default: the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Time limit per block in seconds, unless the block sets timeout=.")
    var timeout: Double = BuildOptions.defaultTimeout

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    var bookRoot: URL { URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
}

/// `--shard K/N`, for `build` and `check`.
struct ShardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Run only part K of N of the chapters (1 ≤ K ≤ N), balanced by their last known run times; for CI matrices.",
                                            valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N (e.g. --shard 2/4), not '\(shard)'")
        }
    }

    var value: Shard? { shard.flatMap(Shard.init) }
}

/// Prints a build's failures like a compiler would and exits non-zero.
func exitOnDiagnostics(_ body: () throws -> Void) {
    Interrupts.install()
    do {
        try body()
    } catch let diagnostic as Diagnostic {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
        Foundation.exit(1)
    } catch let list as DiagnosticList {
        FileHandle.standardError.write(Data("\(list)\n".utf8))
        Foundation.exit(1)
    } catch {
        FileHandle.standardError.write(Data("\(Diagnostic.io(error))\n".utf8))
        Foundation.exit(1)
    }
}

func printFailures(_ report: BuildReport) {
    for chapter in report.chapters {
        if let failure = chapter.failure {
            FileHandle.standardError.write(Data("\(failure.diagnostic)\n".utf8))
        }
    }
    for warning in report.warnings {
        FileHandle.standardError.write(Data("\(warning)\n".utf8))
    }
}

/// Ctrl-C and SIGTERM: stop every chapter process, delete the build's temporary folders (the last good site
/// was never touched), and exit 130.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                WeaveCore.stopEverything()
                FileHandle.standardError.write(Data("\nweave: interrupted; the previous site and figures are unchanged\n".utf8))
                Foundation.exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// Writes a line to standard output unbuffered, so it interleaves correctly with diagnostics on stderr.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

import ArgumentParser
import Foundation
import WeaveCore

/// `weave cache export|import`: chapter results carried between machines (the shards of a CI matrix and the
/// job that publishes the site).
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Export or import cached chapter results (for sharded CI runs).",
        subcommands: [Export.self, Import.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the current results of the book's chapters from its cache into a folder.",
            discussion: """
            The folder has the cache's layout and can be uploaded as a CI artifact. Only results for the chapters' \
            current code, this machine's CPU, toolchain and engine are exported.
            """)

        @Argument(help: "The book's folder. Default: the current folder.")
        var path: String = "."

        @Option(name: .long, help: "The folder to write (created if needed).")
        var to: String

        func run() throws {
            exitOnDiagnostics {
                let builder = BookBuilder(bookRoot: url(path), progress: BuildProgress(style: .quiet))
                let exported = try builder.exportCache(to: url(to))
                say("exported the results of \(exported.chapters.count) chapter\(exported.chapters.count == 1 ? "" : "s") to \(to)")
                if !exported.missing.isEmpty {
                    say("not in the cache (not built on this machine with the current code): \(exported.missing.joined(separator: ", "))")
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge exported results (from `weave cache export`) into the book's cache.",
            discussion: """
            Every entry is checked whole before it is used; a damaged one is refused with a warning. An entry \
            made on another CPU, toolchain or engine is kept but never served: its chapter runs again.
            """)

        @Argument(help: "The book's folder. Default: the current folder.")
        var path: String = "."

        @Option(name: .long, help: "A folder written by `weave cache export` (repeat for several).")
        var from: [String]

        func validate() throws {
            guard !from.isEmpty else { throw ValidationError("name at least one folder with --from") }
        }

        func run() throws {
            exitOnDiagnostics {
                let builder = BookBuilder(bookRoot: url(path), progress: BuildProgress(style: .quiet))
                var last: CacheTransfer.Imported?
                var damaged = 0
                for folder in from {
                    let imported = try builder.importCache(from: url(folder))
                    say("imported \(imported.entries) result\(imported.entries == 1 ? "" : "s") from \(folder)")
                    for (path, reason) in imported.damaged {
                        FileHandle.standardError.write(Data("\(path): warning: refused a damaged cache entry: \(reason) [cache]\n".utf8))
                    }
                    damaged += imported.damaged.count
                    last = imported
                }
                if let last {
                    say("\(last.servable.count) of \(last.servable.count + last.unservable.count) chapters with code now have results for this machine")
                    if !last.unservable.isEmpty {
                        say("will run at the next build: \(last.unservable.joined(separator: ", "))")
                    }
                }
                if damaged > 0 { Foundation.exit(1) }
            }
        }
    }
}

private func url(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
}

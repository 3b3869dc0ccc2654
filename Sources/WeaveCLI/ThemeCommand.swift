import ArgumentParser
import Foundation
import WeaveCore

struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Write weave's page template and stylesheet into the book's theme/ folder, to change them there.")

    @Argument(help: "The book's folder. Default: the current folder.")
    var path: String = "."

    func run() throws {
        exitOnDiagnostics {
            let root = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            for file in try BookTheme.export(to: root.standardizedFileURL) { say("created \(displayPathForUser(file))") }
            say("edit them; the next build uses them (a file you delete falls back to weave's own)")
        }
    }
}

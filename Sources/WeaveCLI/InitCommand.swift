import ArgumentParser
import Foundation
import WeaveCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new book: book.json, one sample chapter (code, math, a figure, a citation, an exercise), references.bib, glossary.md and a .gitignore.")

    @Argument(help: "The folder for the new book (created if missing).")
    var path: String

    @Option(name: .long, help: "The book's title. Default: the folder's name.")
    var title: String?

    func run() throws {
        exitOnDiagnostics {
            let root = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let written = try BookTemplate.create(at: root, title: title)
            for file in written { say("created \(displayPathForUser(file))") }
            let shown = displayPathForUser(root.standardizedFileURL)
            say("""
            next:
              weave build \(shown)    # runs the code, writes \(shown)/site
              weave serve \(shown)    # live preview at http://127.0.0.1:8000
            """)
        }
    }
}

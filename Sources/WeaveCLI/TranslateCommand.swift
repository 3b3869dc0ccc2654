import ArgumentParser
import Foundation
import WeaveCore

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Write or update the translation catalogues (po/<edition>/*.po) from the chapters and glossary.",
        discussion: """
        Like gettext's xgettext and msgmerge in one step: every paragraph, heading, table, figure caption and \
        callout title becomes an entry; existing translations are kept; an entry whose source text changed keeps \
        its translation marked fuzzy (with the old source as #| msgid) for review; entries whose source is gone \
        are kept as obsolete (#~). Code is never translated: every edition shows the source's code and results.
        """)

    @Argument(help: "The book's folder. Default: the current folder.")
    var path: String = "."

    @Option(name: .long, help: "Only this edition (a name from book.json's \"translations\").")
    var edition: String?

    func run() throws {
        exitOnDiagnostics {
            let root = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let written = try BookTranslations.updateCatalogues(bookRoot: root.standardizedFileURL, edition: edition)
            for file in written { say("updated \(displayPathForUser(file))") }
            if written.isEmpty { say("the catalogues are up to date") }
        }
    }
}

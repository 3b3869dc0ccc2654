import Foundation
import Testing
@testable import WeaveCore

/// The diagnostic `body` throws (nil, and a recorded issue, when it throws something else).
func diagnostic(_ body: () throws -> Void) -> Diagnostic? {
    do { try body() } catch let diagnostic as Diagnostic { return diagnostic } catch {
        Issue.record("expected a Diagnostic, got \(error)")
    }
    return nil
}

/// A book written into a new temporary folder: chapters (file name → text) and other files at its top level
/// (`glossary.md`, `references.bib`, … → text), then loaded.
func temporaryBook(_ chapters: [String: String], files: [String: String] = [:]) throws -> Book {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-book-\(UUID().uuidString)")
    let folder = root.appendingPathComponent("chapters")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in chapters { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    for (name, text) in files { try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return try Book.load(root: root)
}

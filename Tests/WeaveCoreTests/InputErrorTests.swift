import Foundation
import Testing
@testable import WeaveCore

/// Author mistakes outside the chapters' code: `book.json`, file-system failures, very long source lines.
/// Each must be one readable error with a place, never a silent default or an error object's dump.
@Suite struct InputErrorTests {
    func config(_ text: String) -> Diagnostic? {
        do { _ = try BookConfig.parse(Data(text.utf8), file: "book.json"); return nil } catch { return error as? Diagnostic }
    }

    @Test func bookJSONMistakesAreErrorsAtTheirLineAndColumn() throws {
        #expect(try BookConfig.parse(Data("{\"title\": \"Ok\"}".utf8), file: "book.json") == BookConfig(title: "Ok"))
        let wrongType = try #require(config("{\n  \"title\": 3\n}"))
        #expect(wrongType.headline == "book.json:2:3: error: \"title\" must be a string")
        #expect(wrongType.step == .read)
        let typo = try #require(config("{\n  \"title\": \"x\",\n    \"titel\": \"y\"\n}"))
        #expect(typo.headline.hasPrefix("book.json:3:5: error: unknown key \"titel\" in book.json (did you mean \"title\"?); it may hold \"title\" (a string), \"language\""))
        let syntax = try #require(config("{\"title\": \"x\",\n  \"b\": }"))
        #expect(syntax.line == 2 && syntax.message.hasPrefix("book.json is not valid JSON: "), "\(syntax)")
        #expect(!syntax.message.contains("around character"))
        let notObject = try #require(config("\n  [1]"))
        #expect(notObject.headline == "book.json:2:3: error: book.json must be a JSON object, like {\"title\": \"My book\"}")
        let empty = try #require(config(""))
        #expect(empty.message.hasPrefix("book.json is not valid JSON"))
    }

    @Test func aBookJSONFolderIsAnError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("book.json"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "# A\n".write(to: root.appendingPathComponent("chapters/01-a.md"), atomically: true, encoding: .utf8)
        #expect { try Book.load(root: root) } throws: { ($0 as? Diagnostic)?.message.hasPrefix("book.json is a folder") == true }
    }

    @Test func fileErrorsAreOneLineWithThePathAndTheReason() throws {
        // A file where a folder must be (this runs as root in CI, so permissions cannot be what fails).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("weave-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try FileManager.default.createDirectory(at: file.appendingPathComponent("sub"), withIntermediateDirectories: true)
            Issue.record("creating a folder under a file must fail")
        } catch {
            let diagnostic = Diagnostic.io(error, doing: "cannot create the folder", at: file.appendingPathComponent("sub"))
            let text = diagnostic.description
            #expect(!text.contains("\n") && !text.contains("Code=") && !text.contains("NSCocoaErrorDomain"), "\(text)")
            #expect(text.contains(file.lastPathComponent), "\(text)")
            #expect(text.contains("error: cannot create the folder: "), "\(text)")
        }
        // Foundation's wrapped POSIX errors read as the errno's words.
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [
            NSFilePathErrorKey: "/ro/site", NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS)),
        ])
        #expect(Diagnostic.io(wrapped).description == "/ro/site: error: cannot write: read-only file system")
        // Any such error leaving a pipeline step becomes one of these.
        #expect { try Diagnostic.inStep(.output) { throw wrapped } } throws: { error in
            (error as? Diagnostic)?.description == "/ro/site: error: cannot write: read-only file system [output]"
        }
    }

    @Test func anOutputFolderUnderAFileIsAOneLineError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-io-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "# A\n\nProse only.\n".write(to: root.appendingPathComponent("chapters/01-a.md"), atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("notes.txt")
        try Data("x".utf8).write(to: file)
        let builder = BookBuilder(bookRoot: root, options: BuildOptions(output: file.appendingPathComponent("site"), jobs: 1))
        #expect { try builder.build() } throws: { error in
            let text = "\(error)"
            return error is Diagnostic && !text.contains("\n") && !text.contains("Code=") && text.contains("notes.txt/site")
        }
    }

    @Test func quotedSourceLinesAreCutAroundTheColumn() {
        let long = String(repeating: "a", count: 500) + "HERE" + String(repeating: "b", count: 500)
        let quoted = Chapter.quotedLine("first\n" + long, 2, column: 501)
        #expect(quoted.count == 122)
        #expect(quoted.hasPrefix("…") && quoted.hasSuffix("…") && quoted.contains("HERE"))
        #expect(Chapter.quotedLine("short line", 1, column: 3) == "short line")
        #expect(Chapter.quotedLine(long, 1, column: 1).hasPrefix("aaa") && Chapter.quotedLine(long, 1, column: 1).count == 121)
    }
}

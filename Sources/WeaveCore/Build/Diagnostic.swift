/// The step of the pipeline a diagnostic came from. It is printed after the message, as compilers print the
/// flag behind a warning (`… [run]`), and shown on the build report.
public enum PipelineStep: String, Sendable, Codable, CaseIterable {
    /// Reading `book.json` and the chapters: Markdown, fence options, glossary, figure ids.
    case read
    /// Building the engine chapter programs link.
    case engine
    /// Compiling a chapter's program.
    case compile
    /// Running it: a crash, a time limit, a `should-fail` block that did not fail.
    case run
    /// Reading or writing the result cache.
    case cache
    /// Rendering pages: links, references, assets.
    case site
    /// Writing the site and figure folders; the build lock.
    case output
    /// `weave serve`: the server and the watcher.
    case preview
}

/// A user-facing error that reads like a compiler's: `chapters/03-x.md:41:9: error: message [step]`,
/// optionally followed by the offending source line and a caret.
public struct Diagnostic: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path as shown to the user (relative to the working directory when possible).
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Extra lines printed after the first (compiler output, the source line, what the block printed…).
    public var notes: [String]
    /// Where in the pipeline it came from; set where it is thrown, or by `inStep` on the way out of a step.
    public var step: PipelineStep?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String, notes: [String] = [],
                step: PipelineStep? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.notes = notes
        self.step = step
    }

    /// The first line, in the `file:line:column: error: message` form editors understand.
    public var headline: String {
        var location = ""
        if let file {
            location = file
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            location += ": "
        }
        return "\(location)error: \(message)"
    }

    public var description: String {
        ([headline + (step.map { " [\($0.rawValue)]" } ?? "")] + notes).joined(separator: "\n")
    }

    /// Runs `body`, naming `step` in every diagnostic it throws that does not name one yet (a `Diagnostic`, a
    /// `DiagnosticList`, a `ChapterFailure`'s).
    public static func inStep<T>(_ step: PipelineStep, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let diagnostic as Diagnostic {
            throw diagnostic.named(step)
        } catch let list as DiagnosticList {
            throw DiagnosticList(list.diagnostics.map { $0.named(step) })
        } catch var failure as ChapterFailure {
            failure.diagnostic = failure.diagnostic.named(step)
            throw failure
        }
    }

    /// This diagnostic, with `step` unless it already names one.
    public func named(_ step: PipelineStep) -> Diagnostic {
        var copy = self
        if copy.step == nil { copy.step = step }
        return copy
    }
}

/// Several diagnostics from one build step (for example, every failing chapter).
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

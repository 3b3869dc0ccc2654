/// A user-facing error that reads like a compiler's: `chapters/03-x.md:41:9: error: message`,
/// optionally followed by the offending source line and a caret.
public struct Diagnostic: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path as shown to the user (relative to the working directory when possible).
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Extra lines printed after the first (compiler output, the source line, what the block printed…).
    public var notes: [String]

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String, notes: [String] = []) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.notes = notes
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
        ([headline] + notes).joined(separator: "\n")
    }
}

/// Several diagnostics from one build step (for example, every failing chapter).
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

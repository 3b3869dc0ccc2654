import Foundation

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
public struct Diagnostic: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// Path as shown to the user (relative to the working directory when possible).
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Extra lines printed after the first (compiler output, the source line, what the block printed…).
    public var notes: [String]
    /// Where in the pipeline it came from; set where it is thrown, or by `inStep` on the way out of a step.
    public var step: PipelineStep?
    /// A warning is printed and listed on the build report, and does not fail the build.
    public var isWarning = false

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
        return "\(location)\(isWarning ? "warning" : "error"): \(message)"
    }

    public var description: String {
        ([headline + (step.map { " [\($0.rawValue)]" } ?? "")] + notes).joined(separator: "\n")
    }

    /// The same diagnostic as a warning.
    public func asWarning() -> Diagnostic {
        var warning = self
        warning.isWarning = true
        return warning
    }

    /// Runs `body`, naming `step` in every diagnostic it throws that does not name one yet (a `Diagnostic`, a
    /// `DiagnosticList`, a `ChapterFailure`'s). Any other error (Foundation's file errors) leaves as a one-line
    /// `Diagnostic` naming the path and the reason (`Diagnostic.io`), never as an error object's dump.
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
        } catch {
            throw Diagnostic.io(error, step: step)
        }
    }

    /// A failed file operation as one line: `path: error: cannot write: permission denied`.
    /// - Parameters:
    ///   - doing: what was being done ("cannot create the output folder"); without it, said from the error.
    ///   - url: the file, when the error does not name it.
    public static func io(_ error: any Error, doing: String? = nil, at url: URL? = nil, step: PipelineStep? = nil) -> Diagnostic {
        if let diagnostic = error as? Diagnostic { return step.map(diagnostic.named) ?? diagnostic }
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? url?.path
        let reading = ns.domain == NSCocoaErrorDomain && (256..<512).contains(ns.code)
        let what = doing ?? (ns.domain == NSCocoaErrorDomain ? (reading ? "cannot read" : "cannot write") : "failed")
        return Diagnostic(file: path.map { userPath(URL(fileURLWithPath: $0)) }, "\(what): \(reason(error))", step: step)
    }

    /// Why a file operation failed, in words ("permission denied", "no space left on device"): the POSIX error
    /// under Foundation's, where there is one.
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))).lowercased() }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on device"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            case .fileWriteFileExists: return "a file with that name exists"
            case .fileReadCorruptFile: return "the file's contents are not what was expected"
            case .fileReadInapplicableStringEncoding: return "the file is not in the expected text encoding"
            default: break
            }
            // Foundation on Linux often gives "error 512" with nothing under it: ask the file system.
            if let path = ns.userInfo[NSFilePathErrorKey] as? String, let reason = probe(path) { return reason }
        }
        let text = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// This diagnostic, with `step` unless it already names one.
    public func named(_ step: PipelineStep) -> Diagnostic {
        var copy = self
        if copy.step == nil { copy.step = step }
        return copy
    }
}

extension Diagnostic {
    /// Why writing at `path` would fail, found by looking: its nearest existing ancestor is a file, is not
    /// writable, or is on a read-only file system.
    static func probe(_ path: String) -> String? {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), url.path != "/" {
            url.deleteLastPathComponent()
        }
        if !isDirectory.boolValue { return "\(userPath(url)) is a file, not a folder" }
        var info = statvfs()
        if statvfs(url.path, &info) == 0, info.f_flag & UInt(ST_RDONLY) != 0 { return "read-only file system" }
        if access(url.path, W_OK) != 0 { return String(cString: strerror(errno)).lowercased() }
        return nil
    }
}

/// Several diagnostics from one build step (for example, every failing chapter).
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

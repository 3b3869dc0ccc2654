import Foundation

/// swiftc's diagnostics, split into groups (a `file:line:col: error:` line and the lines under it).
struct CompilerDiagnostics {
    struct Group {
        var file: String
        var line: Int
        var column: Int
        var kind: String
        var lines: [String]
    }

    var groups: [Group] = []
    var text: String

    var errors: [Group] { groups.filter { $0.kind == "error" } }

    init(_ output: String, chapterPath: String, generatedPath: String) {
        var current: Group?
        var kept: [String] = []
        for raw in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let header = Self.header(line) {
                if let current { groups.append(current) }
                current = Group(file: header.file, line: header.line, column: header.column, kind: header.kind, lines: [line])
            } else if current != nil {
                if !line.isEmpty { current!.lines.append(line) }
            } else if !line.isEmpty {
                kept.append(line)
            }
        }
        if let current { groups.append(current) }
        // Warnings are noise when the build failed; show errors and their notes.
        var shown: [String] = []
        var inError = false
        for group in groups {
            if group.kind == "error" { inError = true } else if group.kind == "warning" { inError = false }
            if inError { shown += group.lines }
        }
        if shown.isEmpty { shown = kept + groups.flatMap(\.lines) }
        text = shown.joined(separator: "\n")
    }

    /// The compiler's "took N ms to type-check" warnings about `file`, as `file:line:col: warning: …` lines,
    /// slowest first.
    func slowTypeChecks(in file: String) -> [String] {
        let slow = groups.filter { $0.kind == "warning" && $0.file == file && $0.lines[0].contains("to type-check (limit:") }
        func milliseconds(_ group: Group) -> Int {
            guard let took = group.lines[0].range(of: "took "), let ms = group.lines[0][took.upperBound...].split(separator: "m").first
            else { return 0 }
            return Int(ms) ?? 0
        }
        return slow.sorted { milliseconds($0) > milliseconds($1) }.map { $0.lines[0] }
    }

    /// The text of the diagnostics on lines in `range` (for a should-fail block's output).
    func groups(in range: ClosedRange<Int>) -> String {
        groups.filter { $0.kind != "warning" && range.contains($0.line) }
            .flatMap(\.lines).joined(separator: "\n") + "\n"
    }

    private static func header(_ line: String) -> (file: String, line: Int, column: Int, kind: String)? {
        for kind in ["error", "warning", "note"] {
            guard let range = line.range(of: ": \(kind): ") else { continue }
            let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let l = Int(location[location.count - 2]), let c = Int(location[location.count - 1])
            else { continue }
            return (location.dropLast(2).joined(separator: ":"), l, c, kind)
        }
        return nil
    }
}

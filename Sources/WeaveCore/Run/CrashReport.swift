import Foundation

/// What a crashed chapter program left behind, read back: the Swift runtime's JSON backtrace (written where
/// `SWIFT_BACKTRACE`'s `output-to=` said) and the trap message at the end of the block's output.
enum CrashReport {
    /// The first frame of the crash report at `url` that lies in the chapter file `chapterPath`.
    ///
    /// The runtime's backtracer writes the report from a process of its own that can still be writing when
    /// the program has died (and does not inherit its environment, so the run's sweep cannot wait for it):
    /// read until the file is whole JSON, for at most `patience` seconds.
    static func location(in url: URL, chapterPath: String, patience: Double = 3) -> (line: Int?, column: Int?) {
        let deadline = ChildProcess.now() + patience
        repeat {
            if let data = try? Data(contentsOf: url),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                return location(in: json, chapterPath: chapterPath)
            }
            usleep(25_000)
        } while ChildProcess.now() < deadline
        return (nil, nil)
    }

    /// The first frame of the crashed thread (the first thread if none is marked) in `chapterPath`.
    static func location(in json: [String: Any], chapterPath: String) -> (line: Int?, column: Int?) {
        guard let threads = json["threads"] as? [[String: Any]] else { return (nil, nil) }
        let crashed = threads.first { ($0["crashed"] as? Bool) == true } ?? threads.first
        for frame in (crashed?["frames"] as? [[String: Any]]) ?? [] {
            if let location = frame["sourceLocation"] as? [String: Any],
               location["file"] as? String == chapterPath,
               let line = location["line"] as? Int, line > 0 {
                return (line, (location["column"] as? Int).flatMap { $0 > 0 ? $0 : nil })
            }
        }
        return (nil, nil)
    }

    /// Removes the runtime backtracer's one-line notice from a crashed block's output.
    static func cleanOutput(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { ($0.hasPrefix("*** Signal ") && $0.contains("Backtracing")) || $0.hasPrefix("swift-runtime: ") }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The runtime's own explanation ("Fatal error: Index out of range"), the last one printed.
    static func trapMessage(in text: String) -> String? {
        for line in text.split(separator: "\n").reversed() {
            for marker in ["Fatal error: ", "Precondition failed: ", "Assertion failed: ", "Fatal error"] {
                if line.range(of: marker) != nil {
                    return line.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// "Module/file.swift:12: Fatal error: x" → "Fatal error: x".
    static func withoutLocation(_ line: String) -> String {
        for marker in ["Fatal error", "Precondition failed", "Assertion failed"] {
            if let range = line.range(of: marker) { return String(line[range.lowerBound...]) }
        }
        return line
    }

    /// The line in `Module/<file>:LINE: Fatal error: …` when the failing call is in the chapter itself.
    static func chapterLine(in message: String, file: String) -> Int? {
        guard let range = message.range(of: "/\(file):") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: return "SIGILL, illegal instruction"
        case SIGTRAP: return "SIGTRAP"
        case SIGSEGV: return "SIGSEGV, segmentation fault"
        case SIGABRT: return "SIGABRT, abort"
        case SIGBUS: return "SIGBUS, bus error"
        case SIGFPE: return "SIGFPE, arithmetic error"
        case SIGKILL: return "SIGKILL, killed"
        default: return "signal \(signal)"
        }
    }
}

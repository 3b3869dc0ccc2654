import Foundation

/// Splitting text into lines at "\n": the same lines as `split(separator: "\n", omittingEmptySubsequences:
/// false)` for text without "\r\n" (chapters are normalized when read), without grapheme breaking, which
/// made splitting a 60 kB chapter cost milliseconds each time. Foundation's splitter is compiled optimized
/// even in a debug build of weave (what `swift run weave` runs).
extension StringProtocol {
    func lineSplit() -> [Substring] {
        components(separatedBy: "\n").map { $0[...] }
    }
}

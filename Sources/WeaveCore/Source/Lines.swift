import Foundation

/// Splitting text into lines at "\n": the same lines as `split(separator: "\n", omittingEmptySubsequences:
/// false)` (like it, it does not split "\r\n", one Character; chapters and catalogues are normalized when
/// read, `readAuthorFile`), but through Foundation's splitter, which is compiled optimized even in a debug
/// build of weave (what `swift run weave` runs); the generic split, specialized in our -Onone code, cost
/// milliseconds a chapter.
extension StringProtocol {
    func lineSplit() -> [Substring] {
        components(separatedBy: "\n").map { $0[...] }
    }
}

/// A chapter that did not build: the diagnostic to print, and how its blocks fared (for `weave check`).
public struct ChapterFailure: Error, Sendable {
    public var diagnostic: Diagnostic
    public var passed: Int
    public var failed: Int
    /// Blocks that never ran because an earlier one failed.
    public var skipped: Int
}

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

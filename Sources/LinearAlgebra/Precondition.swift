// Optimized builds (-O) drop the message of `Swift.precondition`: a shape mismatch inside the engine would
// then trap with no explanation. This module-level `precondition` shadows the standard library's, in this
// module and in every module that imports it (NeuralNet, WeaveKit, chapter programs), and keeps the
// message at every optimization level. The check itself stays inlined; only the cold failure path is a call.

/// Checks a necessary condition; on failure stops the program with `message`, also in optimized builds.
@inlinable @inline(__always)
public func precondition(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = String(),
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { failPrecondition(message(), file: file, line: line) }
}

/// Stops the program with `message`, also in optimized builds.
@inlinable
public func preconditionFailure(
    _ message: @autoclosure () -> String = String(), file: StaticString = #fileID, line: UInt = #line
) -> Never {
    failPrecondition(message(), file: file, line: line)
}

@inline(never) @usableFromInline
func failPrecondition(_ message: String, file: StaticString, line: UInt) -> Never {
    fatalError(message, file: file, line: line)
}

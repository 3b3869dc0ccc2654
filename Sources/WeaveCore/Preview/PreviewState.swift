import Foundation

/// What `weave serve` shares between its watch loop and its HTTP handlers: the site's version (bumped after
/// each build) and the last build's error, which the open page shows as an overlay.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var currentVersion = 1
    private var currentError: String?

    public init() {}

    /// The version and error as the page's poller reads them.
    public var status: (version: Int, error: String?) {
        lock.lock(); defer { lock.unlock() }
        return (currentVersion, currentError)
    }

    /// A build succeeded: open pages reload.
    public func built() {
        lock.lock(); defer { lock.unlock() }
        currentVersion += 1
        currentError = nil
    }

    /// A build failed: open pages show the error and keep the last good site.
    public func failed(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        currentVersion += 1
        currentError = message
    }

    /// `/__weave/status` as JSON: `{"version": 3, "error": null}`.
    public var statusJSON: String {
        let (version, error) = status
        let errorJSON: String
        if let error, let data = try? JSONEncoder().encode(error) {
            errorJSON = String(decoding: data, as: UTF8.self)
        } else {
            errorJSON = "null"
        }
        return "{\"version\": \(version), \"error\": \(errorJSON)}"
    }
}

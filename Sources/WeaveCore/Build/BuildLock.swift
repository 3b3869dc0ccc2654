import Foundation

/// One build of a book at a time. The lock is an `flock` on `<book>/.weave-cache/build.lock`, which holds
/// the holder's process id for the message a waiting build prints. The kernel releases an flock when its
/// holder exits, however it exits, so a lock left by a killed build is simply taken over.
final class BuildLock {
    private let descriptor: Int32

    /// Takes the lock, waiting for a build that holds it (after saying so through `waiting`).
    init(_ file: URL, waiting: (String) -> Void) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Diagnostic(file: userPath(file), "cannot open the build lock: \(String(cString: strerror(errno)))", step: .output)
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            waiting("another build of this book is running\(holder.map { $0.isEmpty ? "" : " (process \($0))" } ?? ""); waiting for it to finish, then using its results")
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw Diagnostic(file: userPath(file), "cannot take the build lock: \(String(cString: strerror(errno)))", step: .output)
                }
            }
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit { close(descriptor) }
}

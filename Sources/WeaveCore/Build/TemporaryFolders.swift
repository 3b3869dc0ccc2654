import Foundation

/// Temporary folders of the running build, removed when it ends, fails or is interrupted; and the swap that
/// puts a finished folder in place of the old one.
public final class TemporaryFolders: @unchecked Sendable {
    public static let shared = TemporaryFolders()
    private let lock = NSLock()
    private var folders: Set<String> = []

    func make(in parent: URL, prefix: String) throws -> URL {
        let folder = parent.appendingPathComponent("\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        lock.lock(); folders.insert(folder.path); lock.unlock()
        return folder
    }

    func remove(_ folder: URL) {
        lock.lock(); folders.remove(folder.path); lock.unlock()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Replaces `destination` with `folder`: the old folder is renamed aside, the new one renamed in, and
    /// only then the old one deleted. Renames within one file system are atomic.
    func swap(_ folder: URL, into destination: URL) throws {
        let fm = FileManager.default
        let old = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let hadOld = fm.fileExists(atPath: destination.path)
        if hadOld { try fm.moveItem(at: destination, to: old) }
        do {
            try fm.moveItem(at: folder, to: destination)
        } catch {
            if hadOld { try? fm.moveItem(at: old, to: destination) }
            throw Diagnostic(file: userPath(destination), "cannot write the output folder: \(Diagnostic.reason(error))", step: .output)
        }
        lock.lock(); folders.remove(folder.path); lock.unlock()
        if hadOld { try? fm.removeItem(at: old) }
    }

    /// Removes what killed builds left in `parent`: folders named `<prefix>-<pid>-…` (as `make` and `swap`
    /// name them) whose process no longer exists. A folder of a build that is still running — its process
    /// exists — is never touched, nor one whose name does not parse.
    func removeAbandoned(in parent: URL, prefixes: [String]) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let prefix = prefixes.first(where: { name.hasPrefix($0 + "-") }) else { continue }
            let rest = name.dropFirst(prefix.count + 1)
            guard let pid = pid_t(rest.prefix { $0.isNumber }), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Deletes every temporary folder (on interrupt).
    public func removeAll() {
        lock.lock()
        let all = folders
        folders = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}

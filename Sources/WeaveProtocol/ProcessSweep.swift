#if canImport(Glibc)
import Glibc

/// Stops the processes of one chapter run, found by the environment entry every one of them inherits
/// (`WEAVE_NONCE=…`), wherever they now hang in the process tree: a `Process` in a session of its own, a
/// daemonised child re-parented to init. Both sides use it: weave after a chapter program ends, and the
/// program's own watchdog when weave dies (`WeaveRuntime`). Linux `/proc`; plain libc, so it can run in a
/// program that is being torn down.
public enum ProcessSweep {
    /// Freezes every tagged process but the caller with SIGSTOP (repeating the scan until it finds no new
    /// one, so none can fork past it), then kills them all.
    /// - Returns: how many there were.
    @discardableResult
    public static func stop(taggedWith tag: String) -> Int {
        let needle = Array(tag.utf8)
        let me = getpid()
        var found: Set<pid_t> = []
        for _ in 0..<8 {
            let fresh = taggedProcesses(needle).filter { $0 != me && !found.contains($0) }
            if fresh.isEmpty { break }
            for pid in fresh { kill(pid, SIGSTOP) }
            found.formUnion(fresh)
        }
        for pid in found { kill(pid, SIGKILL) }
        var status: Int32 = 0
        for pid in found { _ = waitpid(pid, &status, WNOHANG) }  // reaps those that were the caller's children
        return found.count
    }

    /// Processes whose environment holds exactly the entry `needle`. A zombie's environment reads empty,
    /// so only live processes are found.
    static func taggedProcesses(_ needle: [UInt8]) -> [pid_t] {
        guard let proc = opendir("/proc") else { return [] }
        defer { closedir(proc) }
        var result: [pid_t] = []
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name) else { continue }
            let environ = contents("/proc/\(name)/environ")
            if environ.split(separator: 0, omittingEmptySubsequences: true).contains(where: { $0.elementsEqual(needle) }) {
                result.append(pid)
            }
        }
        return result
    }

    private static func contents(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}
#endif

import Foundation
import WeaveProtocol
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
enum Termination: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)
    /// Stopped by weave because a time limit passed.
    case timedOut
}

/// Runs a program in its own process group with stdout and stderr joined into one pipe (so output keeps
/// the order it was printed in), no stdin, and a deadline. On time-out, or when weave is interrupted,
/// the whole group is killed: every process the program started goes too.
enum ChildProcess {
    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not import.
    private static let addChdir: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()

    /// Monotonic seconds.
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// - Parameters:
    ///   - onOutput: receives output as it arrives, in chunks.
    ///   - deadline: asked after every chunk and every poll; the absolute `now()` at which to stop the
    ///     program, or nil for none.
    ///   - workingDirectory: the program's current directory (weave's own when nil).
    ///   - lifeline: give the program `Lifeline`'s read end as descriptor 3.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        workingDirectory: String? = nil, lifeline: Bool = false, onOutput: ([UInt8]) -> Void, deadline: () -> Double?
    ) throws -> Termination {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Diagnostic("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        if lifeline, let readEnd = Lifeline.readEnd {
            posix_spawn_file_actions_adddup2(&actions, readEnd, ProgramEnvironment.lifelineDescriptor)
        }
        if let workingDirectory {
            guard let addChdir = Self.addChdir else { throw Diagnostic("cannot set a child's working directory on this system") }
            _ = addChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // Children start with default signal handling, even if weave ignores SIGINT.
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawnStatus = RunningProcesses.shared.spawning {
            let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
            return (status, status == 0 ? pid : nil)
        }
        close(writeEnd)
        guard spawnStatus == 0 else {
            close(readEnd)
            throw Diagnostic("cannot start \(executable): \(String(cString: strerror(spawnStatus)))")
        }
        defer { RunningProcesses.shared.remove(pid) }

        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var termination: Termination?
        var status: Int32 = 0
        var open = true
        while true {
            if let limit = deadline(), now() >= limit {
                killTree(pid)
                _ = waitpid(pid, &status, 0)
                termination = .timedOut
                break
            }
            if open {
                var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                let wait = deadline().map { max(0, min(0.1, $0 - now())) } ?? 0.1
                let ready = poll(&descriptor, 1, Int32((wait * 1000).rounded(.up)))
                if ready > 0 {
                    let count = read(readEnd, &buffer, buffer.count)
                    if count > 0 {
                        onOutput(Array(buffer[0..<count]))
                        continue
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        open = false
                    }
                }
            } else {
                usleep(10_000)
            }
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid {
                // Drain what is left without blocking on grandchildren that still hold the pipe.
                _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
                while open {
                    let count = read(readEnd, &buffer, buffer.count)
                    if count > 0 { onOutput(Array(buffer[0..<count])) } else { break }
                }
                kill(-pid, SIGKILL)  // stragglers left in the group
                termination = Self.decode(status)
                break
            }
        }
        close(readEnd)
        return termination ?? .exited(-1)
    }

    /// Kills a process and all its descendants, including those that left its process group or session
    /// (Foundation's `Process` starts children in a new session). The tree is frozen with SIGSTOP first, so
    /// nothing can fork a new child between the walk and the kill.
    static func killTree(_ root: pid_t) {
        var stopped = Set<pid_t>()
        for _ in 0..<8 {
            let tree = [root] + descendants(of: root)
            let fresh = tree.filter { !stopped.contains($0) }
            if fresh.isEmpty { break }
            for pid in fresh { kill(pid, SIGSTOP) }
            stopped.formUnion(fresh)
        }
        for pid in stopped { kill(pid, SIGKILL) }
        kill(-root, SIGKILL)
    }

    /// Every process below `root`, from the parent ids in /proc.
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command name: state, ppid, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(pid) }
        }
        var result: [pid_t] = []
        var queue = children[root] ?? []
        while let pid = queue.popLast() {
            result.append(pid)
            queue += children[pid] ?? []
        }
        return result
    }

    private static func decode(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }

    /// Runs a program to completion and returns its joined output (for short tool invocations).
    static func capture(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                        timeout: Double = 3600) throws -> (Termination, String) {
        var output: [UInt8] = []
        let limit = now() + timeout
        let termination = try run(executable, arguments, environment: environment,
                                  onOutput: { output += $0 }, deadline: { limit })
        return (termination, String(decoding: output, as: UTF8.self))
    }
}

/// A pipe whose write end only weave holds (close-on-exec, so no child inherits it) and never writes: its
/// read end, given to chapter programs, reaches end-of-file exactly when weave has exited.
enum Lifeline {
    static let readEnd: Int32? = {
        // Made before any chapter runs (`BookBuilder` asks for it while no other thread spawns), so no
        // child can inherit the write end between `pipe` and `fcntl`.
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds[0]  // fds[1], the write end, stays open for weave's lifetime
    }()
}

/// The process groups weave has started, so an interrupt can stop them all.
final class RunningProcesses: @unchecked Sendable {
    static let shared = RunningProcesses()
    private let lock = NSLock()
    private var groups: Set<pid_t> = []
    private var interrupted = false

    func spawning(_ body: () -> (Int32, pid_t?)) -> Int32 {
        lock.lock(); defer { lock.unlock() }
        if interrupted { return ECANCELED }
        let (status, pid) = body()
        if let pid { groups.insert(pid) }
        return status
    }

    func remove(_ pid: pid_t) {
        lock.lock(); defer { lock.unlock() }
        groups.remove(pid)
    }

    /// Kills every running group and refuses new ones.
    func killAll() {
        lock.lock(); defer { lock.unlock() }
        interrupted = true
        for group in groups { ChildProcess.killTree(group) }
    }
}

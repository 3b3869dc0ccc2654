#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import WeaveProtocol

/// The contract between weave and a running chapter program.
///
/// weave generates a program from a chapter's `swift-exec` blocks and calls `beginBlock` before each one.
/// Block boundaries and figures are announced on standard output as marker lines that carry a per-run
/// nonce (from `WEAVE_NONCE`), so weave can split the output per block while stdout and stderr stay in
/// the order they were printed. Figures are written into `WEAVE_FIGURE_DIR`.
///
/// Chapter code does not call this directly; it calls `show(_:)` on a figure.
public enum WeaveRuntime {
    /// The block currently running, and what it has shown.
    nonisolated(unsafe) private static var state = State()

    struct State {
        var block = -1
        var figureID: String?
        var figuresInBlock = 0
        var nonce = environment(ProgramEnvironment.nonce)
        var figureFolder = environment(ProgramEnvironment.figureFolder)
        var chapter = environment(ProgramEnvironment.chapter) ?? "chapter"
    }

    /// Called first by a generated program: line-buffered stdout, so what a block printed before a trap is
    /// not lost in a pipe buffer.
    public static func startChapter() {
        setvbuf(stdout, nil, _IOLBF, 0)
        // Die with weave: if weave is killed (even with SIGKILL) while this program runs, the kernel sends
        // it SIGKILL (Linux `PR_SET_PDEATHSIG`). Only under weave (a nonce is set), never when run by hand.
        if let nonce = state.nonce, let fd = environment(ProgramEnvironment.lifeline).flatMap({ Int32($0) }) {
            watchLifeline(fd, sweeping: "\(ProgramEnvironment.nonce)=\(nonce)")
        }
        // Which OpenBLAS kernels this process got (for the build report's Machine section).
        marker(.blas(BLASBackend.coreName))
    }

    /// Called by a generated program before block `index` (0-based among the chapter's swift-exec blocks).
    public static func beginBlock(_ index: Int, figureID: String? = nil) {
        state.block = index
        state.figureID = figureID
        state.figuresInBlock = 0
        marker(.block(index))
    }

    /// Called by a generated program after its last block.
    public static func endChapter() {
        marker(.end)
    }

    /// Where the current block's next figure goes: `<figure dir>/<name>.<ext>`, named by `FigureNaming`.
    public static func nextFigureName() -> String {
        state.figuresInBlock += 1
        return FigureNaming.name(figureID: state.figureID, chapter: state.chapter, block: state.block,
                                 k: state.figuresInBlock)
    }

    /// The folder figures are written to (the current directory when run outside weave).
    public static var figureFolder: String { state.figureFolder ?? "." }

    /// Tells weave that the current block produced the figure file `name` (in the figure folder).
    public static func announceFigure(_ name: String) {
        marker(.figure(name))
        if state.nonce == nil { print("[figure saved: \(figureFolder)/\(name)]") }
    }

    private static func marker(_ marker: ProgramMarker) {
        guard let nonce = state.nonce else { return }
        fflush(stdout)
        fputs(marker.line(nonce: nonce), stdout)
        fflush(stdout)
    }
}

private func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Makes the program, and everything it started, end with weave: a watchdog thread blocks reading the
/// lifeline (`ProgramEnvironment.lifeline`), which reaches end-of-file only when weave has exited —
/// however it exited, SIGKILL included. It then stops every process of this run (`ProcessSweep`: a
/// `Process` child in a session of its own too) and exits. No signal is used or blocked, so chapter code
/// and the runtime's crash backtracer see a normal process.
private func watchLifeline(_ descriptor: Int32, sweeping tag: String) {
    #if os(Linux)
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)  // not passed on to what chapter code starts
    let box = Unmanaged.passRetained(Watchdog(descriptor: descriptor, tag: tag)).toOpaque()
    var thread = pthread_t()
    guard pthread_create(&thread, nil, { argument in
        let watchdog = Unmanaged<Watchdog>.fromOpaque(argument!).takeRetainedValue()
        var byte: UInt8 = 0
        while true {
            let count = read(watchdog.descriptor, &byte, 1)
            if count == 0 || (count < 0 && errno != EINTR) { break }
        }
        ProcessSweep.stop(taggedWith: watchdog.tag)
        _exit(137)
    }, box) == 0 else { return }
    pthread_detach(thread)
    #endif
}

private final class Watchdog {
    let descriptor: Int32
    let tag: String
    init(descriptor: Int32, tag: String) { (self.descriptor, self.tag) = (descriptor, tag) }
}

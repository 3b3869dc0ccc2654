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
        if state.nonce != nil { dieWithParent() }
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

/// `prctl(PR_SET_PDEATHSIG, SIGKILL)`, then a check that the parent did not die before the call.
/// prctl is variadic in C, so Swift cannot call it directly: it is looked up and called with its integer
/// arguments, which the Linux calling conventions pass alike either way.
private func dieWithParent() {
    #if os(Linux)
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
    let prctl = unsafeBitCast(symbol, to: Prctl.self)
    let parent = getppid()
    _ = prctl(1 /* PR_SET_PDEATHSIG */, UInt(SIGKILL), 0, 0, 0)
    if getppid() != parent { _exit(137) }
    #endif
}

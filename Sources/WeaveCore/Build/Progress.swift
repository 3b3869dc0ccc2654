import Foundation

/// Build progress. On a terminal: one live line per chapter (compiling / running / cached, with seconds),
/// redrawn in place. Otherwise: a plain line whenever a chapter changes phase.
public final class BuildProgress: @unchecked Sendable {
    public enum Style { case live, plain, quiet }

    private let style: Style
    private let lock = NSLock()
    private var names: [String] = []
    private var states: [String] = []
    private var starts: [Double] = []
    private var finished: [Bool] = []
    private var drawn = 0
    private var timer: DispatchSourceTimer?

    /// Also receives every message (for tests and embedding), whatever the style.
    private let observer: (@Sendable (String) -> Void)?

    public init(style: Style, observer: (@Sendable (String) -> Void)? = nil) {
        self.style = style
        self.observer = observer
    }

    /// `.live` when standard error is a terminal, else `.plain`.
    public static func automatic() -> BuildProgress {
        BuildProgress(style: isatty(2) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? .live : .plain)
    }

    public func message(_ text: String) {
        observer?(text)
        guard style != .quiet else { return }
        lock.lock(); defer { lock.unlock() }
        clearLive()
        FileHandle.standardError.write(Data((text + "\n").utf8))
        drawLive()
    }

    func begin(chapters: [String]) {
        lock.lock(); defer { lock.unlock() }
        names = chapters
        states = Array(repeating: "waiting", count: chapters.count)
        starts = Array(repeating: ChildProcess.now(), count: chapters.count)
        finished = Array(repeating: false, count: chapters.count)
        if style == .live {
            drawLive()
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 0.25, repeating: 0.25)
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        }
    }

    func update(_ index: Int, _ state: String, done: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        guard index < states.count else { return }
        if state != states[index] && !finished[index] && !done { starts[index] = ChildProcess.now() }
        states[index] = state
        finished[index] = done
        switch style {
        case .live:
            clearLive(); drawLive()
        case .plain:
            FileHandle.standardError.write(Data("\(line(index))\n".utf8))
        case .quiet:
            break
        }
    }

    func end() {
        lock.lock(); defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if style == .live { clearLive(); drawLive() }
        drawn = 0
        names = []
    }

    private func redraw() {
        lock.lock(); defer { lock.unlock() }
        clearLive(); drawLive()
    }

    private func line(_ index: Int) -> String {
        let name = names[index].padding(toLength: max(names.map(\.count).max() ?? 0, 8), withPad: " ", startingAt: 0)
        if finished[index] { return "  \(name)  \(states[index])" }
        let seconds = ChildProcess.now() - starts[index]
        return "  \(name)  \(states[index])" + (states[index] == "waiting" ? "" : String(format: " %.1f s", seconds))
    }

    private func clearLive() {
        guard style == .live, drawn > 0 else { return }
        FileHandle.standardError.write(Data("\u{1B}[\(drawn)A\u{1B}[J".utf8))
        drawn = 0
    }

    private func drawLive() {
        guard style == .live, !names.isEmpty else { return }
        let text = names.indices.map { line($0) }.joined(separator: "\n") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
        drawn = names.count
    }
}

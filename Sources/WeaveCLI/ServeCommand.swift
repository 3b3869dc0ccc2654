import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import WeaveCore

/// `weave serve`: builds the book, serves the site on 127.0.0.1, rebuilds when a chapter or the engine changes
/// (the cache makes prose edits cheap: nothing re-runs), and reloads the open pages. A failed build is printed
/// and shown over the page; the last good site stays served.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the book on 127.0.0.1, rebuilding and reloading the page on every change.")

    @OptionGroup var common: RunOptions

    @Option(name: .long, help: "Port to listen on. Default: the first free one from 8000.")
    var port: UInt16?

    @Option(name: .long, help: "Seconds between checks for changed files.")
    var interval: Double = 0.3

    func run() throws {
        exitOnDiagnostics {
            let root = common.bookRoot.standardizedFileURL
            let options = BuildOptions(jobs: common.jobs, timeout: common.timeout)
            let progress = BuildProgress.automatic()
            let state = PreviewState()
            let watcher = PreviewWatcher(bookRoot: root)
            let site = root.appendingPathComponent("site")

            var snapshot = watcher.snapshot()
            rebuild(root: root, options: options, progress: progress, state: state, initial: true)

            let server = try startServer(site: site, state: state)
            say("serving \(displayPathForUser(site)) at http://127.0.0.1:\(server.port)/ — watching chapters/ and the engine; Ctrl-C stops")
            while true {
                Thread.sleep(forTimeInterval: interval)
                let next = watcher.snapshot()
                let changed = PreviewWatcher.changes(from: snapshot, to: next)
                guard !changed.isEmpty else { continue }
                // Let an editor finish writing (several files, or write-then-rename) before building.
                Thread.sleep(forTimeInterval: 0.1)
                snapshot = watcher.snapshot()
                let names = changed.prefix(3).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                say("changed: \(names)\(changed.count > 3 ? " and \(changed.count - 3) more" : "")")
                rebuild(root: root, options: options, progress: progress, state: state, initial: false)
            }
        }
    }

    private func rebuild(root: URL, options: BuildOptions, progress: BuildProgress, state: PreviewState, initial: Bool) {
        let started = Date()
        do {
            let report = try BookBuilder(bookRoot: root, options: options, progress: progress).build()
            if report.succeeded {
                state.built()
                let ran = report.chapters.filter { $0.state == .ran }.count
                say(String(format: "built in %.2f s (%d chapter%@ ran, %d cached)", Date().timeIntervalSince(started),
                           ran, ran == 1 ? "" : "s", report.chapters.count - ran))
            } else {
                printFailures(report)
                let message = report.chapters.compactMap { $0.failure?.diagnostic.description }.joined(separator: "\n\n")
                state.failed(message)
                say("build failed; still serving the last good site")
            }
        } catch {
            let message = "\(error)"
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            state.failed(message)
            say(initial ? "build failed; serving what is there (fix the error and save)" : "build failed; still serving the last good site")
        }
    }

    struct Running { var server: HTTPServer; var port: UInt16 }

    /// Starts the HTTP server on a background task; returns once it listens.
    private func startServer(site: URL, state: PreviewState) throws -> Running {
        let candidates: [UInt16] = port.map { [$0] } ?? Array(8000...8020)
        for candidate in candidates {
            let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: candidate),
                                    logger: .disabled, handler: PreviewHandler(site: site, state: state))
            let outcome = Outcome()
            let semaphore = DispatchSemaphore(value: 0)
            Task.detached {
                do {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await server.run() }
                        group.addTask {
                            try await server.waitUntilListening(timeout: 5)
                            outcome.set(true)
                            semaphore.signal()
                        }
                        try await group.waitForAll()
                    }
                } catch {
                    outcome.set(false, error: error)
                    semaphore.signal()
                }
            }
            semaphore.wait()
            if outcome.listening { return Running(server: server, port: candidate) }
            if port != nil {
                throw Diagnostic("cannot listen on 127.0.0.1:\(candidate): \(outcome.error.map { "\($0)" } ?? "unknown error")", step: .preview)
            }
        }
        throw Diagnostic("no free port between 8000 and 8020 on 127.0.0.1; choose one with --port", step: .preview)
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Bool?
        private(set) var error: (any Error)?
        func set(_ listening: Bool, error: (any Error)? = nil) {
            lock.lock(); defer { lock.unlock() }
            if value == nil { value = listening; self.error = error }
        }
        var listening: Bool { lock.lock(); defer { lock.unlock() }; return value ?? false }
    }
}

/// Serves the site folder, adding the live-reload client to pages, and answers the page's status polls.
struct PreviewHandler: HTTPHandler {
    let site: URL
    let state: PreviewState

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
        "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "txt": "text/plain; charset=utf-8",
    ]

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let noStore: HTTPHeaders = [.cacheControl: "no-store"]
        switch request.path {
        case LiveReload.statusPath:
            var headers = noStore
            headers[.contentType] = "application/json"
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data(state.statusJSON.utf8))
        case LiveReload.scriptPath:
            var headers = noStore
            headers[.contentType] = "text/javascript; charset=utf-8"
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data(LiveReload.script.utf8))
        default:
            break
        }
        guard request.method == .GET || request.method == .HEAD else { return HTTPResponse(statusCode: .methodNotAllowed) }
        var path = request.path.removingPercentEncoding ?? request.path
        if path.hasSuffix("/") { path += "index.html" }
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return HTTPResponse(statusCode: .notFound) }
        let file = parts.reduce(site) { $0.appendingPathComponent($1) }
        guard var data = try? Data(contentsOf: file) else {
            if file.pathExtension == "html" {
                // No page yet (the first build failed, or a new chapter): a placeholder that shows the error and
                // reloads when a build succeeds.
                let page = LiveReload.inject(into: """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>weave serve</title></head>
                <body><p>No page here yet: waiting for a successful build.</p></body></html>
                """)
                var headers = noStore
                headers[.contentType] = "text/html; charset=utf-8"
                return HTTPResponse(statusCode: .notFound, headers: headers, body: Data(page.utf8))
            }
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: Data("not found: \(path)\n".utf8))
        }
        let ext = file.pathExtension.lowercased()
        if ext == "html" { data = Data(LiveReload.inject(into: String(decoding: data, as: UTF8.self)).utf8) }
        var headers = noStore
        headers[.contentType] = Self.contentTypes[ext] ?? "application/octet-stream"
        return HTTPResponse(statusCode: .ok, headers: headers, body: data)
    }
}

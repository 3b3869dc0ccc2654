import Foundation

/// The engine chapter programs link: the `WeaveKit` dynamic library of weave's own package, built in release
/// mode into its own scratch folder (`.build-engine`), so it is optimized however weave itself was built and
/// never fights `swift build` or `swift test` over SwiftPM's lock.
public struct Engine: Sendable {
    /// The weave package (holds `Package.swift` and `Sources/WeaveKit`).
    public var packageRoot: URL
    /// Folder with `libWeaveKit.so` and `Modules/`.
    public var binFolder: URL
    /// Hash of the engine's sources and the toolchain: part of every cache key.
    public var identity: String
    public var toolchainVersion: String
    /// Flags that let `swiftc` import and link the engine (the target flags come from `RunConfiguration`).
    public var compilerFlags: [String]
    /// The shared libraries the engine loads (resolved paths, from `ldd`): OpenBLAS, Cairo, Pango, …
    public var systemLibraries: [String] = []


    /// The package weave was built from (`WEAVE_PACKAGE_ROOT` overrides it).
    public static var defaultPackageRoot: URL {
        if let override = ProcessInfo.processInfo.environment["WEAVE_PACKAGE_ROOT"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // The nearest folder above this source file that holds Package.swift and Sources/WeaveKit, so the
        // answer does not depend on how deep in Sources/WeaveCore this file sits.
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let fm = FileManager.default
            if fm.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: folder.appendingPathComponent("Sources/WeaveKit").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }

    private static let lock = NSLock()

    /// Where the engine is built, apart from `swift build`'s own folder.
    static func scratchFolder(_ packageRoot: URL) -> URL { packageRoot.appendingPathComponent(".build-engine") }

    /// Builds the engine if its sources changed since the last build, then describes it.
    /// - Parameter log: progress messages ("building the engine…").
    public static func prepare(packageRoot: URL = defaultPackageRoot, configuration: RunConfiguration = RunConfiguration(),
                               log: (String) -> Void = { _ in }) throws -> Engine {
        lock.lock(); defer { lock.unlock() }
        let fm = FileManager.default
        guard fm.fileExists(atPath: packageRoot.appendingPathComponent("Sources/WeaveKit").path) else {
            throw Diagnostic(file: packageRoot.path,
                             "cannot find weave's engine sources (Sources/WeaveKit); set WEAVE_PACKAGE_ROOT to the weave package")
        }
        let scratch = scratchFolder(packageRoot)
        let stampURL = scratch.appendingPathComponent("weave-engine.stamp")
        let targets = try EngineTargets.load(packageRoot: packageRoot, scratch: scratch)
        let sources = try sourceFingerprint(packageRoot: packageRoot, targets: targets,
                                            extra: try Toolchain.swiftcStamp() + configuration.targetFlags.joined(separator: " ") + "\n"
                                                + hostCPUDescription())

        // The stamp lists the shared libraries the engine loaded when it was built (OpenBLAS, Cairo, Pango,
        // the Swift runtime…): an upgraded system library changes the fingerprint, so cached results that
        // depended on it are not served.
        if let data = try? Data(contentsOf: stampURL),
           let stamp = try? JSONDecoder().decode(Stamp.self, from: data),
           stamp.fingerprint == SHA256.hex(of: sources + librariesStamp(stamp.systemLibraries)),
           fm.fileExists(atPath: URL(fileURLWithPath: stamp.binFolder).appendingPathComponent("libWeaveKit.so").path) {
            return Engine(packageRoot: packageRoot, binFolder: URL(fileURLWithPath: stamp.binFolder),
                          identity: stamp.identity, toolchainVersion: stamp.toolchainVersion,
                          compilerFlags: stamp.compilerFlags, systemLibraries: stamp.systemLibraries)
        }

        log("building the engine (WeaveKit, release)…")
        let swiftc = try Toolchain.swiftc()
        let swift = try Toolchain.find("swift")
        let arguments = ["build", "-c", "release", "--product", "WeaveKit", "--scratch-path", scratch.path,
                         "--package-path", packageRoot.path]
        var (termination, output) = try ChildProcess.capture(swift, arguments)
        // SwiftPM refuses to finish when a source changes under it (an editor saving mid-build): try again.
        for _ in 0..<2 where termination != .exited(0) && output.contains("was modified during the build") {
            log("an engine source changed during the build; building again…")
            (termination, output) = try ChildProcess.capture(swift, arguments)
        }
        guard termination == .exited(0) else {
            throw Diagnostic("building the engine failed (swift \(arguments.joined(separator: " ")))",
                             notes: output.split(separator: "\n").suffix(40).map(String.init))
        }
        let (_, binPath) = try ChildProcess.capture(swift, arguments + ["--show-bin-path"])
        let bin = URL(fileURLWithPath: binPath.trimmingCharacters(in: .whitespacesAndNewlines))

        var flags = ["-I", bin.appendingPathComponent("Modules").path, "-L", bin.path, "-lWeaveKit",
                     "-Xlinker", "-rpath", "-Xlinker", bin.path]
        for module in targets.moduleFolders {
            flags += ["-I", packageRoot.appendingPathComponent(module).path]
        }
        let pkgConfig = try? Toolchain.find("pkg-config")
        if let pkgConfig {
            let (status, cflags) = try ChildProcess.capture(pkgConfig, ["--cflags"] + targets.pkgConfig)
            if status == .exited(0) {
                for flag in cflags.split(whereSeparator: \.isWhitespace) { flags += ["-Xcc", String(flag)] }
            }
        }
        let libraries = try linkedLibraries(bin.appendingPathComponent("libWeaveKit.so"))
        // `-target-cpu native` makes the machine code depend on the CPU: results computed on another CPU
        // (a shared cache) are not served.
        let identity = SHA256.hex(of: Data((try sourceContents(packageRoot: packageRoot, targets: targets) + swiftc.version
                                            + librariesStamp(libraries) + hostCPUDescription()).utf8))
        let stamp = Stamp(fingerprint: SHA256.hex(of: sources + librariesStamp(libraries)), identity: identity,
                          binFolder: bin.path, toolchainVersion: swiftc.version, compilerFlags: flags,
                          systemLibraries: libraries)
        try JSONEncoder().encode(stamp).write(to: stampURL, options: .atomic)
        return Engine(packageRoot: packageRoot, binFolder: bin, identity: identity, toolchainVersion: swiftc.version,
                      compilerFlags: flags, systemLibraries: libraries)
    }

    struct Stamp: Codable {
        var fingerprint: String
        var identity: String
        var binFolder: String
        var toolchainVersion: String
        var compilerFlags: [String]
        var systemLibraries: [String]
    }

    /// The resolved paths of the shared libraries `library` loads, as `ldd` reports them.
    private static func linkedLibraries(_ library: URL) throws -> [String] {
        guard let ldd = try? Toolchain.find("ldd") else { return [] }
        let (status, output) = try ChildProcess.capture(ldd, [library.path])
        guard status == .exited(0) else { return [] }
        var paths: [String] = []
        for line in output.split(separator: "\n") {
            guard let arrow = line.range(of: "=> ") else { continue }
            let path = line[arrow.upperBound...].prefix { $0 != " " }
            if path.hasPrefix("/") { paths.append(URL(fileURLWithPath: String(path)).resolvingSymlinksInPath().path) }
        }
        return paths.sorted()
    }

    /// The CPU model and its instruction-set features, which `-target-cpu native` compiles for. Flags that
    /// name no instructions (bugs, mitigations, virtualisation) are left out, so a kernel update does not
    /// discard the cache. Without `/proc/cpuinfo` the host name stands in, so nothing built here is taken
    /// for another machine's.
    static func hostCPUDescription() -> String {
        let cpu = hostCPU()
        guard !cpu.flags.isEmpty else { return "cpu \(cpu.model) on \(ProcessInfo.processInfo.hostName)\n" }
        let isaPrefixes = ["sse", "ssse", "avx", "fma", "f16c", "bmi", "popcnt", "lzcnt", "abm", "movbe", "adx",
                           "aes", "pclmul", "vpclmul", "vaes", "sha", "gfni", "amx", "lm", "cx16",
                           // AArch64 `Features`
                           "fp", "asimd", "sve", "atomics", "crc32", "dot", "i8mm", "bf16"]
        let isa = cpu.flags.split(separator: " ").filter { flag in isaPrefixes.contains { flag.hasPrefix($0) } }
        return "cpu \(cpu.model)\n\(isa.joined(separator: " "))\n"
    }

    /// The CPU's model name and feature flags, as `/proc/cpuinfo` gives them for its first processor.
    static func hostCPU() -> (model: String, flags: String) {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return ("unknown CPU", "") }
        var model = "", flags = ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces), value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "model name" && model.isEmpty { model = value }
            if (key == "flags" || key == "Features") && flags.isEmpty { flags = value }
        }
        if model.isEmpty {
            #if arch(x86_64)
            model = "an x86-64 CPU"
            #elseif arch(arm64)
            model = "an ARM64 CPU"
            #else
            model = "unknown CPU"
            #endif
        }
        return (model, flags)
    }

    /// Path, size and modification time of each library: cheap to recompute on every build.
    private static func librariesStamp(_ paths: [String]) -> String {
        paths.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(path)\t\(size)\t\(date)\n"
        }.joined()
    }

    private static func engineFiles(packageRoot: URL, targets: EngineTargets) -> [URL] {
        var files = [packageRoot.appendingPathComponent("Package.swift")]
        for folder in targets.sourceFolders {
            let url = packageRoot.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in enumerator where !file.hasDirectoryPath { files.append(file) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Cheap: paths, sizes and modification times (as text). Decides whether `swift build` must run at all.
    private static func sourceFingerprint(packageRoot: URL, targets: EngineTargets, extra: String) throws -> String {
        var text = extra
        for file in engineFiles(packageRoot: packageRoot, targets: targets) {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            text += "\(file.path)\t\(size)\t\(date)\n"
        }
        return text
    }

    /// Exact: the engine's source text. Two machines with the same sources share cache keys.
    private static func sourceContents(packageRoot: URL, targets: EngineTargets) throws -> String {
        var text = ""
        let rootPath = packageRoot.standardizedFileURL.path
        for file in engineFiles(packageRoot: packageRoot, targets: targets) {
            let relative = file.standardizedFileURL.path.replacingOccurrences(of: rootPath, with: "")
            text += "\(relative)\n\(SHA256.hex(of: try Data(contentsOf: file)))\n"
        }
        return text
    }
}

/// Finds the Swift toolchain's programs.
enum Toolchain {
    static func find(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Diagnostic("cannot find '\(name)' on PATH")
    }

    struct Compiler { var path: String; var version: String; var stamp: String }

    /// Identifies the compiler binary without running it (path, size, modification time).
    static func swiftcStamp() throws -> String {
        let resolved = URL(fileURLWithPath: try find("swiftc")).resolvingSymlinksInPath().path
        let attributes = try FileManager.default.attributesOfItem(atPath: resolved)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(resolved) \(size) \(date)"
    }

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cached: Compiler?

    static func swiftc() throws -> Compiler {
        cacheLock.lock(); defer { cacheLock.unlock() }
        if let cached { return cached }
        let path = try find("swiftc")
        let stamp = try swiftcStamp()
        let (_, version) = try ChildProcess.capture(path, ["--version"])
        let compiler = Compiler(path: path, version: version.trimmingCharacters(in: .whitespacesAndNewlines), stamp: stamp)
        cached = compiler
        return compiler
    }
}

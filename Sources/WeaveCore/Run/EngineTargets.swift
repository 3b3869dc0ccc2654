import Foundation

/// What makes up the engine, read from the package itself: the targets in the `WeaveKit` product (its
/// Swift source folders and its C system-library modules) and the pkg-config packages those modules name.
/// SwiftPM says it (`swift package describe` for the product memberships, `swift package dump-package`
/// for pkg-config names), so a new engine target is part of the engine's identity — and of every cache
/// key — without a second list to keep in step. The answer is kept in `.build-engine/engine-targets.json`
/// and asked again only when `Package.swift` changes (each question costs about 0.4 s).
struct EngineTargets: Codable, Equatable {
    /// Package-relative folders of every target in the product ("Sources/LinearAlgebra", …).
    var sourceFolders: [String]
    /// Package-relative folders of the product's system-library targets (their module maps, for `-I`).
    var moduleFolders: [String]
    /// pkg-config packages of those targets ("openblas", "pangocairo").
    var pkgConfig: [String]

    static let product = "WeaveKit"

    static func load(packageRoot: URL, scratch: URL) throws -> EngineTargets {
        let manifest = packageRoot.appendingPathComponent("Package.swift")
        let attributes = try? FileManager.default.attributesOfItem(atPath: manifest.path)
        let manifestStamp = SHA256.hex(of: (try? Data(contentsOf: manifest)) ?? Data())
            + "\((attributes?[.size] as? NSNumber)?.intValue ?? -1)"
        let saved = scratch.appendingPathComponent("engine-targets.json")
        struct Saved: Codable { var manifest: String; var targets: EngineTargets }
        if let data = try? Data(contentsOf: saved), let previous = try? JSONDecoder().decode(Saved.self, from: data),
           previous.manifest == manifestStamp {
            return previous.targets
        }
        let swift = try Toolchain.find("swift")
        // A scratch folder of its own: never waits on (or disturbs) the lock of a running `swift build`.
        let common = ["package", "--package-path", packageRoot.path,
                      "--scratch-path", scratch.appendingPathComponent("describe").path]
        let (describeStatus, describe) = try ChildProcess.capture(swift, common + ["describe", "--type", "json"], timeout: 300)
        let (dumpStatus, dump) = try ChildProcess.capture(swift, common + ["dump-package"], timeout: 300)
        guard describeStatus == .exited(0), dumpStatus == .exited(0) else {
            throw Diagnostic(file: manifest.path, "cannot read the engine's targets from the package (swift package describe / dump-package failed)",
                             notes: (describe + dump).split(separator: "\n").suffix(20).map(String.init))
        }
        let targets = try parse(describe: Data(jsonPart(describe).utf8), dumpPackage: Data(jsonPart(dump).utf8))
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try JSONEncoder().encode(Saved(manifest: manifestStamp, targets: targets)).write(to: saved, options: .atomic)
        return targets
    }

    /// SwiftPM may print warnings before the JSON; the JSON starts at the first line that opens an object.
    private static func jsonPart(_ output: String) -> String {
        guard let start = output.range(of: "\n{")?.lowerBound ?? (output.hasPrefix("{") ? output.startIndex : nil)
        else { return output }
        return String(output[start...])
    }

    static func parse(describe: Data, dumpPackage: Data) throws -> EngineTargets {
        struct Description: Decodable {
            struct Target: Decodable {
                var name: String
                var path: String
                var type: String
                var product_memberships: [String]?
            }
            var targets: [Target]
        }
        struct Manifest: Decodable {
            struct Target: Decodable { var name: String; var pkgConfig: String? }
            var targets: [Target]
        }
        let description = try JSONDecoder().decode(Description.self, from: describe)
        let manifest = try JSONDecoder().decode(Manifest.self, from: dumpPackage)
        let members = description.targets.filter { ($0.product_memberships ?? []).contains(product) }
        guard !members.isEmpty else {
            throw Diagnostic("the package has no targets in the \(product) product")
        }
        let system = members.filter { $0.type == "system-target" }
        let systemNames = Set(system.map(\.name))
        return EngineTargets(
            sourceFolders: members.map(\.path).sorted(),
            moduleFolders: system.map(\.path).sorted(),
            pkgConfig: manifest.targets.filter { systemNames.contains($0.name) }.compactMap(\.pkgConfig).sorted())
    }
}

import Foundation
import Testing
@testable import WeaveCore

@Suite struct EngineTargetsTests {
    /// The engine is read from the real Package.swift: its targets are the WeaveKit product's, the tool's
    /// are not, and the system libraries' pkg-config names come with them.
    @Test func theEngineIsTheWeaveKitProduct() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("weave-targets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let targets = try EngineTargets.load(packageRoot: Engine.defaultPackageRoot, scratch: scratch)
        for folder in ["Sources/LinearAlgebra", "Sources/NeuralNet", "Sources/Plotting", "Sources/WeaveKit",
                       "Sources/COpenBLAS", "Sources/CCairo"] {
            #expect(targets.sourceFolders.contains(folder))
        }
        #expect(!targets.sourceFolders.contains("Sources/WeaveCore"))
        #expect(!targets.sourceFolders.contains("Sources/CCmarkGFM"))
        #expect(targets.moduleFolders == ["Sources/CCairo", "Sources/COpenBLAS"])
        #expect(targets.pkgConfig == ["openblas", "pangocairo"])
        // Asked once per Package.swift: the answer is kept beside the engine build.
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("engine-targets.json").path))
        #expect(try EngineTargets.load(packageRoot: Engine.defaultPackageRoot, scratch: scratch) == targets)
    }

    @Test func aNewTargetInTheProductJoinsTheEngine() throws {
        let describe = """
        {"targets": [
          {"name": "Core", "path": "Sources/Core", "type": "library", "product_memberships": ["WeaveKit"]},
          {"name": "Brand", "path": "Sources/Brand", "type": "library", "product_memberships": ["WeaveKit", "other"]},
          {"name": "CZip", "path": "Sources/CZip", "type": "system-target", "product_memberships": ["WeaveKit"]},
          {"name": "Tool", "path": "Sources/Tool", "type": "library", "product_memberships": ["weave"]},
          {"name": "Tests", "path": "Tests/T", "type": "test"}
        ]}
        """
        let dump = """
        {"targets": [{"name": "CZip", "pkgConfig": "zlib"}, {"name": "CTool", "pkgConfig": "cmark"}, {"name": "Core"}]}
        """
        let targets = try EngineTargets.parse(describe: Data(describe.utf8), dumpPackage: Data(dump.utf8))
        #expect(targets == EngineTargets(sourceFolders: ["Sources/Brand", "Sources/CZip", "Sources/Core"],
                                         moduleFolders: ["Sources/CZip"], pkgConfig: ["zlib"]))
    }
}

import Foundation

/// The cache key of a chapter: everything that can change what its program prints or draws, as named parts.
/// The entry's folder name is the hash of all parts; the index keeps the parts of each chapter's latest
/// entry, so a miss explains itself by comparing them (`missReason(since:)`).
struct CacheKey: Codable, Sendable, Equatable {
    /// The cache's layout version: a new layout never reads an old one's entries.
    var format: String
    /// The engine's identity (its sources, the toolchain, the system libraries and the CPU).
    var engine: String
    /// The compiler and target flags of the optimized compile.
    var flags: String
    /// The OpenBLAS variables the program runs with (`RunConfiguration.numericsSettings`).
    var settings: String
    /// A hash of the chapter's code blocks, their options and the chapter's name (which names its figures).
    var code: String

    static let formatVersion = "weave-cache-4"

    init(chapter: Chapter, engine: Engine, configuration: RunConfiguration) {
        format = Self.formatVersion
        self.engine = engine.identity
        flags = configuration.keyedFlags
        settings = configuration.numericsSettings
        code = Self.codeHash(chapter)
    }

    /// The entry's folder name.
    var hash: String {
        SHA256.hex(of: [format, engine, flags, settings, code].joined(separator: "\n\u{1F}"))
    }

    /// What changed since `previous` (the chapter's latest cached key).
    func missReason(since previous: CacheKey?) -> RunReason {
        guard let previous, previous.format == format else { return .notCached }
        if previous.code != code { return .codeChanged }
        if previous.engine != engine { return .engineChanged }
        if previous.settings != settings { return .settingsChanged }
        if previous.flags != flags { return .flagsChanged }
        return .notCached  // same parts, entry gone (pruned or removed by hand)
    }

    static func codeHash(_ chapter: Chapter) -> String {
        var text = "slug:\(chapter.slug)\n"
        for block in chapter.execBlocks {
            // The compiled text (with list indentation), so a diagnostic's columns always match the file.
            text += "block \(block.index)\u{1F}\(block.options.canonical)\u{1F}\(block.programCode.utf8.count)\n\(block.programCode)\n"
        }
        return SHA256.hex(of: text)
    }
}

/// Why a chapter's code ran instead of being served from the cache.
public enum RunReason: String, Sendable, Equatable, CustomStringConvertible {
    case notCached = "not cached"
    case codeChanged = "code changed"
    case engineChanged = "engine changed"
    case settingsChanged = "OpenBLAS settings changed"
    case flagsChanged = "compiler flags changed"
    case damagedEntry = "cache entry was damaged; rebuilt"
    case fresh = "--fresh"
    case check = "check runs everything"

    public var description: String { rawValue }
}

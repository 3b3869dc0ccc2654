import Foundation

/// One of N parts of a book's chapters, for running a big book on several CI machines at once
/// (`weave build --shard K/N`, `weave check --shard K/N`).
///
/// The parts are balanced by each chapter's last known cost (its compile and run time, from the cache's
/// latest entry for it) with the longest-processing-time-first rule: chapters in order of decreasing cost,
/// each given to the part with the least total so far (Graham 1969: within 4/3 of the best split). A chapter
/// whose cost is not known counts as the mean of the known non-zero ones (one second when none is known);
/// among parts of equal cost the one with fewer chapters is filled first. Ties are
/// broken by chapter order, so every job that sees the same book and the same cache computes the same split:
/// the parts are disjoint and together they are the whole book.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (1 ≤ K ≤ N).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 1, k >= 1, k <= n else { return nil }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The part (0-based) each chapter belongs to, given each chapter's cost in seconds (nil: unknown).
    public static func assignment(costs: [Double?], parts: Int) -> [Int] {
        let known = costs.compactMap { $0 }.filter { $0 > 0 }
        let fallback = known.isEmpty ? 1.0 : known.reduce(0, +) / Double(known.count)
        let weights = costs.map { max($0 ?? fallback, 0) }
        let order = weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        var totals = Array(repeating: 0.0, count: parts), sizes = Array(repeating: 0, count: parts)
        var part = Array(repeating: 0, count: costs.count)
        for chapter in order {
            // The part with the least cost so far; among equals, the one with fewest chapters, then the first.
            let lightest = totals.indices.min { (totals[$0], sizes[$0], $0) < (totals[$1], sizes[$1], $1) }!
            part[chapter] = lightest
            totals[lightest] += weights[chapter]
            sizes[lightest] += 1
        }
        return part
    }

    /// Whether the chapter at `position` is this shard's.
    public func contains(_ position: Int, assignment: [Int]) -> Bool { assignment[position] == index - 1 }
}

extension ResultCache {
    /// What the chapter cost when it last ran (compile + run seconds of its latest entry), if the cache has it.
    func lastCost(_ slug: String) -> Double? {
        guard let key = latestKey(slug), let entry = try? Self.storedEntry(at: entryFolder(key)) else { return nil }
        return entry.result.compileSeconds + entry.result.runSeconds
    }
}

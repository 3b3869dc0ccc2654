import Foundation
import WeaveProtocol

/// Splits a chapter program's output stream into per-block outputs at the marker lines `WeaveRuntime`
/// prints, keeping at most `limit` bytes per block: the first `limit − tailLimit` bytes and the last
/// `tailLimit` (a trap's `Fatal error: …` comes last, after whatever the block printed). What lies between
/// is counted, not stored, so 20 MB of output costs a scan and no memory.
final class OutputCollector {
    /// Per-block output kept for the page.
    static let defaultLimit = BuildOptions.defaultOutputLimit

    struct Block {
        /// The beginning of the output, up to `limit − tailLimit` bytes.
        var bytes: [UInt8] = []
        /// The latest `tailLimit` bytes after the beginning filled up (a ring: `tailStart` is the oldest).
        var tail: [UInt8] = []
        var tailStart = 0
        var omitted = 0
        var figures: [String] = []
        var start = 0.0
        var end: Double?
    }

    let limit: Int
    /// How much of a cut output's end is kept.
    let tailLimit: Int
    private let prefix: [UInt8]
    private var pending: [UInt8] = []
    private(set) var blocks: [Int: Block] = [:]
    /// The block running now; -1 before the first marker (the prelude).
    private(set) var current = -1
    private(set) var finished = false
    /// The OpenBLAS kernel set the program reported (`OPENBLAS_CORETYPE` names), if it did.
    private(set) var blasCore: String?
    /// When the current block started (monotonic seconds).
    private(set) var currentStart = ChildProcess.now()

    init(nonce: String, limit: Int = OutputCollector.defaultLimit) {
        self.limit = limit
        tailLimit = limit / 4
        prefix = Array(ProgramMarker.prefix(nonce: nonce).utf8)
    }

    func feed(_ chunk: [UInt8]) {
        pending += chunk
        var consumed = 0
        pending.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while consumed < buffer.count {
                let remaining = buffer.count - consumed
                guard let hit = memchr(base + consumed, Int32(ProgramMarker.leadByte), remaining) else {
                    append(buffer, consumed, buffer.count)
                    consumed = buffer.count
                    return
                }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                append(buffer, consumed, at)
                consumed = at
                // Need the whole prefix and the end of the marker line to decide.
                let available = buffer.count - at
                if available < prefix.count {
                    if !prefix.starts(with: buffer[at...]) { append(buffer, at, at + 1); consumed = at + 1; continue }
                    return
                }
                guard buffer[at..<(at + prefix.count)].elementsEqual(prefix) else {
                    append(buffer, at, at + 1); consumed = at + 1; continue
                }
                guard let newline = buffer[(at + prefix.count)...].firstIndex(of: 0x0A) else { return }
                let text = String(decoding: buffer[(at + prefix.count)..<newline], as: UTF8.self)
                handle(marker: text)
                consumed = newline + 1
            }
        }
        pending.removeFirst(consumed)
    }

    private func append(_ buffer: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        guard to > from else { return }
        var block = blocks[current] ?? Block()
        let room = max(0, limit - tailLimit - block.bytes.count)
        let keep = min(room, to - from)
        if keep > 0 { block.bytes.append(contentsOf: buffer[from..<(from + keep)]) }
        var start = from + keep
        // The rest goes through the tail ring; what falls out of it is counted as cut.
        if to - start > tailLimit {
            block.omitted += block.tail.count + (to - start - tailLimit)
            block.tail = Array(buffer[(to - tailLimit)..<to])
            block.tailStart = 0
            start = to
        }
        for byte in buffer[start..<to] {
            if tailLimit == 0 {
                block.omitted += 1
            } else if block.tail.count < tailLimit {
                block.tail.append(byte)
            } else {
                block.tail[block.tailStart] = byte
                block.tailStart = (block.tailStart + 1) % tailLimit
                block.omitted += 1
            }
        }
        blocks[current] = block
    }

    private func handle(marker: String) {
        let now = ChildProcess.now()
        switch ProgramMarker(text: marker) {
        case .block(let index):
            blocks[current, default: Block()].end = now
            current = index
            var block = blocks[index] ?? Block()
            block.start = now
            blocks[index] = block
            currentStart = now
        case .figure(let name):
            blocks[current, default: Block()].figures.append(name)
        case .end:
            blocks[current, default: Block()].end = now
            finished = true
        case .blas(let core):
            blasCore = core
        case nil:
            break
        }
    }

    /// Flushes bytes held back while waiting for a possible marker.
    func finish() {
        let rest = pending
        pending = []
        rest.withUnsafeBufferPointer { append($0, 0, $0.count) }
    }

    /// The text of block `index` (the prelude's output, if any, goes with block 0). When output was cut,
    /// `text` is the beginning and the end joined and `cutAt` the UTF-8 offset in it where bytes are missing.
    func output(of index: Int) -> (text: String, omitted: Int, cutAt: Int?) {
        var parts = [blocks[index] ?? Block()]
        if index == 0, let prelude = blocks[-1] { parts.insert(prelude, at: 0) }
        var text = "", omitted = 0
        var cutAt: Int?
        for block in parts {
            let tail = Array(block.tail[block.tailStart...] + block.tail[..<block.tailStart])
            if block.omitted == 0 {
                text += String(decoding: block.bytes + tail, as: UTF8.self)
                continue
            }
            text += Self.decodeTruncated(block.bytes)
            cutAt = cutAt ?? text.utf8.count
            text += Self.decodeCutStart(tail)
            omitted += block.omitted
        }
        return (text, omitted, cutAt)
    }

    /// Decodes the end of a cut output, dropping a multi-byte character whose start was cut off.
    static func decodeCutStart(_ bytes: [UInt8]) -> String {
        let start = bytes.prefix(3).prefix { $0 & 0xC0 == 0x80 }.count
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Decodes UTF-8, dropping a multi-byte character cut in half at the end.
    static func decodeTruncated(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        var back = 0
        while end > 0, back < 4, bytes[end - 1] & 0xC0 == 0x80 { end -= 1; back += 1 }
        if end > 0, bytes[end - 1] >= 0xC0 {
            let lead = bytes[end - 1]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if back + 1 < length { return String(decoding: bytes[0..<(end - 1)], as: UTF8.self) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation
import WeaveProtocol

/// Splits a chapter program's output stream into per-block outputs at the marker lines `WeaveRuntime`
/// prints, keeping at most `limit` bytes per block (the rest is counted, not stored, so 20 MB of output
/// costs a scan and no memory).
final class OutputCollector {
    /// Per-block output kept for the page.
    static let defaultLimit = BuildOptions.defaultOutputLimit

    struct Block {
        var bytes: [UInt8] = []
        var omitted = 0
        var figures: [String] = []
        var start = 0.0
        var end: Double?
    }

    let limit: Int
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
        let room = max(0, limit - block.bytes.count)
        let keep = min(room, to - from)
        if keep > 0 { block.bytes.append(contentsOf: buffer[from..<(from + keep)]) }
        block.omitted += (to - from) - keep
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

    /// The text of block `index` (the prelude's output, if any, goes with block 0).
    func output(of index: Int) -> (text: String, omitted: Int) {
        var block = blocks[index] ?? Block()
        if index == 0, let prelude = blocks[-1] {
            block.bytes = prelude.bytes + block.bytes
            block.omitted += prelude.omitted
        }
        return (Self.decodeTruncated(block.bytes), block.omitted)
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

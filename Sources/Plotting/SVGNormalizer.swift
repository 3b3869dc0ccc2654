// Making Cairo's SVG output byte-identical across processes.

/// Renumbers the ids in Cairo's SVG output. Cairo names surfaces with a process-wide counter
/// (`surface17`) and numbers glyphs, clips, images and patterns as it meets them; after this
/// pass every id is its prefix plus its rank among ids of that prefix in document order
/// (`surface1`, `glyph1`, `glyph2`, …), and every `#id` reference follows.
enum SVGNormalizer {
    static func normalize(_ svg: String) -> String {
        let bytes = Array(svg.utf8)
        let idOpen = Array("id=\"".utf8)
        var mapping: [String: String] = [:]
        var counters: [String: Int] = [:]

        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        func matches(_ pattern: [UInt8], at i: Int) -> Bool {
            guard i + pattern.count <= bytes.count else { return false }
            for k in 0..<pattern.count where bytes[i + k] != pattern[k] { return false }
            return true
        }
        func name(at i: Int) -> (String, Int) {
            var j = i
            while j < bytes.count && isNameByte(bytes[j]) { j += 1 }
            return (String(decoding: bytes[i..<j], as: UTF8.self), j)
        }

        // Pass 1: definitions in document order.
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x69, matches(idOpen, at: i), i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x0A {
                let (id, end) = name(at: i + idOpen.count)
                if mapping[id] == nil && !id.isEmpty {
                    let prefix = String(id.prefix { $0.isLetter })
                    let n = (counters[prefix] ?? 0) + 1
                    counters[prefix] = n
                    mapping[id] = prefix + String(n)
                }
                i = end
            } else {
                i += 1
            }
        }
        guard !mapping.isEmpty else { return svg }

        // Pass 2: rewrite definitions and "#id" references.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x69, matches(idOpen, at: i), i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x0A {
                let (id, end) = name(at: i + idOpen.count)
                out.append(contentsOf: idOpen)
                out.append(contentsOf: Array((mapping[id] ?? id).utf8))
                i = end
            } else if b == 0x23 { // '#'
                let (id, end) = name(at: i + 1)
                if let new = mapping[id] {
                    out.append(0x23)
                    out.append(contentsOf: Array(new.utf8))
                    i = end
                } else {
                    out.append(b)
                    i += 1
                }
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

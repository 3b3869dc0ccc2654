import Foundation

/// `book.json`, the book's settings: `{"title": "…"}`. Every key is known, and a mistake in the file is an
/// error at its line and column (a typo in a key is not silently ignored).
struct BookConfig: Equatable {
    var title: String?
    /// The language the chapters are written in (BCP 47, `en` when not given).
    var language: String?
    /// The book's translations, by edition name (the folder of its catalogues and of its site: `zh`).
    var translations: [EditionConfig] = []

    /// One translation: `"translations": {"zh": {"language": "zh-CN", "title": "…"}}`.
    struct EditionConfig: Equatable, Sendable {
        var name: String
        var language: String
        var title: String?
    }

    /// The keys `book.json` may hold, and what each must be.
    static let keys: [(name: String, kind: String)] = [
        ("title", "a string"), ("language", "a language tag such as \"en\""),
        ("translations", "an object such as {\"zh\": {\"language\": \"zh-CN\", \"title\": \"…\"}}"),
    ]

    /// Reads `url`; nil when the book has no `book.json`.
    static func load(_ url: URL) throws -> BookConfig? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        let shown = userPath(url)
        guard !isDirectory.boolValue else {
            throw Diagnostic(file: shown, "book.json is a folder; it must be a file like {\"title\": \"My book\"}", step: .read)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Diagnostic(file: shown, "cannot read book.json: \(Diagnostic.reason(error))", step: .read)
        }
        return try parse(data, file: shown)
    }

    static func parse(_ data: Data, file: String) throws -> BookConfig {
        func error(at offset: Int?, _ message: String) -> Diagnostic {
            let (line, column) = offset.map { Chapter.lineAndColumn(ofByte: $0, in: data) } ?? (nil, nil)
            return Diagnostic(file: file, line: line, column: column, message, step: .read)
        }
        guard String(data: data, encoding: .utf8) != nil else {
            let (line, column) = Chapter.firstInvalidUTF8(data)
            throw Diagnostic(file: file, line: line, column: column, "book.json is not UTF-8 text", step: .read)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch let failure {
            let (place, reason) = explain(failure as NSError, in: data)
            throw Diagnostic(file: file, line: place?.line, column: place?.column, "book.json is not valid JSON: \(reason)",
                             step: .read)
        }
        guard let settings = object as? [String: Any] else {
            throw error(at: firstNonSpace(data), "book.json must be a JSON object, like {\"title\": \"My book\"}")
        }
        var config = BookConfig()
        // In the order they appear, so the first mistake in the file is the one reported.
        let placed = settings.keys.map { (key: $0, at: keyOffset($0, in: data)) }.sorted { ($0.at ?? 0) < ($1.at ?? 0) }
        for (key, at) in placed {
            switch key {
            case "title":
                guard let title = settings[key] as? String else { throw error(at: at, "\"title\" must be a string") }
                config.title = title
            case "language":
                guard let language = settings[key] as? String, isLanguageTag(language) else {
                    throw error(at: at, "\"language\" must be a language tag such as \"en\" or \"zh-CN\"")
                }
                config.language = language
            case "translations":
                guard let editions = settings[key] as? [String: Any] else {
                    throw error(at: at, "\"translations\" must be an object such as {\"zh\": {\"language\": \"zh-CN\"}}")
                }
                for name in editions.keys.sorted() {
                    let place = keyOffset(name, in: data) ?? at
                    guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
                          !Slug.reservedPages.contains(name), !["assets", "figures"].contains(name) else {
                        throw error(at: place, "edition name \"\(name)\" must be letters, digits and '-' (it names the edition's folder, site/\(name)/), and not one of weave's own names")
                    }
                    guard let fields = editions[name] as? [String: Any] else {
                        throw error(at: place, "the \"\(name)\" edition must be an object such as {\"language\": \"zh-CN\", \"title\": \"…\"}")
                    }
                    if let unknown = fields.keys.sorted().first(where: { $0 != "language" && $0 != "title" }) {
                        throw error(at: keyOffset(unknown, in: data) ?? place,
                                    "unknown key \"\(unknown)\" in the \"\(name)\" edition; it may hold \"language\" and \"title\"")
                    }
                    guard let language = fields["language"] as? String, isLanguageTag(language) else {
                        throw error(at: place, "the \"\(name)\" edition needs \"language\": a language tag such as \"zh-CN\"")
                    }
                    if fields["title"] != nil, !(fields["title"] is String) {
                        throw error(at: place, "the \"\(name)\" edition's \"title\" must be a string")
                    }
                    config.translations.append(EditionConfig(name: name, language: language, title: fields["title"] as? String))
                }
            default:
                let known = keys.map { "\"\($0.name)\" (\($0.kind))" }.joined(separator: ", ")
                let near = keys.map(\.name).first { editDistance($0, key) <= 2 }.map { " (did you mean \"\($0)\"?)" } ?? ""
                throw error(at: at, "unknown key \"\(key)\" in book.json\(near); it may hold \(known)")
            }
        }
        return config
    }

    /// `en`, `zh-CN`, `pt-BR`: letters and digits in parts joined by `-`.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            && parts[0].allSatisfy(\.isLetter)
    }

    /// Foundation's parse error as a place in the file and a reason without its "around character N" (older
    /// Foundation) or "around line L, column C" (newer).
    static func explain(_ error: NSError, in data: Data) -> (place: (line: Int, column: Int)?, reason: String) {
        let text = (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
        if let range = text.range(of: #"\s*(around |starting from )?(line \d+, column \d+|character \d+|at \d+)\.?$"#, options: .regularExpression) {
            let numbers = text[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            let said = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let reason = said.prefix(1).lowercased() + said.dropFirst()
            if numbers.count == 2 { return ((numbers[0], numbers[1]), reason) }
            return (numbers.first.map { Chapter.lineAndColumn(ofByte: $0, in: data) }, reason)
        }
        if text.lowercased().contains("end of file") {
            return (Chapter.lineAndColumn(ofByte: data.count, in: data), "it ends too early (a } or \" is missing)")
        }
        return (nil, text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }

    /// Where `"key"` (followed by `:`) first appears, as a byte offset.
    static func keyOffset(_ key: String, in data: Data) -> Int? {
        let needle = Array((try? JSONEncoder().encode(key)) ?? Data("\"\(key)\"".utf8))
        let bytes = Array(data)
        guard bytes.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                var j = i + needle.count
                while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: ":") { return i }
            }
            i += 1
        }
        return nil
    }

    static func firstNonSpace(_ data: Data) -> Int {
        data.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }.map { $0 - data.startIndex } ?? 0
    }
}

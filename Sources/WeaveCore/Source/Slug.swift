/// Names made from text for URLs, ids and files: lower-case letters and digits of any script, words joined by
/// single dashes. The characters `separates` accepts split words; every other character is dropped. The
/// result needs no escaping in an attribute, a URL path or a fragment, and is a safe file name.
enum Slug {
    static func make(_ text: String, fallback: String, separates: (Character) -> Bool) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else if separates(character) {
                pendingDash = true
            }
        }
        return slug.isEmpty ? fallback : slug
    }

    /// A chapter file's page name (`03 Größe & "x".md` → `03-größe-x`): every character that is not a letter
    /// or digit separates words, so `01-intro`, `01_intro` and `01 intro` are one name (an error in one book).
    static func page(forFile baseName: String) -> String {
        make(baseName, fallback: "chapter", separates: { _ in true })
    }

    /// weave's own pages. A chapter may not take one of these names.
    static let reservedPages = ["index", "search", "report", "glossary", "bibliography", "print"]
}

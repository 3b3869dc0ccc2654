import Foundation
import Mustache

/// How every page looks: the layout (a Mustache template) and the stylesheet. weave ships defaults
/// (`Site/Resources/page.mustache`, `weave.css`); a book overrides either with a file of the same name in
/// its `theme/` folder, as mdBook's `theme/` does (`weave theme` writes the defaults there to start from).
struct Theme: Sendable {
    static let folderName = "theme"
    static let templateName = "page.mustache"
    static let stylesheetName = "weave.css"
    /// The variables the layout is given; a tag naming anything else is a mistake (a warning at its line).
    static let variables: Set<String> = ["lang", "title", "bookTitle", "root", "chapters", "number", "href",
                                         "current", "outline", "pages", "content", "isIndex", "isChapter",
                                         "editions", "alternates", "name", "ui", "hasEditions"]

    var template: MustacheTemplate
    /// The template's path as shown to the user, and its text (part of the build stamp).
    var templatePath: String
    var templateText: String
    /// The stylesheet's file (the book's own or weave's).
    var stylesheet: URL
    /// What the theme warns about: unknown variables in the template.
    var warnings: [Diagnostic] = []

    /// The book's theme: its `theme/` files where they exist, weave's defaults for the rest.
    static func load(bookRoot: URL) throws -> Theme {
        let folder = bookRoot.appendingPathComponent(folderName)
        let fm = FileManager.default
        let resources = try SiteAssets.resourceFolder()
        let own = folder.appendingPathComponent(templateName)
        let templateURL = fm.fileExists(atPath: own.path) ? own : resources.appendingPathComponent(templateName)
        let shown = userPath(templateURL)
        let text: String
        do { text = try String(contentsOf: templateURL, encoding: .utf8) } catch {
            throw Diagnostic(file: shown, "cannot read the page template: \(Diagnostic.reason(error))", step: .read)
        }
        let template = try parse(text, path: shown)
        let ownStylesheet = folder.appendingPathComponent(stylesheetName)
        let stylesheet = fm.fileExists(atPath: ownStylesheet.path) ? ownStylesheet : resources.appendingPathComponent(stylesheetName)
        return Theme(template: template, templatePath: shown, templateText: text, stylesheet: stylesheet,
                     warnings: unknownVariables(text, path: shown))
    }

    /// Parses a template; a syntax error is a diagnostic at its line and column, and so is a template that
    /// never shows the page (`{{{content}}}`).
    static func parse(_ text: String, path: String) throws -> MustacheTemplate {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw Diagnostic(file: path, line: error.context.lineNumber, column: error.context.columnNumber,
                             "the page template does not parse: \(describe(error.error))",
                             notes: [error.context.line], step: .site)
        }
        let tags = tags(text)
        if let escaped = tags.first(where: { $0.sigil == "" && ($0.name == "content" || $0.name == "outline") }) {
            throw Diagnostic(file: path, line: escaped.line, column: escaped.column,
                             "{{\(escaped.name)}} would show the page's HTML as text: write {{{\(escaped.name)}}}",
                             step: .site)
        }
        guard tags.contains(where: { ($0.sigil == "{" || $0.sigil == "&") && $0.name == "content" }) else {
            throw Diagnostic(file: path, line: 1, column: 1,
                             "the page template never shows the page: it needs {{{content}}} (three braces: it is HTML)",
                             step: .site)
        }
        return template
    }

    /// Renders one page.
    func render(_ values: [String: Any]) -> String { template.render(values) }

    // MARK: Checking a template

    struct Tag { var sigil: String; var name: String; var line: Int; var column: Int }

    /// The template's tags (`{{name}}`, `{{{name}}}`, `{{#name}}`, …), comments and partials left out.
    static func tags(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var line = 1, column = 1
        let chars = Array(text)
        var index = 0
        while index < chars.count {
            if chars[index] == "{", index + 1 < chars.count, chars[index + 1] == "{" {
                let (startLine, startColumn) = (line, column)
                var end = index + 2
                while end + 1 < chars.count, !(chars[end] == "}" && chars[end + 1] == "}") { end += 1 }
                var body = String(chars[(index + 2)..<min(end, chars.count)]).trimmingCharacters(in: .whitespaces)
                var sigil = ""
                if let first = body.first, "{#^/&!>$<".contains(first) {
                    sigil = String(first)
                    body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
                }
                if sigil != "!" && sigil != ">" {
                    let name = body.split(separator: "(").last.map { String($0.prefix { $0 != ")" }) } ?? body
                    tags.append(Tag(sigil: sigil, name: name.trimmingCharacters(in: .whitespaces),
                                    line: startLine, column: startColumn))
                }
                let stop = min(end + 2 + (sigil == "{" && end + 2 < chars.count && chars[end + 2] == "}" ? 1 : 0), chars.count)
                for char in chars[index..<stop] {
                    if char == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = stop
                continue
            }
            if chars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        return tags
    }

    /// A warning for each tag that names no variable weave gives (a typo shows as a silently empty spot).
    static func unknownVariables(_ text: String, path: String) -> [Diagnostic] {
        tags(text).compactMap { tag in
            let root = String(tag.name.split(separator: ".").first ?? "")
            guard !root.isEmpty, root != ".", !variables.contains(root) else { return nil }
            return Diagnostic(file: path, line: tag.line, column: tag.column,
                              "the page template uses '\(tag.name)', which weave does not set (it has: \(variables.sorted().joined(separator: ", ")))",
                              step: .site).asWarning()
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not finished (a missing '}}'?)"
        case .expectedSectionEnd: "a section is never closed ({{#name}} needs {{/name}})"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: "a tag is not allowed inside an inherited section"
        case .textInsideInheritSection: "text is not allowed inside an inherited section"
        case .invalidConfigVariableSyntax: "a configuration tag is malformed"
        case .unrecognisedConfigVariable: "an unknown configuration variable"
        case nil: String(describing: error)
        }
    }

    /// Writes weave's default template and stylesheet into `bookRoot/theme/` (refusing to overwrite).
    static func export(to bookRoot: URL) throws -> [URL] {
        let folder = bookRoot.appendingPathComponent(folderName)
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let resources = try SiteAssets.resourceFolder()
        var written: [URL] = []
        for name in [templateName, stylesheetName] {
            let target = folder.appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) {
                throw Diagnostic(file: userPath(target), "already exists: weave theme writes only files that are not there yet")
            }
        }
        for name in [templateName, stylesheetName] {
            let target = folder.appendingPathComponent(name)
            try fm.copyItem(at: resources.appendingPathComponent(name), to: target)
            written.append(target)
        }
        return written
    }
}

/// `weave theme`: the public face of `Theme.export`.
public enum BookTheme {
    /// Writes weave's default `page.mustache` and `weave.css` into `bookRoot/theme/`; returns the files.
    public static func export(to bookRoot: URL) throws -> [URL] { try Theme.export(to: bookRoot) }
}

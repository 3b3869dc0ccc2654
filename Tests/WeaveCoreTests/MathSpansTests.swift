import Testing
@testable import WeaveCore

@Suite struct MathSpansTests {
    func spans(_ text: String, code: Set<Int> = []) throws -> MathSpans {
        try MathSpans(text, codeLines: code) { line, message in Diagnostic(line: line, message) }
    }

    @Test func inlineAndDisplayMathAreProtected() throws {
        let math = try spans(#"Let $a_i * b_i < c$ and $$\sum_{i} x_i^2$$ end."#)
        #expect(math.spans == [.init(tex: "a_i * b_i < c", display: false), .init(tex: #"\sum_{i} x_i^2"#, display: true)])
        #expect(!math.text.contains("_"))
        #expect(!math.text.contains("*"))
    }

    @Test func restoredMathIsEscapedAndUntouched() throws {
        let math = try spans("x $a<b$ y")
        let html = math.restore(in: "<p>\(math.text)</p>")
        #expect(html == #"<p>x <span class="math inline">a&lt;b</span> y</p>"#)
    }

    @Test func displayMathAloneReplacesParagraph() throws {
        let math = try spans("$$\nA = U \\Sigma V^T\n$$")
        let html = math.restore(in: "<p>\(math.text)</p>\n")
        #expect(html.hasPrefix(#"<div class="math display">"#))
        #expect(html.contains(#"\Sigma"#))
        #expect(!html.contains("<p>"))
    }

    @Test func dollarsThatAreNotMath() throws {
        #expect(try spans("costs $5 and $10 today").spans.isEmpty)
        #expect(try spans(#"an escaped \$x\$ here"#).spans.isEmpty)
        #expect(try spans("a lone $ sign").spans.isEmpty)
        #expect(try spans("$ spaced $").spans.isEmpty)
    }

    @Test func codeIsSkipped() throws {
        #expect(try spans("use `$x$` literally").spans.isEmpty)
        #expect(try spans("line one\n$x$ in code", code: [2]).spans.isEmpty)
        #expect(try spans("``a ` $b$ ``").spans.isEmpty)
    }

    @Test func inlineMathMayWrapOntoTheNextLine() throws {
        let math = try spans("the gap $\\|AB -\nBA\\|$ grows, and $x$ too")
        #expect(math.spans == [.init(tex: "\\|AB -\nBA\\|", display: false), .init(tex: "x", display: false)])
        #expect(math.text == "the gap WEAVEMATH0X\n grows, and WEAVEMATH1X too")
        // Not across a blank line, and not into code.
        #expect(try spans("a $x\n\ny$ b").spans.isEmpty)
        #expect(try spans("a $x\ny$ b", code: [2]).spans.isEmpty)
    }

    @Test func unclosedDisplayMathIsAnError() {
        #expect(throws: Diagnostic.self) { try spans("$$\nx = 1\n") }
        #expect(throws: Diagnostic.self) { try spans("$$ x\n\nmore") }
    }
}

import Testing
@testable import WeaveCore

@Suite struct BlockOptionsTests {
    func parse(_ text: String) throws -> BlockOptions {
        try BlockOptions.parse(text) { offset, message in Diagnostic(column: offset, message) }
    }

    @Test func parsesEveryOption() throws {
        let options = try parse(#" hide-code hide-output should-fail fig=decay caption="Gradient \"norm\" by layer" timeout=2.5 problem=3148065"#)
        #expect(options.hideCode)
        #expect(options.hideOutput)
        #expect(options.shouldFail)
        #expect(options.figureID == "decay")
        #expect(options.caption == #"Gradient "norm" by layer"#)
        #expect(options.timeout == 2.5)
        #expect(options.problemID == "3148065")
    }

    @Test func noOptionsIsDefault() throws {
        #expect(try parse("") == BlockOptions())
        #expect(try parse("   ") == BlockOptions())
    }

    @Test func unknownOptionNamesItAndSuggests() {
        #expect {
            try parse(" hide-cod")
        } throws: { error in
            let d = error as! Diagnostic
            return d.message.contains("unknown block option 'hide-cod'") && d.message.contains("did you mean 'hide-code'")
                && d.column == 1
        }
    }

    @Test func badValuesAreErrors() {
        #expect(throws: Diagnostic.self) { try parse("timeout=-1") }
        #expect(throws: Diagnostic.self) { try parse("timeout=abc") }
        #expect(throws: Diagnostic.self) { try parse("fig=") }
        #expect(throws: Diagnostic.self) { try parse("fig=has/slash") }
        #expect(throws: Diagnostic.self) { try parse("hide-code=yes") }
        #expect(throws: Diagnostic.self) { try parse(#"caption="unterminated"#) }
        #expect(throws: Diagnostic.self) { try parse(#"caption="no figure""#) }
    }

    @Test func canonicalFormDistinguishesOptions() throws {
        #expect(try parse("hide-code").canonical != (try parse("hide-output")).canonical)
        #expect(try parse("fig=a caption=\"x\"").canonical == (try parse("caption=\"x\" fig=a")).canonical)
    }
}

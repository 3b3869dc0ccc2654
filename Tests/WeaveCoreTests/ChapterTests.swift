import Foundation
import Testing
@testable import WeaveCore

@Suite struct ChapterTests {
    func chapter(_ text: String) throws -> Chapter {
        try Chapter(url: URL(fileURLWithPath: "/book/chapters/03-x.md"), displayPath: "chapters/03-x.md", text: text)
    }

    @Test func extractsExecBlocksWithLinesAndOptions() throws {
        let c = try chapter("""
        # Title

        ```swift-exec fig=a caption="A"
        let a = 1
        ```

        ```swift
        shown()
        ```

          ```swift-exec hide-code
          print(a)
          ```
        """)
        #expect(c.title == "Title")
        #expect(c.slug == "03-x")
        #expect(c.codeBlocks.count == 3)
        #expect(c.execBlocks.count == 2)
        #expect(c.execBlocks[0].line == 3)
        #expect(c.execBlocks[0].code == "let a = 1\n")
        #expect(c.execBlocks[0].options.figureID == "a")
        #expect(c.execBlocks[0].codeBlockIndex == 0)
        #expect(c.execBlocks[1].line == 11)
        #expect(c.execBlocks[1].codeBlockIndex == 2)
        #expect(c.execBlocks[1].options.hideCode)
        #expect(c.execBlocks[1].code == "print(a)\n")
    }

    @Test func unknownOptionReportsLineAndColumn() throws {
        #expect {
            try chapter("# T\n\ntext\n\n```swift-exec hide-code bogus\nx\n```\n")
        } throws: { error in
            let d = error as! Diagnostic
            // Line 5; "```swift-exec hide-code " is 24 characters, so 'bogus' starts at column 25.
            return d.file == "chapters/03-x.md" && d.line == 5 && d.column == 25 && d.message.contains("bogus")
        }
    }

    @Test func blocksInsideQuotesAndListsAreClosedAndPointAtTheFile() throws {
        // A fence closed inside a block quote is closed; an option error there names the file's column.
        let quoted = try chapter("# T\n\n> ```swift-exec\n> let q = 1\n> ```\n")
        #expect(quoted.execBlocks.count == 1 && quoted.execBlocks[0].code == "let q = 1\n")
        #expect {
            try chapter("# T\n\n> ```swift-exec bogus\n> x\n> ```\n")
        } throws: { error in
            // "> ```swift-exec " is 16 characters: 'bogus' starts at column 17.
            (error as! Diagnostic).column == 17
        }
        #expect {
            try chapter("# T\n\n- item\n\n  ```swift-exec bogus\n  x\n  ```\n")
        } throws: { error in
            // "  ```swift-exec " is 16 characters: 'bogus' starts at column 17.
            (error as! Diagnostic).column == 17
        }
    }

    @Test func unclosedFenceIsAnError() {
        #expect {
            try chapter("# T\n\n```swift-exec\nprint(1)\n\nmore text\n")
        } throws: { error in
            let d = error as! Diagnostic
            return d.line == 3 && d.message.contains("never closed")
        }
    }

    @Test func fenceClosedOnLastLineIsFine() throws {
        let c = try chapter("```swift-exec\nprint(1)\n```")
        #expect(c.execBlocks.count == 1)
    }

    @Test func invalidUTF8IsLocated() {
        let bytes: [UInt8] = Array("# ok\nline two \u{e9}\n".utf8) + [0xFF, 0x41]
        let (line, column) = Chapter.firstInvalidUTF8(Data(bytes))
        #expect(line == 3)
        #expect(column == 1)
        let (line2, column2) = Chapter.firstInvalidUTF8(Data([0x61, 0x62, 0xC3]))
        #expect(line2 == 1 && column2 == 3)
    }

    @Test func arbitraryMarkdownNeverCrashes() throws {
        let samples = ["", "```", "````\n```\n", "$$", "$", "| a |\n|---|\n| b |", "- [ ] task\n- [x] done",
                       "~~strike~~ https://example.org", "<div>\n```swift-exec\n", "# \n#\n", String(repeating: "[", count: 5000),
                       "> ```swift-exec\n> print(1)\n> ```\n"]
        for sample in samples {
            _ = try? chapter(sample)
        }
        // And random documents built from Markdown's special characters (seeded, so failures reproduce).
        var state: UInt64 = 0x9E3779B97F4A7C15
        let alphabet = Array("`$*_[]()<>#|-~\\!\n \tab12é中")
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<200 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            if let parsed = try? chapter(text) {
                _ = try? MathSpans(parsed.text, codeLines: parsed.codeLines) { Diagnostic(line: $0, $1) }
            }
        }
    }
}

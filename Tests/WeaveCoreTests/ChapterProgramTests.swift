import Foundation
import Testing
@testable import WeaveCore

@Suite struct ChapterProgramTests {
    let chapter = try! Chapter(url: URL(fileURLWithPath: "/b/chapters/01-a.md"), displayPath: "chapters/01-a.md", text: """
        # A

        ```swift-exec fig=f1
        let x = 1
        ```

        text

        ```swift-exec
        print(x)
        ```
        """)

    @Test func blocksAreOneProgramWithSourceLocations() {
        let source = ChapterProgram(chapter: chapter).source
        #expect(source.contains("import WeaveKit"))
        #expect(source.contains("WeaveRuntime.beginBlock(0, figureID: \"f1\")\n#sourceLocation(file: \"chapters/01-a.md\", line: 4)\nlet x = 1\n#sourceLocation()"))
        #expect(source.contains("WeaveRuntime.beginBlock(1, figureID: nil)\n#sourceLocation(file: \"chapters/01-a.md\", line: 10)\nprint(x)"))
        #expect(source.hasSuffix("WeaveRuntime.endChapter()\n"))
    }

    @Test func codeInsideAListKeepsTheFileColumns() throws {
        let nested = try Chapter(url: URL(fileURLWithPath: "/b/chapters/02-b.md"), displayPath: "chapters/02-b.md", text: """
            1. A step:

               ```swift-exec
               let s = \"""
                 indented
                 \"""

               print(s)
               ```

            > ```swift-exec
            > let q = 2
            > ```
            """)
        // cmark removes the list item's three spaces; the program keeps them (the blank line stays blank).
        #expect(nested.execBlocks[0].code.hasPrefix("let s = \"\"\"\n  indented\n"))
        #expect(nested.execBlocks[0].programCode == "   let s = \"\"\"\n     indented\n     \"\"\"\n\n   print(s)\n")
        // A block quote's marker is not whitespace: the line stays as cmark gives it.
        #expect(nested.execBlocks[1].programCode == "let q = 2\n")
        let source = ChapterProgram(chapter: nested).source
        #expect(source.contains("line: 4)\n   let s = "))
    }

    @Test func codeWhoseIndentationCmarkRewroteStaysAsCmarkGivesIt() throws {
        // The string's content line is indented with a tab, which cmark expands: re-indenting only the
        // other lines would leave it less indented than the closing delimiter. The block stays whole.
        let tabbed = try Chapter(url: URL(fileURLWithPath: "/b/chapters/03-c.md"), displayPath: "chapters/03-c.md",
                                 text: "- item\n\n  ```swift-exec\n  let s = \"\"\"\n\t  hi\n    \"\"\"\n  ```\n")
        #expect(tabbed.execBlocks[0].programCode == tabbed.execBlocks[0].code)
        // The fence sits 3 spaces deeper than the item's content: cmark removes up to 5 spaces, so the
        // 3-space line loses 3 and the 6-space line 5. Restoring both would change their relative indentation.
        let deep = try Chapter(url: URL(fileURLWithPath: "/b/chapters/03-c.md"), displayPath: "chapters/03-c.md",
                               text: "- item\n\n     ```swift-exec\n   let a = 1\n      let b = 2\n     ```\n")
        #expect(deep.execBlocks[0].code == "let a = 1\n let b = 2\n")
        #expect(deep.execBlocks[0].programCode == deep.execBlocks[0].code)
    }

    @Test func windowsLineEndsAreReadAsLineEnds() throws {
        let crlf = try Chapter(url: URL(fileURLWithPath: "/b/chapters/04-d.md"), displayPath: "chapters/04-d.md",
                               text: "# D\r\n\r\n- step\r\n\r\n  ```swift-exec\r\n  let x = 1\r\n  ```\r\n")
        #expect(crlf.execBlocks.count == 1)
        #expect(crlf.execBlocks[0].line == 5)
        #expect(crlf.execBlocks[0].programCode == "  let x = 1\n")
    }

    @Test func skippedBlocksKeepTheirBoundary() {
        let source = ChapterProgram(chapter: chapter, skipping: [0]).source
        #expect(source.contains("WeaveRuntime.beginBlock(0, figureID: \"f1\")\nWeaveRuntime.beginBlock(1"))
        #expect(!source.contains("let x = 1"))
    }

    @Test func compilerDiagnosticsAreGroupedByLine() {
        let output = """
        chapters/01-a.md:10:7: error: cannot find 'y' in scope
         10 | print(y)
            |       `- error: cannot find 'y' in scope
        chapters/01-a.md:4:5: warning: never used
        """
        let diagnostics = CompilerDiagnostics(output, chapterPath: "chapters/01-a.md", generatedPath: "/tmp/main.swift")
        #expect(diagnostics.errors.count == 1)
        #expect(diagnostics.errors[0].line == 10 && diagnostics.errors[0].column == 7)
        #expect(diagnostics.text.contains("cannot find 'y'"))
        #expect(!diagnostics.text.contains("never used"))
    }
}

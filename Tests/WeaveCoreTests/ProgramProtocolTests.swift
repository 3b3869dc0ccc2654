import Testing
import WeaveProtocol
@testable import WeaveCore

@Suite struct ProgramProtocolTests {
    @Test func markersRoundTripThroughTheirText() {
        for marker: ProgramMarker in [.block(0), .block(41), .figure("decay.svg"), .figure("a b.svg"), .end, .blas("Zen")] {
            #expect(ProgramMarker(text: marker.text) == marker)
            #expect(marker.line(nonce: "n").hasPrefix(ProgramMarker.prefix(nonce: "n")))
            #expect(marker.line(nonce: "n").hasSuffix("\n"))
        }
        for text in ["block", "block -1", "block x", "figure", "figure ", "end now", "blas", "nope 1", ""] {
            #expect(ProgramMarker(text: text) == nil)
        }
    }

    /// What the runtime prints is what the collector reads: both sides use the same `ProgramMarker`.
    @Test func theCollectorReadsWhatTheRuntimeWrites() {
        let collector = OutputCollector(nonce: "abc")
        let stream = ProgramMarker.blas("Haswell").line(nonce: "abc") + ProgramMarker.block(0).line(nonce: "abc")
            + "x\n" + ProgramMarker.figure("f.svg").line(nonce: "abc") + ProgramMarker.end.line(nonce: "abc")
        collector.feed(Array(stream.utf8))
        collector.finish()
        #expect(collector.output(of: 0).text == "x\n")
        #expect(collector.blocks[0]?.figures == ["f.svg"])
        #expect(collector.blasCore == "Haswell")
        #expect(collector.finished)
    }

    /// An automatic figure name can never be a figure id (ids have no '.'), so a block's `fig=curve-2` does
    /// not overwrite the second figure of a block with `fig=curve`.
    @Test func automaticFigureNamesCannotBeIDs() throws {
        let second = FigureNaming.name(figureID: "curve", chapter: "01-a", block: 0, k: 2)
        let unnamed = FigureNaming.name(figureID: nil, chapter: "01-a", block: 2, k: 1)
        #expect(FigureNaming.name(figureID: "curve", chapter: "01-a", block: 0, k: 1) == "curve")
        #expect(second == "curve.2")
        #expect(unnamed == "01-a.block3.1")
        for name in [second, unnamed] {
            #expect(throws: Diagnostic.self) { try BlockOptions.parse("fig=\(name)") { Diagnostic(column: $0, $1) } }
        }
    }
}

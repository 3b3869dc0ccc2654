import Foundation
import Testing
@testable import WeaveCore

@Suite struct SHA256Tests {
    // NIST FIPS 180-4 examples.
    @Test func knownVectors() {
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(of: String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct OutputCollectorTests {
    @Test func splitsOutputAtMarkersEvenAcrossChunks() {
        let collector = OutputCollector(nonce: "n1")
        let stream = Array("pre\n\u{1E}WEAVEn1 block 0\nzero\n\u{1E}WEAVEn1 block 1\none\n\u{1E}WEAVEn1 figure f.svg\nmore\n\u{1E}WEAVEn1 end\n".utf8)
        // Feed one byte at a time: markers must be found whatever the chunking.
        for byte in stream { collector.feed([byte]) }
        collector.finish()
        #expect(collector.output(of: 0).text == "pre\nzero\n")
        #expect(collector.output(of: 1).text == "one\nmore\n")
        #expect(collector.blocks[1]?.figures == ["f.svg"])
        #expect(collector.finished)
    }

    @Test func theProgramReportsItsOpenBLASKernels() {
        let collector = OutputCollector(nonce: "n1")
        collector.feed(Array("\u{1E}WEAVEn1 blas Prescott\n\u{1E}WEAVEn1 block 0\nx\n\u{1E}WEAVEn1 end\n".utf8))
        collector.finish()
        #expect(collector.blasCore == "Prescott")
        #expect(collector.output(of: 0).text == "x\n")
    }

    @Test func theReportCallsAGenericKernelSetOnAModernCPUAFallback() {
        var machine = BuildMachine(cpu: "Some CPU", cores: 2, toolchain: "Swift 6", flags: ["-O"], libraries: [],
                                   settings: "", blasCores: ["Prescott"], cpuHasAVX2: true)
        #expect(machine.html().contains("<li>OpenBLAS kernels: <code>Prescott</code> — a generic fallback"))
        machine.blasCores = ["SkylakeX"]
        #expect(machine.html().contains("<li>OpenBLAS kernels: <code>SkylakeX</code></li>"))
        machine.blasCores = ["Prescott"]
        machine.settings = "OPENBLAS_CORETYPE=Prescott"   // chosen on purpose: no warning
        #expect(!machine.html().contains("fallback"))
        machine.settings = ""
        machine.cpuHasAVX2 = false   // an old CPU: Prescott kernels are what fits it
        #expect(!machine.html().contains("fallback"))
    }

    @Test func markersWithAnotherNonceAreOutput() {
        let collector = OutputCollector(nonce: "real")
        collector.feed(Array("\u{1E}WEAVEn1 block 0\n\u{1E}WEAVEreal block 0\nx\n".utf8))
        collector.finish()
        #expect(collector.output(of: 0).text == "\u{1E}WEAVEn1 block 0\nx\n")
    }

    @Test func outputIsCutAtTheLimitAndCounted() {
        let collector = OutputCollector(nonce: "n", limit: 10)
        collector.feed(Array("\u{1E}WEAVEn block 0\n".utf8))
        collector.feed(Array(repeating: UInt8(ascii: "x"), count: 25))
        collector.finish()
        let (text, omitted, cutAt) = collector.output(of: 0)
        #expect(text == String(repeating: "x", count: 10))
        #expect(omitted == 15)
        #expect(cutAt == 8)
    }

    /// The end of a long output is kept as well as its beginning, whatever the chunking: a trap's message,
    /// printed last, survives.
    @Test func theEndOfACutOutputIsKept() {
        let lines = (0..<5000).map { "line \($0)\n" }.joined() + "Fatal error: matmul: shapes 2×3 and 2×3 do not conform\n"
        for chunk in [1, 7, 4096, 1 << 20] {
            let collector = OutputCollector(nonce: "n", limit: 400)
            collector.feed(Array("\u{1E}WEAVEn block 0\n".utf8))
            let bytes = Array(lines.utf8)
            for start in stride(from: 0, to: bytes.count, by: chunk) { collector.feed(Array(bytes[start..<min(bytes.count, start + chunk)])) }
            collector.finish()
            let (text, omitted, cutAt) = collector.output(of: 0)
            #expect(text.hasPrefix("line 0\nline 1\n"))
            #expect(text.hasSuffix("Fatal error: matmul: shapes 2×3 and 2×3 do not conform\n"))
            #expect(text.utf8.count + omitted == bytes.count)
            #expect(cutAt == 300)
            #expect(CrashReport.trapMessage(in: text) == "Fatal error: matmul: shapes 2×3 and 2×3 do not conform")
        }
    }

    @Test func cutNeverSplitsACharacter() {
        #expect(OutputCollector.decodeTruncated(Array("ab\u{e9}".utf8).dropLast()) == "ab")
        #expect(OutputCollector.decodeTruncated(Array("ab\u{1F600}".utf8).dropLast(2)) == "ab")
        #expect(OutputCollector.decodeTruncated(Array("ab\u{e9}".utf8)) == "ab\u{e9}")
    }
}

@Suite struct HTMLTests {
    @Test func escapesAndSlugs() {
        #expect(HTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.slug("The Engine Room: y = Wx") == "the-engine-room-y-wx")
        #expect(HTML.slug("矩阵乘法") == "矩阵乘法")
        #expect(HTML.slug("!!!") == "section")
    }

    @Test func chapterLinksBecomePages() {
        #expect(PageRenderer.rewriteChapterLink("02-x.md") == "02-x.html")
        #expect(PageRenderer.rewriteChapterLink("02-x.md#sec") == "02-x.html#sec")
        #expect(PageRenderer.rewriteChapterLink("https://a.org/x.md") == "https://a.org/x.md")
        #expect(PageRenderer.rewriteChapterLink("#local") == "#local")
    }
}

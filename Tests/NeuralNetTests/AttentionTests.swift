import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite("Self-attention") struct AttentionTests {
    @Test("the attention matrix is row-stochastic and equals softmax(QKᵀ/√d_k) computed by hand")
    func attentionMatrix() {
        var g = SeededGenerator(seed: 50)
        let wq = gaussianMatrix(6, 4, &g), wk = gaussianMatrix(6, 4, &g), wv = gaussianMatrix(6, 4, &g)
        let layer = SelfAttention(queryWeight: wq, keyWeight: wk, valueWeight: wv)
        let x = gaussianMatrix(5, 6, &g)
        let output = layer(x).value
        let a = try! #require(layer.attention)
        let scores = ((x * wq) * (x * wk).transposed()) / 2   // √4 = 2
        for i in 0..<5 {
            let row = scores.row(i)
            let largest = row.max()!
            let e = row.map { naturalExp($0 - largest) }
            let total = e.reduce(0, +)
            for j in 0..<5 { #expect(abs(a[i, j] - e[j] / total) < 1e-14) }
            #expect(abs(a.row(i).reduce(0, +) - 1) < 1e-14)
        }
        #expect((output - a * (x * wv)).maxAbs() < 1e-13)
    }

    @Test("causal attention puts no weight on later tokens")
    func causal() {
        var g = SeededGenerator(seed: 51)
        let layer = SelfAttention(queryWeight: gaussianMatrix(3, 2, &g), keyWeight: gaussianMatrix(3, 2, &g),
                                  valueWeight: gaussianMatrix(3, 2, &g), causal: true)
        _ = layer(gaussianMatrix(4, 3, &g))
        let a = layer.attention!
        for i in 0..<4 { for j in 0..<4 where j > i { #expect(a[i, j] == 0) } }
        #expect(a[0, 0] == 1)
    }
}

/// eˣ by argument halving and a Taylor series (test-only; keeps the tests free of libm).
func naturalExp(_ x: Double) -> Double {
    var y = x, halvings = 0
    while abs(y) > 0.01 { y /= 2; halvings += 1 }
    var term = 1.0, sum = 1.0
    for n in 1..<12 { term *= y / Double(n); sum += term }
    for _ in 0..<halvings { sum *= sum }
    return sum
}

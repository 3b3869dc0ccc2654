import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite("Self-attention") struct AttentionTests {
    struct AttentionMatrix: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) throws {
            var g = Samples<S>(seed: 50)
            let wq = g.matrix(6, 4), wk = g.matrix(6, 4), wv = g.matrix(6, 4)
            let layer = SelfAttention(queryWeight: wq, keyWeight: wk, valueWeight: wv)
            let x = g.matrix(5, 6)
            let output = layer(x).value
            let a = try #require(layer.attention).converted(to: Double.self)
            // The reference softmax in Double, of the scores as this precision computes them.
            let scores = (((x * wq) * (x * wk).transposed()) / 2).converted(to: Double.self)   // √4 = 2
            let tolerance = S.bound(double: 1e-14, float: 1e-5)
            for i in 0..<5 {
                let row = scores.row(i)
                let largest = row.max()!
                let e = row.map { naturalExp($0 - largest) }
                let total = e.reduce(0, +)
                for j in 0..<5 { #expect(abs(a[i, j] - e[j] / total) < tolerance) }
                #expect(abs(a.row(i).reduce(0, +) - 1) < tolerance)
            }
            let difference = (output - layer.attention! * (x * wv)).maxAbs()
            #expect(Double(difference) < S.bound(double: 1e-13, float: 5e-5))
        }
    }

    @Test("the attention matrix is row-stochastic and equals softmax(QKᵀ/√d_k) computed by hand",
          arguments: Precision.allCases)
    func attentionMatrix(precision: Precision) throws { try precision.run(AttentionMatrix()) }

    struct Causal: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 51)
            let layer = SelfAttention(queryWeight: g.matrix(3, 2), keyWeight: g.matrix(3, 2),
                                      valueWeight: g.matrix(3, 2), causal: true)
            _ = layer(g.matrix(4, 3))
            let a = layer.attention!
            for i in 0..<4 { for j in 0..<4 where j > i { #expect(a[i, j] == 0) } }
            #expect(a[0, 0] == 1)
        }
    }

    @Test("causal attention puts no weight on later tokens", arguments: Precision.allCases)
    func causal(precision: Precision) throws { try precision.run(Causal()) }
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

import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite("Embedding") struct EmbeddingTests {
    struct SparseEqualsOneHot: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) throws {
            var g = Samples<S>(seed: 20)
            let vocabulary = 50, dimension = 8
            let table = g.matrix(vocabulary, dimension)
            let sparse = Embedding(table: table, name: "sparse"), dense = Embedding(table: table, name: "dense")
            // Each index at most twice: a sum of two terms is the same in any order, so the scatter-add and
            // gemm's accumulation agree bit for bit (products with 0 and 1 are exact).
            let indices = [3, 17, 3, 42, 0, 49, 17, 8]
            let upstream = Tensor(g.matrix(indices.count, dimension))

            let forwardSparse = sparse(indices), forwardDense = dense.oneHotProduct(indices)
            #expect(forwardSparse.value == forwardDense.value)
            forwardSparse.hadamard(upstream).sum().backward()
            forwardDense.hadamard(upstream).sum().backward()
            let sparseGradient = try #require(sparse.table.gradient)
            let denseGradient = try #require(dense.table.gradient)
            #expect(sparseGradient == denseGradient)
            #expect(sparse.table.touchedRows == Set(indices))
            #expect(dense.table.touchedRows == nil)
            for row in 0..<vocabulary where !indices.contains(row) {
                #expect(sparseGradient.row(row).allSatisfy { $0 == 0 })
            }
        }
    }

    @Test("gather equals the one-hot product exactly, forward and backward", arguments: Precision.allCases)
    func sparseEqualsOneHot(precision: Precision) throws { try precision.run(SparseEqualsOneHot()) }

    struct RowSparseUpdates: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 21)
            let embedding = Embedding(table: g.matrix(10, 4))
            let before = embedding.table.value
            let optimizer = SGD(parameters: embedding.parameters, learningRate: 0.1)
            embedding([2, 7]).sum().backward()
            optimizer.step()
            for row in 0..<10 {
                let changed = embedding.table.value.row(row) != before.row(row)
                #expect(changed == [2, 7].contains(row), "row \(row)")
            }
            optimizer.zeroGradients()
            #expect(embedding.table.touchedRows == [])
            #expect(embedding.table.gradient == nil)
            // The buffer is kept for the next step, zeroed only in the two rows used.
            #expect(embedding.table.bufferIsZero)
            #expect(embedding.table.gradientBuffer! == Matrix(rows: 10, columns: 4, repeating: 0))
            embedding([5]).sum().backward()
            #expect(embedding.table.touchedRows == [5])
        }
    }

    @Test("zeroGradient clears only the touched rows and keeps the buffer; SGD updates only those rows",
          arguments: Precision.allCases)
    func rowSparseUpdates(precision: Precision) throws { try precision.run(RowSparseUpdates()) }
}

@Suite("Gradient buffers") struct GradientBufferTests {
    struct Reuse: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 22)
            let w = Tensor.parameter(g.matrix(4, 3), name: "w")
            let x = Tensor(g.matrix(5, 4))
            x.matmul(w).tanh().sum().backward()
            let first = w.gradient!
            w.zeroGradient()
            #expect(w.gradient == nil)
            x.matmul(w).tanh().sum().backward()
            #expect(w.gradient! == first)                 // written over the stale buffer with β = 0
            x.matmul(w).tanh().sum().backward()
            // accumulates without zeroGradient
            #expect(Double((w.gradient! - 2 * first).maxAbs()) < S.bound(double: 1e-15, float: 1e-6))
            w.zeroGradient()
            w.value = g.matrix(4, 2)
            x.matmul(w).sum().backward()
            #expect(w.gradient!.rows == 4 && w.gradient!.columns == 2)
        }
    }

    @Test("a reused gradient buffer gives the same gradient as a fresh one, also after the value changes shape",
          arguments: Precision.allCases)
    func reuse(precision: Precision) throws { try precision.run(Reuse()) }
}

import LinearAlgebra
@testable import NeuralNet
import Testing

/// Bad shapes stop the program with a message that names the layer and the shapes. These run in a
/// child process (Swift Testing exit tests) and read its standard error.
@Suite("Shape errors") struct ShapeErrorTests {
    @Test("Linear names itself and both shapes")
    func linearMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Linear<Double>(weight: Matrix(rows: 3, columns: 2, repeating: 1), name: "fc7")
            _ = layer(Matrix<Double>(rows: 4, columns: 5, repeating: 1))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Linear 'fc7'") && message.contains("4×5") && message.contains("3×2"), "\(message)")
    }

    @Test("Residual names the block when the body changes the shape")
    func residualMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let block = Residual<Double>(Linear(weight: Matrix(rows: 3, columns: 2, repeating: 1), name: "narrow"), name: "res2")
            _ = block(Matrix<Double>(rows: 4, columns: 3, repeating: 1))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Residual 'res2'") && message.contains("4×3") && message.contains("4×2"), "\(message)")
    }

    @Test("elementwise operations name the operation and both shapes")
    func addMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor<Double>(Matrix(rows: 2, columns: 3, repeating: 1))
            let b = Tensor<Double>(Matrix(rows: 3, columns: 2, repeating: 1))
            _ = a + b
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("add") && message.contains("2×3") && message.contains("3×2"), "\(message)")
    }

    @Test("Convolution names itself, the input shape and the geometry")
    func convolutionMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let geometry = ConvolutionGeometry(inputHeight: 4, inputWidth: 4, inputChannels: 2, kernelHeight: 3, kernelWidth: 3)
            let layer = Convolution<Double>(geometry: geometry, kernel: Matrix(rows: 18, columns: 1, repeating: 1), name: "conv1")
            _ = layer(Matrix<Double>(rows: 2, columns: 16, repeating: 1))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Convolution 'conv1'") && message.contains("2×16") && message.contains("32 columns"), "\(message)")
    }

    @Test("SelfAttention names itself and the shapes")
    func attentionMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Matrix<Double>(rows: 4, columns: 2, repeating: 1)
            let layer = SelfAttention(queryWeight: w, keyWeight: w, valueWeight: w, name: "attn")
            _ = layer(Matrix<Double>(rows: 3, columns: 5, repeating: 1))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("SelfAttention 'attn'") && message.contains("3×5") && message.contains("4×2"), "\(message)")
    }

    @Test("Embedding names itself and the bad index")
    func embeddingIndex() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Embedding<Double>(table: Matrix(rows: 10, columns: 3, repeating: 1), name: "tokens")
            _ = layer([1, 10])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Embedding 'tokens'") && message.contains("index 10") && message.contains("0..<10"), "\(message)")
    }

    @Test("backward() on a non-scalar without a seed says so")
    func backwardNeedsScalar() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Tensor<Double>.parameter(Matrix(rows: 2, columns: 2, repeating: 1), name: "w")
            w.relu().backward()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("1×1") && message.contains("2×2"), "\(message)")
    }
}

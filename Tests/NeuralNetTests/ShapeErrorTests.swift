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
}

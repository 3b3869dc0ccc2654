import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite("Convolution") struct ConvolutionTests {
    static let geometries: [ConvolutionGeometry] = [
        ConvolutionGeometry(inputLength: 16, inputChannels: 1, kernelSize: 3),
        ConvolutionGeometry(inputLength: 20, inputChannels: 3, kernelSize: 5, stride: 2, padding: 2),
        ConvolutionGeometry(inputHeight: 6, inputWidth: 6, inputChannels: 1, kernelHeight: 3, kernelWidth: 3),
        ConvolutionGeometry(inputHeight: 7, inputWidth: 5, inputChannels: 3, kernelHeight: 3, kernelWidth: 2,
                            strideHeight: 2, strideWidth: 1, paddingHeight: 1, paddingWidth: 0),
        ConvolutionGeometry(inputHeight: 8, inputWidth: 8, inputChannels: 4, kernelHeight: 5, kernelWidth: 5,
                            strideHeight: 3, strideWidth: 3, paddingHeight: 2, paddingWidth: 2),
    ]

    struct Im2colEqualsDirect: GenericCheck {
        let geometry: ConvolutionGeometry
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 30)
            let layer = Convolution(geometry: geometry, kernel: g.matrix(geometry.patchSize, 5),
                                    bias: g.matrix(1, 5), name: "conv")
            let images = g.matrix(3, geometry.inputSize)
            let viaProduct = layer(images).value
            let direct = layer.directForward(images)
            #expect(viaProduct.rows == direct.rows && viaProduct.columns == direct.columns)
            // Same products summed in a different order: agreement to a few ulps of the patch size.
            let error = Double((viaProduct - direct).maxAbs())
            #expect(error <= S.bound(double: 1e-13, float: 5e-5) * Double(geometry.patchSize),
                    "\(S.scalarName): max error \(error) for \(geometry)")
        }
    }

    @Test("im2col convolution equals the direct loops", arguments: Precision.allCases, geometries)
    func im2colEqualsDirect(precision: Precision, geometry: ConvolutionGeometry) throws {
        try precision.run(Im2colEqualsDirect(geometry: geometry))
    }

    @Test("the output shape follows ⌊(n + 2p − k)/s⌋ + 1")
    func outputShape() {
        let g = ConvolutionGeometry(inputHeight: 7, inputWidth: 5, inputChannels: 3, kernelHeight: 3, kernelWidth: 2,
                                    strideHeight: 2, strideWidth: 1, paddingHeight: 1, paddingWidth: 0)
        #expect(g.outputHeight == 4 && g.outputWidth == 4 && g.patchSize == 18)
    }

    struct Adjoint: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 31)
            let geometry = ConvolutionTests.geometries[4]
            let x = g.matrix(2, geometry.inputSize)
            let y = g.matrix(2 * geometry.outputPositions, geometry.patchSize)
            let left = Double(geometry.imagesToColumns(x).hadamard(y).sum())
            let right = Double(x.hadamard(geometry.columnsToImages(y, batch: 2)).sum())
            #expect(abs(left - right) <= S.bound(double: 1e-12, float: 5e-4) * abs(left))
        }
    }

    @Test("col2im is the adjoint of im2col: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩", arguments: Precision.allCases)
    func adjoint(precision: Precision) throws { try precision.run(Adjoint()) }
}

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

    @Test("im2col convolution equals the direct loops", arguments: geometries)
    func im2colEqualsDirect(geometry: ConvolutionGeometry) {
        var g = SeededGenerator(seed: 30)
        let layer = Convolution(geometry: geometry, kernel: gaussianMatrix(geometry.patchSize, 5, &g),
                                bias: gaussianMatrix(1, 5, &g), name: "conv")
        let images = gaussianMatrix(3, geometry.inputSize, &g)
        let viaProduct = layer(images).value
        let direct = layer.directForward(images)
        #expect(viaProduct.rows == direct.rows && viaProduct.columns == direct.columns)
        // Same products summed in a different order: agreement to a few ulps of the patch size.
        let error = (viaProduct - direct).maxAbs()
        #expect(error <= 1e-13 * Double(geometry.patchSize), "max error \(error) for \(geometry)")
    }

    @Test("the output shape follows ⌊(n + 2p − k)/s⌋ + 1")
    func outputShape() {
        let g = ConvolutionGeometry(inputHeight: 7, inputWidth: 5, inputChannels: 3, kernelHeight: 3, kernelWidth: 2,
                                    strideHeight: 2, strideWidth: 1, paddingHeight: 1, paddingWidth: 0)
        #expect(g.outputHeight == 4 && g.outputWidth == 4 && g.patchSize == 18)
    }

    @Test("col2im is the adjoint of im2col: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩")
    func adjoint() {
        var g = SeededGenerator(seed: 31)
        let geometry = Self.geometries[4]
        let x = gaussianMatrix(2, geometry.inputSize, &g)
        let y = gaussianMatrix(2 * geometry.outputPositions, geometry.patchSize, &g)
        let left = geometry.imagesToColumns(x).hadamard(y).sum()
        let right = x.hadamard(geometry.columnsToImages(y, batch: 2)).sum()
        #expect(abs(left - right) <= 1e-12 * abs(left))
    }
}

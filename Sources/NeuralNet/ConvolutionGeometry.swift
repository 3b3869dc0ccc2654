import LinearAlgebra

/// The shape arithmetic of a 2-D convolution (1-D is the case `inputHeight == 1`, `kernelHeight == 1`),
/// and the im2col unfolding that turns the convolution into one matrix product.
///
/// **Layout.** A batch of images is a matrix with one image per row, each row holding the pixels in
/// height, width, channel order ("channels last"): element (y, x, c) of an image is at column
/// `(y·inputWidth + x)·inputChannels + c`. With this layout the product
/// `im2col(X) · K` — (batch·outH·outW) × outputChannels — *is* the output batch in the same layout,
/// reshaped to batch × (outH·outW·outputChannels), without moving any data.
///
/// **im2col** (Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for Document
/// Processing", 2006): row (b, oy, ox) of the unfolded matrix lists the receptive field of output
/// position (oy, ox) of image b, in (ky, kx, c) order, with zeros where the field hangs over the padding.
/// The convolution is then one gemm with the kernel matrix K of shape (kh·kw·inputChannels) × outputChannels.
/// Like every deep-learning library this computes a cross-correlation (the kernel is not flipped).
public struct ConvolutionGeometry: Sendable, Equatable, CustomStringConvertible {
    /// The size of one input image: height, width, channels.
    public var inputHeight: Int, inputWidth: Int, inputChannels: Int
    /// The size of the kernel window.
    public var kernelHeight: Int, kernelWidth: Int
    /// The step between windows along each axis.
    public var strideHeight: Int, strideWidth: Int
    /// Zeros added on each side along each axis.
    public var paddingHeight: Int, paddingWidth: Int

    /// A 2-D geometry; stride and zero padding apply to both axes unless given per axis.
    public init(inputHeight: Int, inputWidth: Int, inputChannels: Int, kernelHeight: Int, kernelWidth: Int,
                strideHeight: Int = 1, strideWidth: Int = 1, paddingHeight: Int = 0, paddingWidth: Int = 0) {
        precondition(inputHeight > 0 && inputWidth > 0 && inputChannels > 0 && kernelHeight > 0 && kernelWidth > 0
                     && strideHeight > 0 && strideWidth > 0 && paddingHeight >= 0 && paddingWidth >= 0,
                     "ConvolutionGeometry: sizes and strides must be positive, padding non-negative")
        self.inputHeight = inputHeight; self.inputWidth = inputWidth; self.inputChannels = inputChannels
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight; self.strideWidth = strideWidth
        self.paddingHeight = paddingHeight; self.paddingWidth = paddingWidth
        precondition(outputHeight > 0 && outputWidth > 0,
                     "ConvolutionGeometry: kernel \(kernelHeight)×\(kernelWidth) does not fit the padded input \(inputHeight + 2 * paddingHeight)×\(inputWidth + 2 * paddingWidth)")
    }

    /// A 1-D geometry: signals of `inputLength` samples with `inputChannels` channels.
    public init(inputLength: Int, inputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0) {
        self.init(inputHeight: 1, inputWidth: inputLength, inputChannels: inputChannels,
                  kernelHeight: 1, kernelWidth: kernelSize, strideHeight: 1, strideWidth: stride,
                  paddingHeight: 0, paddingWidth: padding)
    }

    /// ⌊(H + 2p − k)/s⌋ + 1.
    public var outputHeight: Int { (inputHeight + 2 * paddingHeight - kernelHeight) / strideHeight + 1 }
    /// ⌊(W + 2p − k)/s⌋ + 1.
    public var outputWidth: Int { (inputWidth + 2 * paddingWidth - kernelWidth) / strideWidth + 1 }
    /// Columns of one input image: H·W·C.
    public var inputSize: Int { inputHeight * inputWidth * inputChannels }
    /// Columns of the unfolded matrix and rows of the kernel matrix: kh·kw·C.
    public var patchSize: Int { kernelHeight * kernelWidth * inputChannels }
    /// Output positions per image: outH·outW.
    public var outputPositions: Int { outputHeight * outputWidth }

    /// A one-line summary of the geometry.
    public var description: String {
        "\(inputHeight)×\(inputWidth)×\(inputChannels) input, \(kernelHeight)×\(kernelWidth) kernel, "
            + "stride \(strideHeight)×\(strideWidth), padding \(paddingHeight)×\(paddingWidth)"
    }

    /// Calls `body(row, column, sourceIndex)` for each entry of the unfolded matrix of one image that
    /// comes from the input (padding entries are skipped); `row` is the output position.
    @inline(__always)
    func forEachPatchEntry(_ body: (Int, Int, Int) -> Void) {
        let c = inputChannels
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let row = oy * outputWidth + ox
                for ky in 0..<kernelHeight {
                    let iy = oy * strideHeight - paddingHeight + ky
                    if iy < 0 || iy >= inputHeight { continue }
                    for kx in 0..<kernelWidth {
                        let ix = ox * strideWidth - paddingWidth + kx
                        if ix < 0 || ix >= inputWidth { continue }
                        let column = (ky * kernelWidth + kx) * c
                        let source = (iy * inputWidth + ix) * c
                        body(row, column, source)
                    }
                }
            }
        }
    }

    /// Unfolds a batch (batch × inputSize) into (batch·outputPositions) × patchSize.
    public func imagesToColumns<Scalar: NeuralScalar>(_ images: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(images.columns == inputSize,
                     "im2col: each image row must have \(inputSize) columns for \(self), got \(images.shapeDescription)")
        let batch = images.rows, positions = outputPositions, width = patchSize, c = inputChannels
        var out = Matrix<Scalar>(rows: batch * positions, columns: width, repeating: 0)
        images.withUnsafeElements { src in
            out.withUnsafeMutableElements { dst in
                for b in 0..<batch {
                    let imageBase = b * inputSize, rowBase = b * positions
                    forEachPatchEntry { row, column, source in
                        let d = (rowBase + row) * width + column, s = imageBase + source
                        for k in 0..<c { dst[d + k] = src[s + k] }
                    }
                }
            }
        }
        return out
    }

    /// The adjoint of ``imagesToColumns(_:)`` (col2im): adds every unfolded entry back onto the pixel
    /// it came from, giving batch × inputSize. This is the backward rule of im2col.
    public func columnsToImages<Scalar: NeuralScalar>(_ columns: Matrix<Scalar>, batch: Int) -> Matrix<Scalar> {
        precondition(columns.rows == batch * outputPositions && columns.columns == patchSize,
                     "col2im: expected \(batch * outputPositions)×\(patchSize) for \(self), got \(columns.shapeDescription)")
        let positions = outputPositions, width = patchSize, c = inputChannels
        var out = Matrix<Scalar>(rows: batch, columns: inputSize, repeating: 0)
        columns.withUnsafeElements { src in
            out.withUnsafeMutableElements { dst in
                for b in 0..<batch {
                    let imageBase = b * inputSize, rowBase = b * positions
                    forEachPatchEntry { row, column, source in
                        let s = (rowBase + row) * width + column, d = imageBase + source
                        for k in 0..<c { dst[d + k] += src[s + k] }
                    }
                }
            }
        }
        return out
    }

    /// The convolution written out as loops, with no unfolding and no gemm — the definition, used to
    /// check the im2col path. `kernel` is patchSize × outputChannels, `bias` (optional) 1 × outputChannels;
    /// the result is batch × (outputPositions·outputChannels), channels last.
    public func directConvolution<Scalar: NeuralScalar>(
        _ images: Matrix<Scalar>, kernel: Matrix<Scalar>, bias: Matrix<Scalar>? = nil
    ) -> Matrix<Scalar> {
        precondition(images.columns == inputSize && kernel.rows == patchSize,
                     "directConvolution: images \(images.shapeDescription) and kernel \(kernel.shapeDescription) do not fit \(self)")
        let outC = kernel.columns, c = inputChannels
        var out = Matrix<Scalar>(rows: images.rows, columns: outputPositions * outC, repeating: 0)
        for b in 0..<images.rows {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    for o in 0..<outC {
                        var total: Scalar = bias?[0, o] ?? 0
                        for ky in 0..<kernelHeight {
                            for kx in 0..<kernelWidth {
                                let iy = oy * strideHeight - paddingHeight + ky
                                let ix = ox * strideWidth - paddingWidth + kx
                                guard iy >= 0, iy < inputHeight, ix >= 0, ix < inputWidth else { continue }
                                for ch in 0..<c {
                                    total += images[b, (iy * inputWidth + ix) * c + ch]
                                        * kernel[(ky * kernelWidth + kx) * c + ch, o]
                                }
                            }
                        }
                        out[b, (oy * outputWidth + ox) * outC + o] = total
                    }
                }
            }
        }
        return out
    }
}

extension Tensor {
    /// The im2col unfolding of this batch of images (see ``ConvolutionGeometry``); differentiable.
    public func im2col(_ geometry: ConvolutionGeometry) -> Tensor {
        Tensor(geometry.imagesToColumns(value), operation: .im2col(geometry), parents: [self])
    }
}

import LinearAlgebra

/// Per-layer numbers at one training step, for the plots of signal propagation.
public struct LayerStatistics: Sendable, Equatable {
    /// The layer's name.
    public var name: String
    /// ‖output‖ (Frobenius) of the layer in the last forward pass.
    public var activationNorm: Double
    /// ‖∂L/∂output‖ in the last backward pass (0 if none reached it).
    public var activationGradientNorm: Double
    /// √(Σ‖∂L/∂θ‖²) over the layer's parameters (0 for a layer without parameters).
    public var parameterGradientNorm: Double
}

/// Layers applied one after another. Remembers the input and every layer's output of the last forward
/// pass so that ``statistics()`` can report activation and gradient norms per layer after `backward()`.
public final class Sequential<Scalar: NeuralScalar>: Layer {
    /// The network's label.
    public let name: String
    /// The layers, applied first to last.
    public let layers: [any Layer<Scalar>]
    /// The input of the last forward pass.
    public private(set) var lastInput: Tensor<Scalar>?
    /// The output of each layer in the last forward pass (same order as ``layers``).
    public private(set) var lastActivations: [Tensor<Scalar>] = []

    /// A network applying `layers` in order.
    public init(_ layers: [any Layer<Scalar>], name: String = "sequential") {
        self.layers = layers
        self.name = name
    }

    /// All layers' parameters, in layer order.
    public var parameters: [Tensor<Scalar>] { layers.flatMap { $0.parameters } }

    /// Applies the layers in order, remembering each output for ``statistics()``.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        lastInput = input
        lastActivations.removeAll(keepingCapacity: true)
        var x = input
        for layer in layers {
            x = layer(x)
            lastActivations.append(x)
        }
        return x
    }

    /// Norms per layer from the last forward and backward passes.
    public func statistics() -> [LayerStatistics] {
        zip(layers, lastActivations).map { layer, output in
            LayerStatistics(name: layer.name, activationNorm: output.valueNorm,
                            activationGradientNorm: output.gradientNorm,
                            parameterGradientNorm: layer.parameterGradientNorm)
        }
    }
}

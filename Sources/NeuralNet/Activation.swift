import LinearAlgebra

/// The elementwise nonlinearities.
public enum ActivationFunction: String, Sendable, CaseIterable {
    case identity, relu, tanh, sigmoid
}

/// An elementwise activation as a layer (no parameters).
public final class Activation<Scalar: NeuralScalar>: Layer {
    /// The layer's label (by default the function's name).
    public let name: String
    /// The nonlinearity applied to every entry.
    public let function: ActivationFunction

    /// An activation layer for `function`.
    public init(_ function: ActivationFunction, name: String? = nil) {
        self.function = function
        self.name = name ?? function.rawValue
    }

    /// None: activations have no parameters.
    public var parameters: [Tensor<Scalar>] { [] }

    /// Applies ``function`` elementwise.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        input.applying(function)
    }
}

extension Tensor {
    /// Applies an activation function (``ActivationFunction/identity`` returns `self`).
    public func applying(_ function: ActivationFunction) -> Tensor {
        switch function {
        case .identity: self
        case .relu: relu()
        case .tanh: tanh()
        case .sigmoid: sigmoid()
        }
    }
}

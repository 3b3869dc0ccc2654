import LinearAlgebra

/// The elementwise nonlinearities.
public enum ActivationFunction: String, Sendable, CaseIterable {
    case identity, relu, tanh, sigmoid
}

/// An elementwise activation as a layer (no parameters).
public final class Activation<Scalar: NeuralScalar>: Layer {
    public let name: String
    public let function: ActivationFunction

    public init(_ function: ActivationFunction, name: String? = nil) {
        self.function = function
        self.name = name ?? function.rawValue
    }

    public var parameters: [Tensor<Scalar>] { [] }

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

import LinearAlgebra

/// A matrix that remembers how it was computed, so that gradients can flow back through it.
///
/// This is reverse-mode automatic differentiation in the style of micrograd, but over whole matrices:
/// every operation on tensors returns a new `Tensor` that records its `parents` and an ``Operation``
/// naming its local backward rule. ``backward(seed:)`` visits the graph in reverse topological order
/// and applies each rule once. All the rules live in one place, `Tensor+Backward.swift`, as one
/// exhaustive `switch` over ``Operation``: an operation without a rule does not compile, which is the
/// loudest way to fail (tinygrad keeps its rules in one table for the same reason).
///
/// Shapes follow the row convention used across the library: **one example per row**, features in
/// columns, so a linear layer computes `x W + b` with `W` of shape `inputs × outputs`.
///
/// Tensors are reference types: a parameter is one `Tensor` that many graphs point at, and an optimizer
/// updates its ``value`` in place. Gradients accumulate in ``gradient`` until ``zeroGradient()``.
public final class Tensor<Scalar: NeuralScalar> {
    /// The numbers.
    public var value: Matrix<Scalar>
    /// ∂(the quantity ``backward(seed:)`` was called on)/∂(this tensor), once a backward pass reached
    /// it; `nil` before that, after ``zeroGradient()``, and always for tensors that do not require one.
    public var gradient: Matrix<Scalar>? { hasGradient ? gradientBuffer : nil }

    /// The gradient's memory. Kept across ``zeroGradient()`` so that the next backward pass writes into
    /// it (a gemm with β = 0) instead of allocating, and without clearing it first.
    var gradientBuffer: Matrix<Scalar>?
    /// Whether ``gradientBuffer`` holds the current gradient (otherwise it is stale, reusable memory).
    var hasGradient = false
    /// Whether a stale ``gradientBuffer`` is known to be all zeros (after a row-sparse zeroing), so a
    /// scatter-add can reuse it as is.
    var bufferIsZero = false
    /// Whether gradients are computed for this tensor. Leaves choose; results inherit it from any parent.
    public let requiresGradient: Bool
    /// A label used in error messages and statistics (for example "fc3.weight").
    public var name: String

    /// How this tensor was computed (``Operation/leaf`` for inputs and parameters).
    public let operation: Operation<Scalar>
    /// The tensors this one was computed from, in the order the operation's rule expects.
    public let parents: [Tensor<Scalar>]

    /// Rows of ``gradient`` that a row-sparse rule (an embedding gather) has written since the last
    /// ``zeroGradient()``; `nil` once any dense rule wrote to the gradient.
    public internal(set) var touchedRows: Set<Int>?

    /// A leaf: an input (``requiresGradient`` `false`) or a trainable parameter (`true`).
    public init(_ value: Matrix<Scalar>, requiresGradient: Bool = false, name: String = "") {
        self.value = value
        self.requiresGradient = requiresGradient
        self.name = name
        self.operation = .leaf
        self.parents = []
    }

    /// A trainable leaf: shorthand for `Tensor(value, requiresGradient: true, name: name)`.
    public static func parameter(_ value: Matrix<Scalar>, name: String = "") -> Tensor {
        Tensor(value, requiresGradient: true, name: name)
    }

    /// An interior node; used by the operations in `Tensor+Operations.swift`.
    init(_ value: Matrix<Scalar>, operation: Operation<Scalar>, parents: [Tensor<Scalar>]) {
        self.value = value
        self.operation = operation
        self.parents = parents
        self.requiresGradient = parents.contains { $0.requiresGradient }
        self.name = ""
    }

    /// Number of rows of ``value``.
    public var rows: Int { value.rows }
    /// Number of columns of ``value``.
    public var columns: Int { value.columns }
    /// "rows×columns", for messages.
    public var shapeDescription: String { "\(value.rows)×\(value.columns)" }
    /// True when this tensor is a leaf (an input or a parameter).
    public var isLeaf: Bool { if case .leaf = operation { return true } else { return false } }

    /// Forgets the accumulated gradient (``gradient`` reads `nil` until the next backward pass). The
    /// memory is kept for reuse and not cleared — the next dense write overwrites it — except that the
    /// rows a row-sparse rule touched are zeroed, so that an embedding table's buffer stays all zeros
    /// at a cost proportional to the rows used, not to the vocabulary.
    public func zeroGradient() {
        guard hasGradient else { return }
        hasGradient = false
        if let rows = touchedRows, gradientBuffer != nil {
            let width = value.columns
            gradientBuffer!.withUnsafeMutableElements { g in
                for row in rows { for j in 0..<width { g[row * width + j] = 0 } }
            }
            bufferIsZero = true
        } else {
            bufferIsZero = false
        }
        touchedRows = []
    }

    /// Drops the gradient and its memory (interior tensors, at the start of a backward pass).
    func clearGradient() {
        hasGradient = false
        gradientBuffer = nil
        bufferIsZero = false
    }

    /// The Frobenius norm of ``value``, as a `Double` for plotting.
    public var valueNorm: Double { frobeniusNormOf(value) }
    /// The Frobenius norm of ``gradient`` (0 when there is none), as a `Double`.
    public var gradientNorm: Double { gradient.map(frobeniusNormOf) ?? 0 }
}

extension Tensor: CustomStringConvertible {
    /// The name, shape and operation, e.g. `Tensor(fc1.weight 3×4, leaf)`.
    public var description: String {
        let label = name.isEmpty ? "" : "\(name) "
        return "Tensor(\(label)\(shapeDescription), \(operation.name))"
    }
}

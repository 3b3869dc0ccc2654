import LinearAlgebra

/// The gradient of a scalar function with respect to one tensor, by central differences
/// `(f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h` for every entry i (truncation error O(h²)).
///
/// `loss` must rebuild the graph from the tensors' current values on every call. The tensor's value is
/// restored afterwards.
public func numericalGradient<Scalar: NeuralScalar>(
    of loss: () -> Tensor<Scalar>, withRespectTo tensor: Tensor<Scalar>, step h: Scalar = 1e-6
) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: tensor.rows, columns: tensor.columns, repeating: 0)
    for i in 0..<tensor.rows {
        for j in 0..<tensor.columns {
            let original = tensor.value[i, j]
            tensor.value[i, j] = original + h
            let plus = loss().scalarValue
            tensor.value[i, j] = original - h
            let minus = loss().scalarValue
            tensor.value[i, j] = original
            result[i, j] = (plus - minus) / (2 * h)
        }
    }
    return result
}

/// How far the backward pass's gradient of one tensor is from the finite-difference one.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// The tensor's name.
    public var name: String
    /// ‖analytic − numerical‖ / max(‖analytic‖ + ‖numerical‖, 10⁻³⁰⁰) (Frobenius norms).
    public var relativeError: Double
    /// max |analyticᵢ − numericalᵢ|.
    public var maximumAbsoluteError: Double

    /// The name and both errors on one line.
    public var description: String {
        "\(name): relative error \(relativeError), max abs error \(maximumAbsoluteError)"
    }
}

/// Compares `backward()`'s gradient of `loss` with central differences for each of `tensors`
/// (which must require gradients). Gradients of the tensors are zeroed first and hold the analytic
/// gradient afterwards.
public func gradientCheck<Scalar: NeuralScalar>(
    of loss: () -> Tensor<Scalar>, withRespectTo tensors: [Tensor<Scalar>], step h: Scalar = 1e-6
) -> [GradientCheckResult] {
    for t in tensors {
        precondition(t.requiresGradient, "gradientCheck: \(t) does not require a gradient")
        t.zeroGradient()
    }
    loss().backward()
    return tensors.map { t in
        let analytic = t.gradient ?? Matrix(rows: t.rows, columns: t.columns, repeating: 0)
        let numeric = numericalGradient(of: loss, withRespectTo: t, step: h)
        let difference = analytic - numeric
        let denominator = Swift.max(frobeniusNormOf(analytic) + frobeniusNormOf(numeric), 1e-300)
        var largest = 0.0
        difference.withUnsafeElements { p in for x in p { largest = Swift.max(largest, Double(x).magnitude) } }
        return GradientCheckResult(name: t.name.isEmpty ? t.description : t.name,
                                   relativeError: frobeniusNormOf(difference) / denominator,
                                   maximumAbsoluteError: largest)
    }
}

import LinearAlgebra

/// Mean squared error `(1/N) Σ (prediction − target)²` over all N entries, as a 1×1 tensor.
public func meanSquaredError<Scalar>(_ prediction: Tensor<Scalar>, _ target: Matrix<Scalar>) -> Tensor<Scalar> {
    precondition(prediction.rows == target.rows && prediction.columns == target.columns,
                 "meanSquaredError: prediction is \(prediction.shapeDescription) but target is \(target.shapeDescription)")
    let difference = prediction.value - target
    let count = Scalar(Swift.max(1, target.rows * target.columns))
    let loss = difference.hadamard(difference).sum() / count
    return Tensor(Matrix(rows: 1, columns: 1, repeating: loss),
                  operation: .meanSquaredError(target: target), parents: [prediction])
}

/// Mean softmax cross-entropy `−(1/B) Σ_b log softmax(z_b)[label_b]` of a batch × classes matrix of
/// logits against one class label per row, as a 1×1 tensor.
///
/// Fused with the softmax and computed as `logsumexp(z) − z[label]` with the row maximum subtracted
/// first, so large logits neither overflow nor lose the small probabilities.
public func softmaxCrossEntropy<Scalar>(_ logits: Tensor<Scalar>, labels: [Int]) -> Tensor<Scalar> {
    precondition(labels.count == logits.rows,
                 "softmaxCrossEntropy: \(labels.count) labels for \(logits.shapeDescription) logits (one label per row)")
    for label in labels {
        precondition(label >= 0 && label < logits.columns,
                     "softmaxCrossEntropy: label \(label) outside 0..<\(logits.columns) classes")
    }
    let z = logits.value
    let n = z.columns
    var probabilities = z
    var total: Scalar = 0
    z.withUnsafeElements { pz in
        probabilities.withUnsafeMutableElements { p in
            for (r, label) in labels.enumerated() {
                let row = r * n
                var largest = pz[row]
                for j in 1..<n where pz[row + j] > largest { largest = pz[row + j] }
                var sum: Scalar = 0
                for j in 0..<n { let e = Scalar.exponential(pz[row + j] - largest); p[row + j] = e; sum += e }
                for j in 0..<n { p[row + j] /= sum }
                total += largest + Scalar.logarithm(sum) - pz[row + label]
            }
        }
    }
    let loss = total / Scalar(Swift.max(1, labels.count))
    return Tensor(Matrix(rows: 1, columns: 1, repeating: loss),
                  operation: .softmaxCrossEntropy(labels: labels, probabilities: probabilities), parents: [logits])
}

/// The fraction of rows whose largest logit is at the label.
public func accuracy<Scalar: NeuralScalar>(logits: Matrix<Scalar>, labels: [Int]) -> Double {
    precondition(labels.count == logits.rows, "accuracy: \(labels.count) labels for \(logits.shapeDescription) logits")
    guard !labels.isEmpty else { return 0 }
    var correct = 0
    for (r, label) in labels.enumerated() {
        var best = 0
        for j in 1..<logits.columns where logits[r, j] > logits[r, best] { best = j }
        if best == label { correct += 1 }
    }
    return Double(correct) / Double(labels.count)
}

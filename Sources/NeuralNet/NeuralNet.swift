// NeuralNet — a small neural-network library over LinearAlgebra's `Matrix`, with reverse-mode gradients.
//
// Design: micrograd's "value + parents + local backward rule", but each value is a whole matrix, so
// every product is one BLAS gemm. `Tensor` (a class: parameters are shared by many graphs) records its
// `Operation` and parents; all backward rules are one exhaustive `switch` in Tensor+Backward.swift, so
// an operation without a rule does not compile. Convention: one example per ROW, so layers compute x·W.
//
// API overview (Scalar is Double or Float):
//
//   Tensor<Scalar>                     Tensor(matrix, requiresGradient:name:)  Tensor.parameter(matrix, name:)
//     value, gradient, name, rows, columns, valueNorm, gradientNorm, touchedRows, backward(seed:), zeroGradient()
//     matmul(_:transposeSelf:transposeOther:)  *  +  -  scalar * t  addingRowVector(_:)  hadamard(_:)  transposed()
//     relu() tanh() sigmoid() applying(_ ActivationFunction)  softmaxRows()  sum() mean()  gatherRows(_:)
//     reshaped(rows:columns:)  im2col(_ ConvolutionGeometry)  scalarValue
//   Layers (protocol Layer: name, parameters, callAsFunction(Tensor or Matrix) -> Tensor)
//     Linear(weight:bias:name:) / Linear(inputSize:outputSize:bias:initialization:name:using:)
//     Activation(.identity | .relu | .tanh | .sigmoid)     Residual(body, name:)  = x + body(x)
//     Sequential([layers]) .multilayerPerceptron(sizes:activation:outputActivation:bias:initialization:using:)
//       lastActivations, statistics() -> [LayerStatistics]   (activation / gradient / parameter-gradient norms)
//     SelfAttention(modelDimension:keyDimension:causal:using:)  attention (n×n A of the last forward)
//     Convolution(geometry:outputChannels:using:) — 1-D or 2-D by ConvolutionGeometry; directForward(_:) checks it
//   Not Layer-shaped:
//     RecurrentCell(inputSize:hiddenSize:activation:…:using:)  step(_:state:)  unroll(_:initialState:)
//       RecurrentCell.signalNorms(of: states) -> (forward: [Double], backward: [Double])
//     Embedding(vocabularySize:dimension:using:)  embedding(indices) (gather)  oneHotProduct(indices)
//   WeightInitialization: .gaussian(standardDeviation:) .xavier .he .orthogonal(gain:) .identityPlus(epsilon:) .zeros
//     (all drawn from LinearAlgebra's SeededGenerator)
//   Losses: meanSquaredError(prediction, target)  softmaxCrossEntropy(logits, labels:)  accuracy(logits:labels:)
//   Optimizers (protocol Optimizer: parameters, step(), zeroGradients()): SGD(parameters:learningRate:momentum:)
//     Adam(parameters:learningRate:beta1:beta2:epsilon:)
//   Training: train(steps:optimizer:recording:loss:) throws(TrainingError) -> TrainingHistory
//     (losses per step; per-layer statistics per step; TrainingError.nonFiniteLoss(step:loss:))
//   Instrumentation: inputOutputJacobian(of:at:)  jacobianSingularValues(of:at:)
//   Checking: numericalGradient(of:withRespectTo:step:)  gradientCheck(of:withRespectTo:step:) -> [GradientCheckResult]
//     TrainingHistory.activationNorms(layer:) / activationGradientNorms(layer:) / parameterGradientNorms(layer:)
//
// Example (a chapter block):
//
//     var rng = SeededGenerator(seed: 1)
//     let net = Sequential<Double>.multilayerPerceptron(sizes: [2, 32, 32, 2], activation: .tanh, using: &rng)
//     let adam = Adam(parameters: net.parameters, learningRate: 0.02)
//     let history = try train(steps: 500, optimizer: adam, recording: net) { _ in
//         softmaxCrossEntropy(net(Tensor(points)), labels: labels)
//     }
//     history.losses                          // one loss per step
//     history.parameterGradientNorms(layer: 0) // ‖∂L/∂W₁‖ per step
//     try jacobianSingularValues(of: net, at: Matrix([[0.1, 0.2]]))

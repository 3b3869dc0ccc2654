import LinearAlgebra

/// Why training stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss was NaN or infinite at `step` (0-based); no update was made from it.
    case nonFiniteLoss(step: Int, loss: Double)

    /// A message naming the step and the loss value.
    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let loss):
            "training stopped at step \(step): the loss is \(loss) (check the learning rate, the inputs, or a log/division of zero)"
        }
    }
}

/// What a training run recorded, one entry per completed step.
public struct TrainingHistory: Sendable {
    /// The loss at each step, before that step's update.
    public var losses: [Double] = []
    /// Per-layer norms at each step (empty unless a network was given to ``train(steps:optimizer:recording:loss:)``).
    public var layerStatistics: [[LayerStatistics]] = []
    /// An empty history.
    public init() {}

    /// ‖output‖ of layer `layer` (an index into the recorded network's layers) at each step.
    public func activationNorms(layer: Int) -> [Double] { layerStatistics.map { $0[layer].activationNorm } }
    /// ‖∂L/∂output‖ of layer `layer` at each step.
    public func activationGradientNorms(layer: Int) -> [Double] { layerStatistics.map { $0[layer].activationGradientNorm } }
    /// √(Σ‖∂L/∂θ‖²) over layer `layer`'s parameters at each step.
    public func parameterGradientNorms(layer: Int) -> [Double] { layerStatistics.map { $0[layer].parameterGradientNorm } }
}

/// Runs `steps` steps of: zero the gradients, compute `loss(step)`, check it is finite, backward, record,
/// update. Stops with ``TrainingError/nonFiniteLoss(step:loss:)`` at the first NaN or infinite loss,
/// instead of training on into a curve of NaNs.
///
/// - Parameters:
///   - recording: a network whose per-layer ``LayerStatistics`` are recorded at each step (optional).
///   - loss: builds the loss of the given step (typically: pick a batch, run the network, a loss function).
public func train<O: Optimizer>(
    steps: Int, optimizer: O, recording network: Sequential<O.Scalar>? = nil,
    loss: (Int) -> Tensor<O.Scalar>
) throws(TrainingError) -> TrainingHistory {
    var history = TrainingHistory()
    history.losses.reserveCapacity(steps)
    for step in 0..<steps {
        optimizer.zeroGradients()
        let value = loss(step)
        let scalar = Double(value.scalarValue)
        guard scalar.isFinite else { throw .nonFiniteLoss(step: step, loss: scalar) }
        value.backward()
        history.losses.append(scalar)
        if let network { history.layerStatistics.append(network.statistics()) }
        optimizer.step()
    }
    return history
}

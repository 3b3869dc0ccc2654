// WeaveKit: what a chapter imports with one line. It re-exports the engine (linear algebra, neural networks,
// plotting) and holds the runtime hooks that weave's generated chapter programs call.
@_exported import LinearAlgebra
@_exported import NeuralNet
@_exported import Plotting

// NeuralNet — placeholder until its issue lands.
import LinearAlgebra

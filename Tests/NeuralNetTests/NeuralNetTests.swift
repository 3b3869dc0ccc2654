import Testing
@testable import NeuralNet

@Test func moduleLoads() {
    #expect(Bool(true))
}

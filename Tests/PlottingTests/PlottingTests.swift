import Testing
@testable import Plotting

@Test func moduleLoads() {
    #expect(Bool(true))
}

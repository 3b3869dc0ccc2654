import Testing
import LinearAlgebra

@Suite struct MatrixCoreTests {
    @Test func productOfKnownMatrices() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Double>([[7, 8], [9, 10], [11, 12]])
        #expect(a * b == Matrix([[58, 64], [139, 154]]))
        #expect(a * [1, 1, 1] == [6, 15])
        print(a * b)
        print(Matrix<Float>(rows: 12, columns: 13) { Float($0 * 100 + $1) })
    }
}

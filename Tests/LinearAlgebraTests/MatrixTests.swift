import Testing
import LinearAlgebra

@Suite struct MatrixCoreTests {
    @Test func knownProductAndMatrixVector() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Double>([[7, 8], [9, 10], [11, 12]])
        #expect(a * b == Matrix([[58, 64], [139, 154]]))
        #expect(a * [1, 1, 1] == [6, 15])
        #expect(gemv(a, [1, 2], transposed: true) == [9, 12, 15])
        #expect(gemm(a, a, transposeB: true) == Matrix([[14, 32], [32, 77]]))
        #expect(gemm(a, a, transposeA: true, alpha: 2) == Matrix([[34, 44, 54], [44, 58, 72], [54, 72, 90]]))
    }

    @Test func constructionAndAccess() {
        let m = Matrix<Float>(rows: 2, columns: 3, [1, 2, 3, 4, 5, 6])
        #expect(m.rows == 2 && m.columns == 3 && m.count == 6)
        #expect(m[1, 2] == 6)
        #expect(m.row(1) == [4, 5, 6])
        #expect(m.column(1) == [2, 5])
        #expect(m.transposed() == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.transposed().transposed() == m)
        #expect(m[rows: 0..<2, columns: 1..<3] == Matrix([[2, 3], [5, 6]]))
        var n = m
        n[0, 0] = 10
        #expect(m[0, 0] == 1, "value semantics: the copy is independent")
        n[rows: 0..<1, columns: 0..<2] = Matrix([[7, 8]])
        #expect(n.row(0) == [7, 8, 3])
        #expect(Matrix<Float>.identity(3).diagonalElements == [1, 1, 1])
        #expect(Matrix<Float>.diagonal([2, 3]) == Matrix([[2, 0], [0, 3]]))
        #expect(Matrix<Float>.diagonal(rows: 2, columns: 3, [1, 2]) == Matrix([[1, 0, 0], [0, 2, 0]]))
        #expect(Matrix<Float>.ones(rows: 2, columns: 2).sum() == 4)
        #expect(Matrix<Float>(rows: 2, columns: 2, repeating: 3) == Matrix([[3, 3], [3, 3]]))
        #expect(m.reshaped(rows: 3, columns: 2) == Matrix([[1, 2], [3, 4], [5, 6]]))
        #expect(m.rowSums() == Matrix(columnVector: [6, 15]))
        #expect(m.columnSums() == Matrix(rowVector: [5, 7, 9]))
        #expect(m.adding(rowVector: Matrix(rowVector: [1, 1, 1])) == m + 1)
    }

    @Test func elementwiseArithmetic() {
        let a = Matrix<Double>([[1, -2], [3, 4]])
        let b = Matrix<Double>([[5, 6], [7, 8]])
        #expect(a + b == Matrix([[6, 4], [10, 12]]))
        #expect(b - a == Matrix([[4, 8], [4, 4]]))
        #expect(-a == Matrix([[-1, 2], [-3, -4]]))
        #expect(2 * a == a * 2 && a * 2 == Matrix([[2, -4], [6, 8]]))
        #expect(a / 2 == Matrix([[0.5, -1], [1.5, 2]]))
        #expect(a.hadamard(b) == Matrix([[5, -12], [21, 32]]))
        #expect(a.map { $0 * $0 } == Matrix([[1, 4], [9, 16]]))
        #expect(a.zipMap(b, max) == b)
        var c = a
        c += b; c -= a; c *= 3; c /= 3
        #expect(c == b)
        #expect(a.maxAbs() == 4)
    }

    @Test func emptyAndOneByOne() {
        let empty = Matrix<Double>([])
        #expect(empty.rows == 0 && empty.columns == 0 && empty.isEmpty)
        let a = Matrix<Double>.zeros(rows: 3, columns: 0), b = Matrix<Double>.zeros(rows: 0, columns: 4)
        #expect(a * b == Matrix.zeros(rows: 3, columns: 4), "k = 0 gives the zero matrix")
        #expect((b.transposed() * a.transposed()).shape == (4, 3))
        #expect(Matrix<Double>.zeros(rows: 0, columns: 5) * Matrix.ones(rows: 5, columns: 2) == Matrix.zeros(rows: 0, columns: 2))
        #expect(a * [] == [0, 0, 0])
        #expect(Matrix<Float>([[3]]) * Matrix([[-2]]) == Matrix([[-6]]))
        #expect(Matrix<Float>([[3]]).transposed() == Matrix([[3]]))
        #expect(empty.transposed() == empty)
        #expect(empty.description == "0×0 Matrix<Double>")
    }

    @Test func nonFiniteValuesPropagateThroughProducts() {
        let a = Matrix<Double>([[1, .nan], [0, 1]])
        let c = a * Matrix.identity(2)
        #expect(c[0, 1].isNaN)
        #expect(!c.isFinite)
        let inf = Matrix<Float>([[.infinity, 1], [1, 1]]) * Matrix([[1, 0], [0, 1]])
        #expect(inf[0, 0] == .infinity)
    }

    @Test func printingAlignsAndElides() {
        let m = Matrix<Double>([[1, 2.5], [-30, 4]])
        #expect(m.description == "2×2 Matrix<Double>\n    1  2.5\n  -30    4")
        let big = Matrix<Float>(rows: 12, columns: 13) { i, j in Float(i * 100 + j) }
        let lines = big.description.split(separator: "\n")
        #expect(lines.count == 1 + 9, "header, 4 + 4 rows and one ⋮ row")
        #expect(lines[0] == "12×13 Matrix<Float>")
        #expect(lines[1] == "     0     1     2     3  …     9    10    11    12")
        #expect(lines[5].contains("⋮"))
        #expect(Matrix<Float>([[.nan, -.infinity]]).description.hasSuffix("nan  -inf"))
    }

    @Test func shapeMismatchStopsWithAMessageNamingBothShapes() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Matrix<Double>.zeros(rows: 3, columns: 4) * Matrix<Double>.zeros(rows: 5, columns: 2)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("matmul: shapes 3×4 and 5×2 do not conform"))
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmulBlocked(Matrix<Float>.zeros(rows: 2, columns: 3), Matrix<Float>.zeros(rows: 2, columns: 3))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("matmulBlocked: shapes 2×3 and 2×3 do not conform"))
        }
        await #expect(processExitsWith: .failure) {
            _ = Matrix<Float>.zeros(rows: 2, columns: 2) + Matrix<Float>.zeros(rows: 2, columns: 3)
        }
    }
}

@Suite struct BLASBackendTests {
    @Test func reportsOpenBLAS() {
        #expect(BLASBackend.configuration.hasPrefix("OpenBLAS"))
        #expect(!BLASBackend.coreName.isEmpty)
        let before = BLASBackend.threadCount
        BLASBackend.setThreadCount(1)
        #expect(BLASBackend.threadCount == 1)
        BLASBackend.setThreadCount(before)
    }
}

import CGLib
import Foundation

/// SHA-256 (FIPS 180-4), for cache keys, cache-entry checksums and page-cache keys: GLib's `GChecksum`
/// (GLib is already on every machine that has Pango; Foundation on Linux has no digest API, and
/// swift-crypto would cost every CI run minutes of build time for one function). Checked against the NIST
/// test vectors in the tests.
enum SHA256 {
    static func hex(of data: Data) -> String {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String in
            // GLib takes a NULL pointer for no bytes; it returns a newly allocated lower-case hex string.
            let digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, bytes.bindMemory(to: guchar.self).baseAddress,
                                                     gsize(bytes.count))!
            defer { g_free(digest) }
            return String(cString: digest)
        }
    }

    static func hex(of text: String) -> String { hex(of: Data(text.utf8)) }
}

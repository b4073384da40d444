import CGSL

/// An error reported by GNU GSL, with GSL's own message.
public struct GSLError: Error, CustomStringConvertible {
    public let code: Int32
    public let context: String
    public var description: String { "\(context): \(String(cString: gsl_strerror(code)))" }

    /// Turns a GSL status code into a Swift error; GSL_SUCCESS passes.
    package static func check(_ code: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
        guard code == GSL_SUCCESS else { throw GSLError(code: code, context: context()) }
    }
}

/// GSL aborts the process on error unless its handler is turned off; vidsim turns it off once, before any
/// GSL call, and checks return codes instead.
package enum GSLSetup {
    package static let once: Void = { CGSL_disable_abort_on_error() }()
}

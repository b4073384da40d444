import Foundation
import XCTest
import VidsimPolicies

/// docs/cache.md keeps up with the registry: every eviction policy and parameter is documented.
final class CacheDocumentationTests: XCTestCase {
    func testEveryEvictionPolicyAndParameterIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/cache.md"), encoding: .utf8)
        for member in EvictionPolicies.registry.members {
            XCTAssertTrue(doc.contains("| `\(member.name)` |"), "docs/cache.md has no row for \(member.name)")
            for parameter in member.parameters {
                XCTAssertTrue(doc.contains("`\(parameter.name)`"), "docs/cache.md does not mention \(member.name)'s \(parameter.name)")
            }
        }
        for member in AdmissionFilters.registry.members {
            XCTAssertTrue(doc.contains("| `\(member.name)` |"), "docs/cache.md has no row for the filter \(member.name)")
            for parameter in member.parameters {
                XCTAssertTrue(doc.contains("`\(parameter.name)`"), "docs/cache.md does not mention \(member.name)'s \(parameter.name)")
            }
        }
    }
}

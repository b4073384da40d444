import Foundation
import XCTest
import VidsimScenario
import VidsimUnits

/// The JSON Schema is generated from the loader's declarations: its side table describes every field the loader
/// takes and no other, the reference documents every field, and the shipped file is the generator's output.
final class ScenarioSchemaTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func schema() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(ScenarioSchema.json().utf8))
        return try XCTUnwrap(object as? [String: Any])
    }

    func testSideTableDescribesEveryFieldTheLoaderTakesAndNoOther() {
        let check = ScenarioSchema.check()
        XCTAssertEqual(check.missing, [], "fields the loader takes that ScenarioSchemaFields does not describe")
        XCTAssertEqual(check.extra, [], "ScenarioSchemaFields entries the loader does not take")
    }

    func testEveryFieldIsInTheReference() throws {
        let reference = try String(contentsOf: Self.repository.appendingPathComponent("docs/scenario-reference.md"), encoding: .utf8)
        // The words of the reference's inline code spans (`rungs[].name`, `{ fraction: 0.6, discount: 0.65 }`).
        var prose = ""
        var inFence = false
        for line in reference.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if !inFence { prose += line + "\n" }
        }
        var words = Set<String>()
        for (index, span) in prose.components(separatedBy: "`").enumerated() where index % 2 == 1 {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-"))
            words.formUnion(span.components(separatedBy: allowed.inverted).filter { !$0.isEmpty })
        }
        let names = propertyNames(in: try schema())
        XCTAssertGreaterThan(names.count, 80, "the walk found the schema's fields")
        XCTAssertEqual(names.subtracting(words).sorted(), [],
                       "fields the loader takes that docs/scenario-reference.md does not name in backticks")
    }

    func testShippedSchemaIsTheGeneratorsOutput() throws {
        let shipped = try String(contentsOf: Self.repository.appendingPathComponent("docs/scenario.schema.json"), encoding: .utf8)
        XCTAssertTrue(shipped == ScenarioSchema.json(),
                      "docs/scenario.schema.json is out of date: run `vidsim schema --out docs/scenario.schema.json`")
    }

    func testOutputIsDeterministicAndDeclaresItsDraft() throws {
        XCTAssertEqual(ScenarioSchema.json(), ScenarioSchema.json())
        XCTAssertEqual(try schema()["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }

    /// Each measure's pattern accepts what its parser accepts, in every unit, and refuses what it refuses.
    func testUnitPatternsAgreeWithTheParsers() throws {
        let definitions = try XCTUnwrap(try schema()["$defs"] as? [String: Any])
        func pattern(_ name: String) throws -> NSRegularExpression {
            let definition = try XCTUnwrap(definitions[name] as? [String: Any], name)
            return try NSRegularExpression(pattern: try XCTUnwrap(definition["pattern"] as? String, name))
        }
        func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        func check<M: Measure>(_ type: M.Type, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let expression = try pattern(name)
            for unit in M.units.map(\.symbol) {
                for text in ["1.5 \(unit)", "2\(unit)", " 0.25 \(unit) ", "3e2 \(unit)", ".5 \(unit)"] {
                    XCTAssertNoThrow(try M(parsing: text), text, file: file, line: line)
                    XCTAssertTrue(matches(expression, text), "\(name) should match '\(text)'", file: file, line: line)
                }
            }
            let smallest = M.units[0].symbol
            for text in ["1,000 \(smallest)", "12,345.5\(smallest)"] {
                XCTAssertNoThrow(try M(parsing: text), text, file: file, line: line)
                XCTAssertTrue(matches(expression, text), "\(name) should match '\(text)'", file: file, line: line)
            }
            for text in ["-1 \(M.units[0].symbol)", "5", "five \(M.units[0].symbol)", "5 parsecs", "5 \(M.units[0].symbol) extra"] {
                XCTAssertThrowsError(try M(parsing: text), text, file: file, line: line)
                XCTAssertFalse(matches(expression, text), "\(name) should not match '\(text)'", file: file, line: line)
            }
        }
        try check(TimeSpan.self, "Duration")
        try check(BitRate.self, "BitRate")
        try check(DataSize.self, "Size")
        try check(ContentRate.self, "ContentRate")
        try check(EventRate.self, "EventRate")

        let perSize = try pattern("PricePerSize")
        for text in ["$0.085/GB", "$0/GB", "0.023 USD/GB", "$1,000 / TB", "$0.5/KiB"] {
            XCTAssertNoThrow(try Price<DataSize>(parsing: text), text)
            XCTAssertTrue(matches(perSize, text), text)
        }
        for text in ["$0.085/Gb", "0.085/GB", "$0.085", "€1/GB", "$-1/GB"] {
            XCTAssertThrowsError(try Price<DataSize>(parsing: text), text)
            XCTAssertFalse(matches(perSize, text), text)
        }
        let perTime = try pattern("PricePerDuration")
        for text in ["$0.34/h", "$1.20/hour", "12 USD/day"] {
            XCTAssertNoThrow(try Price<TimeSpan>(parsing: text), text)
            XCTAssertTrue(matches(perTime, text), text)
        }
        XCTAssertFalse(matches(perTime, "$0.34/GB"))
    }

    /// Every key of every `properties` in the schema: the fields and parameters the loader accepts.
    private func propertyNames(in value: Any) -> Set<String> {
        var names = Set<String>()
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "properties", let properties = child as? [String: Any] { names.formUnion(properties.keys) }
                names.formUnion(propertyNames(in: child))
            }
        } else if let array = value as? [Any] {
            for child in array { names.formUnion(propertyNames(in: child)) }
        }
        return names
    }
}

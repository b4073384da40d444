import Foundation
import XCTest

/// Seeded mutations of the shipped scenarios, run through the built `vidsim`: whatever a mutation does (a value
/// replaced by a huge, negative, zero, infinite or missing number, a long string, a list or a mapping; a line
/// deleted or a key duplicated; a unit changed; a number scaled by a million either way), `vidsim validate`
/// must not crash and must either accept the file or refuse it with a located message, and a mutant it
/// accepts must run to its report.
///
/// Every base scenario's horizon is first cut to 2 minutes (and its warm-up to 0 s), and mutants run with one
/// replication and only when validate estimates a small run, so the whole test takes seconds. The seed is
/// fixed: the same mutants every time.
final class ScenarioFuzzTests: XCTestCase {
    static let seed: UInt64 = 20_260_101
    static let mutantCount = 300
    /// At most this many accepted mutants are run, each of at most `largestRun` estimated events.
    static let runCount = 40
    static let largestRun = 400_000.0
    /// A process that takes longer is taken to hang.
    static let timeout: TimeInterval = 60

    private var workspace: URL!

    override func setUpWithError() throws {
        workspace = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        // Scenarios name their calibration as ../calibration/...: keep that layout.
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("calibration"),
                                         to: workspace.appendingPathComponent("calibration"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func testMutantsOfTheShippedScenariosNeverCrash() throws {
        let directory = Self.root.appendingPathComponent("scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(names.isEmpty, "no shipped scenarios in \(directory.path)")
        let bases = try names.map { Self.shortened(try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }

        var random = SplitMix64(seed: Self.seed)
        var accepted = 0, refused = 0, runs = 0
        for index in 0..<Self.mutantCount {
            let base = Int(random.next() % UInt64(bases.count))
            let (text, mutation) = Self.mutate(bases[base], random: &random)
            let file = "scenarios/mutant-\(index).yaml"
            try text.write(to: workspace.appendingPathComponent(file), atomically: true, encoding: .utf8)
            let context = "mutant \(index) of \(names[base]) (\(mutation))"

            let validate = try validated(file, context: context)
            guard validate.refusal == nil else {
                refused += 1
                continue
            }
            accepted += 1
            guard runs < Self.runCount, let events = Self.estimatedEvents(validate.output.stdout), events <= Self.largestRun else { continue }
            runs += 1
            let reports = workspace.appendingPathComponent("reports-\(index)")
            let simulation = try ran(["run", file, "--replications", "1", "--threads", "1", "--reports", reports.path], context: context)
            if simulation.status == 0 {
                let written = try FileManager.default.contentsOfDirectory(atPath: reports.path)
                XCTAssertEqual(written.count, 1, "\(context): one report folder")
            }
            try? FileManager.default.removeItem(at: reports)
        }
        // The mutations must exercise both sides.
        XCTAssertGreaterThan(accepted, 10)
        XCTAssertGreaterThan(refused, 100)
        XCTAssertGreaterThan(runs, 10)
    }

    /// The shipped ladder files mutated the same way, each read by a scenario extending the per-title
    /// comparison's base (its horizon cut to 2 minutes): a mistake in a ladder file is refused at its own line,
    /// never a crash, and an accepted mutant runs.
    func testMutantsOfTheShippedLadderFilesNeverCrash() throws {
        // The shipped scenarios and traces, so that the mutants' base and its own bases resolve.
        for folder in ["scenarios", "traces"] {
            try? FileManager.default.removeItem(at: workspace.appendingPathComponent(folder))
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(folder), to: workspace.appendingPathComponent(folder))
        }
        let directory = Self.root.appendingPathComponent("scenarios/ladders")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(names.isEmpty, "no shipped ladder files in \(directory.path)")
        let bases = try names.map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }

        var random = SplitMix64(seed: Self.seed + 1)
        var accepted = 0, refused = 0, inLadderFile = 0, runs = 0
        for index in 0..<Self.ladderMutantCount {
            let base = Int(random.next() % UInt64(bases.count))
            let (text, mutation) = Self.mutate(bases[base], random: &random)
            try text.write(to: workspace.appendingPathComponent("scenarios/ladders/mutant-\(index).yaml"), atomically: true, encoding: .utf8)
            let file = "scenarios/ladder-mutant-\(index).yaml"
            try """
                extends: per-title-fixed.yaml
                name: ladder-mutant-\(index)
                ladder: ladders/mutant-\(index).yaml
                run: { horizon: 2 min, warm_up: 0 s, replications: 1 }

                """.write(to: workspace.appendingPathComponent(file), atomically: true, encoding: .utf8)
            let context = "mutant \(index) of ladders/\(names[base]) (\(mutation))"

            let validate = try validated(file, context: context)
            if let refusal = validate.refusal {
                refused += 1
                if refusal.hasPrefix("scenarios/ladders/mutant-\(index).yaml:") { inLadderFile += 1 }
                continue
            }
            accepted += 1
            guard runs < Self.ladderRunCount, let events = Self.estimatedEvents(validate.output.stdout), events <= Self.largestRun else { continue }
            runs += 1
            let reports = workspace.appendingPathComponent("reports-\(index)")
            _ = try ran(["run", file, "--threads", "1", "--reports", reports.path], context: context)
            try? FileManager.default.removeItem(at: reports)
        }
        XCTAssertGreaterThan(accepted, 5)
        XCTAssertGreaterThan(refused, 30)
        XCTAssertGreaterThan(inLadderFile, 20, "most refusals point into the ladder file itself")
        XCTAssertGreaterThan(runs, 3)
    }

    static let ladderMutantCount = 120
    static let ladderRunCount = 8

    // MARK: Mutations

    /// The scenario with its horizon cut to 2 minutes and no warm-up, so any run of it is short.
    static func shortened(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }
            if trimmed.hasPrefix("horizon:") { return indent + "horizon: 2 min" }
            if trimmed.hasPrefix("warm_up:") { return indent + "warm_up: 0 s" }
            return String(line)
        }.joined(separator: "\n")
    }

    static let replacements = [
        "1e308", "-1", "0", ".inf", "-.inf", ".nan", "", "~", String(repeating: "x", count: 5000), "[1, 2, 3]",
        "{ a: 1 }", "1e308 hours", "1e400 GB", "0 s", "-5 Mbps", "99999999999999999999", "1e-300 s", "1e15/s",
        "0 hours/min", "1e300", "4e9", "2147483648", "yes", "\"\"", "[]", "{}", "1e-320 Mbps", "$1e300/h",
    ]
    static let units = [
        "ms", "s", "min", "h", "day", "week", "B", "KB", "PB", "bps", "Tbps", "hours/min", "s/day", "/s", "/day", "/h",
    ]

    /// One mutation of `text`, and what it was, for messages.
    static func mutate(_ text: String, random: inout SplitMix64) -> (String, String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fields = lines.indices.filter { index in
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            return !trimmed.hasPrefix("#") && trimmed.contains(":") && !trimmed.isEmpty
        }
        guard !fields.isEmpty else { return (text, "none") }
        let line = fields[Int(random.next() % UInt64(fields.count))]
        let original = lines[line]
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        switch random.next() % 6 {
        case 0:
            // Replace a block value, or a field inside a flow mapping, with an extreme one.
            let replacement = pick(replacements)
            let valuePattern = #"(\b[a-z_0-9]+:\s*)([^,{}\[\]\n#]+)"#
            if let expression = try? NSRegularExpression(pattern: valuePattern) {
                let matches = expression.matches(in: original, range: NSRange(original.startIndex..., in: original))
                if !matches.isEmpty {
                    let match = pick(matches)
                    let value = Range(match.range(at: 2), in: original)!
                    lines[line] = original.replacingCharacters(in: value, with: " " + replacement)
                    return (lines.joined(separator: "\n"), "line \(line + 1): value -> \(replacement.prefix(20))")
                }
            }
            lines[line] = original + " " + replacement
            return (lines.joined(separator: "\n"), "line \(line + 1): appended \(replacement.prefix(20))")
        case 1:
            lines.remove(at: line)
            return (lines.joined(separator: "\n"), "line \(line + 1) deleted")
        case 2:
            lines.insert(original, at: line)
            return (lines.joined(separator: "\n"), "line \(line + 1) duplicated")
        case 3:
            // Change a unit: the word after a number.
            let unitPattern = #"([0-9])(\s*)([A-Za-z/]+)"#
            if let expression = try? NSRegularExpression(pattern: unitPattern) {
                let matches = expression.matches(in: original, range: NSRange(original.startIndex..., in: original))
                if !matches.isEmpty {
                    let match = pick(matches)
                    let unit = pick(units)
                    lines[line] = original.replacingCharacters(in: Range(match.range(at: 3), in: original)!, with: unit)
                    return (lines.joined(separator: "\n"), "line \(line + 1): unit -> \(unit)")
                }
            }
            return (text, "no unit on line \(line + 1)")
        case 4:
            // Scale a number by a million, either way.
            let numberPattern = #"(?<![A-Za-z_0-9.])([0-9]+(\.[0-9]+)?)"#
            if let expression = try? NSRegularExpression(pattern: numberPattern) {
                let matches = expression.matches(in: original, range: NSRange(original.startIndex..., in: original))
                if !matches.isEmpty {
                    let match = pick(matches)
                    let range = Range(match.range(at: 1), in: original)!
                    let scaled = (Double(original[range]) ?? 1) * (random.next() % 2 == 0 ? 1e6 : 1e-6)
                    lines[line] = original.replacingCharacters(in: range, with: "\(scaled)")
                    return (lines.joined(separator: "\n"), "line \(line + 1): number -> \(scaled)")
                }
            }
            return (text, "no number on line \(line + 1)")
        default:
            // Replace a whole block value with a list or a mapping, or the key's value with nothing.
            let key = original.prefix { $0 != ":" }
            let replacement = pick(["[a, b]", "{ x: 1 }", "", "null", "'\(String(repeating: "long ", count: 400))'"])
            lines[line] = key + ": " + replacement
            return (lines.joined(separator: "\n"), "line \(line + 1): whole value -> \(replacement.prefix(20))")
        }
    }

    // MARK: Running

    /// `vidsim validate FILE`: never a crash; a refusal is exit 65 with one located message, cut short where it
    /// echoes values. Returns the output and the refusal's message (nil when accepted).
    private func validated(_ file: String, context: String) throws -> (output: VidsimExecutable.Output, refusal: String?) {
        let output = try run(["validate", file])
        XCTAssertFalse(Self.crashed(output), "validate crashed on \(context): \(output.stderr)")
        guard output.status != 0 else { return (output, nil) }
        XCTAssertEqual(output.status, 65, "\(context): \(output.stderr)")
        let message = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        let location = try NSRegularExpression(pattern: #"^[^\n]+:[0-9]+:[0-9]+: error: "#)
        XCTAssertNotNil(location.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)),
                        "\(context): not located: \(message)")
        XCTAssertLessThan(message.count, 1000, "\(context): echoed values are cut short: \(message)")
        return (output, message)
    }

    /// A run of an accepted mutant: never a crash, and it succeeds.
    private func ran(_ arguments: [String], context: String) throws -> VidsimExecutable.Output {
        let output = try run(arguments)
        XCTAssertFalse(Self.crashed(output), "run crashed on \(context): \(output.stderr)")
        XCTAssertEqual(output.status, 0, "\(context): \(output.stderr)")
        return output
    }

    static func crashed(_ output: VidsimExecutable.Output) -> Bool {
        [132, 133, 134, 137, 139].contains(output.status) || output.stderr.contains("Fatal error")
    }

    /// The events `vidsim validate` estimates ("about 1.2 million events").
    static func estimatedEvents(_ stdout: String) -> Double? {
        guard let expression = try? NSRegularExpression(pattern: #"about ([0-9.]+)( thousand| million| billion)? events"#),
              let match = expression.firstMatch(in: stdout, range: NSRange(stdout.startIndex..., in: stdout)),
              let number = Double(stdout[Range(match.range(at: 1), in: stdout)!]) else { return nil }
        let scale = Range(match.range(at: 2), in: stdout).map { stdout[$0] }
        switch scale?.trimmingCharacters(in: .whitespaces) {
        case "thousand": return number * 1e3
        case "million": return number * 1e6
        case "billion": return number * 1e9
        default: return number
        }
    }

    /// Runs vidsim in the workspace, killing it if it takes longer than `timeout` (a hang fails the test).
    private func run(_ arguments: [String]) throws -> VidsimExecutable.Output {
        let process = Process()
        process.executableURL = VidsimExecutable.productsDirectory.appendingPathComponent("vidsim")
        process.arguments = arguments
        process.currentDirectoryURL = workspace
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout, execute: deadline)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        XCTAssertFalse(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM,
                       "vidsim \(arguments.joined(separator: " ")) took longer than \(Self.timeout) s")
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return VidsimExecutable.Output(status: status, stdout: String(decoding: out, as: UTF8.self),
                                       stderr: String(decoding: err, as: UTF8.self))
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator, so the mutants are the same on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
        return z ^ (z >> 31)
    }
}

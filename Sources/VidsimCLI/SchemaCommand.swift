import ArgumentParser
import Foundation
import VidsimReports
import VidsimScenario

/// `vidsim schema`: the JSON Schema (draft 2020-12) of the scenario format, for editors that complete and check
/// scenario files (docs/scenario.schema.json is its output).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the scenario format, as in docs/scenario.schema.json.",
        discussion: """
            Generated from the declarations the scenario loader uses, so it accepts the fields the loader accepts. \
            Point an editor at it to complete and check scenario files: with VS Code's YAML extension, put \
            `# yaml-language-server: $schema=../docs/scenario.schema.json` on a scenario's first line.
            """)

    @Option(help: ArgumentHelp("Write the schema to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    func run() throws {
        let schema = ScenarioSchema.json()
        guard let out else {
            print(schema, terminator: "")
            return
        }
        do {
            try AtomicFile.write(schema, to: URL(fileURLWithPath: out))
        } catch {
            Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

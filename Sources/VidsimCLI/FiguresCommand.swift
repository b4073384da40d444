import ArgumentParser
import VidsimReports

/// `vidsim figures`: the reference of every report figure, as Markdown (docs/report-figures.md is its output).
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Print the reference of every figure a report holds (Markdown), as in docs/report-figures.md.")

    func run() throws {
        print(FigureReference.markdown(), terminator: "")
    }
}

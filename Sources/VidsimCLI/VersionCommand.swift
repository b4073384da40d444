import ArgumentParser
import VidsimEncoding

/// `vidsim version`: this vidsim and the FFmpeg it is linked against.
struct VersionCommand: ParsableCommand {
    static let vidsimVersion = "0.1.0"
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show versions.")

    func run() {
        print("vidsim \(Self.vidsimVersion)")
        print("FFmpeg \(FFmpegLibraries.release): " + FFmpegLibraries.libraries.map { "\($0.name) \($0.version)" }.joined(separator: ", "))
        let encoders = ["libx264", "libx265", "libvpx-vp9", "libsvtav1"].filter(FFmpegLibraries.hasEncoder)
        print("encoders: \(encoders.joined(separator: ", "))")
    }
}

import Foundation
import VidsimScenario

/// Writes a scenario's YAML to a temporary file and loads it.
func loadScenario(_ yaml: String, file: String = "scenario.yaml") throws -> Scenario {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent(file)
    try yaml.write(to: url, atomically: true, encoding: .utf8)
    return try ScenarioLoader.load(path: url.path)
}

/// The seed's six-rung ladder, as YAML.
let seedLadderYAML = """
    ladder:
      rungs:
        - { name: 240p,  bitrate: 300 Kbps }
        - { name: 360p,  bitrate: 700 Kbps }
        - { name: 480p,  bitrate: 1.5 Mbps }
        - { name: 720p,  bitrate: 3 Mbps }
        - { name: 1080p, bitrate: 6 Mbps }
        - { name: 2160p, bitrate: 16 Mbps }
    """

import VidsimUnits

/// The transcode fleet: a pool of identical workers serving rung tasks first come, first served.
public struct TranscodeSettings: Decodable, Sendable {
    /// Number of workers, each transcoding one rung task at a time.
    public let workers: Int
    /// Worker-seconds of transcoding per second of content, by rung name. A task's service time is the
    /// upload's content duration times its rung's cost.
    public let costPerContentSecond: [String: Double]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case workers
        case costPerContentSecond = "cost_per_content_second"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workers = try container.decode(Int.self, forKey: .workers)
        costPerContentSecond = try container.decode([String: Double].self, forKey: .costPerContentSecond)
        guard workers >= 1 else { throw decoder.fieldError("expected at least one worker", field: "workers") }
        for (rung, cost) in costPerContentSecond where !(cost > 0 && cost.isFinite) {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("cost_per_content_second"), AnyKey(rung)],
                             message: "a cost must be a positive number of worker-seconds per content second")
        }
    }

    /// Every rung has a cost, and every cost names a rung.
    func validate(against ladder: BitrateLadder) throws {
        let path: [CodingKey] = [AnyKey("transcode"), AnyKey("cost_per_content_second")]
        let names = ladder.rungs.map(\.name)
        for rung in names where costPerContentSecond[rung] == nil {
            throw FieldError(codingPath: path, message: "no cost given for rung '\(rung)'")
        }
        for rung in costPerContentSecond.keys.sorted() where !names.contains(rung) {
            var message = "no rung named '\(rung)' in the ladder"
            if let close = Spelling.closest(to: rung, among: names) { message += " (did you mean '\(close)'?)" }
            throw FieldError(codingPath: path + [AnyKey(rung)], message: message, atKey: true)
        }
    }

    /// The cost of each rung, in ladder order.
    public func costs(for ladder: BitrateLadder) -> [Double] {
        ladder.rungs.map { costPerContentSecond[$0.name]! }
    }
}

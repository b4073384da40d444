import VidsimPolicies
import VidsimUnits

extension Decoder {
    /// Decodes a member of a policy family from the mapping at this decoder, which names it in `policy:` and
    /// holds its parameters beside the fields common to every member (`commonKeys`):
    ///
    ///     autoscaling: { policy: backlog, backlog_per_vcpu: 30 s, min: 10, max: 120 }
    ///     edge: { policy: s3fifo, small_fraction: 0.1, round_trip: 20 ms }
    ///
    /// An unknown name gets the closest known one; another member's parameter is named as such; unknown fields
    /// are rejected with the mapping's own and the member's names.
    func decodePolicy<Family, Keys: CodingKey & CaseIterable>(_ registry: PolicyRegistry<Family>, commonKeys: Keys.Type,
                                                              name: String, nameField: String = "policy") throws -> Family {
        guard let member = registry.member(named: name) else {
            var message = "unknown \(registry.familyName) '\(quoted(name))'"
            if let close = Spelling.closest(to: name, among: registry.names) { message += " (did you mean '\(close)'?)" }
            throw fieldError(message + "; known: \(registry.names.joined(separator: ", "))", field: nameField)
        }
        let own = member.parameters.map(\.name)
        let others = Set(registry.members.flatMap { $0.parameters.map(\.name) }).subtracting(own)
        let fields = try container(keyedBy: AnyKey.self)
        // A parameter set to null (a variant switching policy: `files: null` beside `process: constant`) is absent.
        let keys = fields.allKeys.filter { (try? fields.decodeNil(forKey: $0)) != true }
        for key in keys where others.contains(key.stringValue) {
            throw FieldError(codingPath: codingPath + [key],
                             message: "'\(key.stringValue)' is not a parameter of \(nameField == "policy" ? "the \(name) policy" : name); it takes: "
                                 + (own.isEmpty ? "none" : own.joined(separator: ", ")),
                             atKey: true)
        }
        let nulled = fields.allKeys.map(\.stringValue).filter { others.contains($0) && !keys.map(\.stringValue).contains($0) }
        try rejectUnknownKeys(Keys.self, also: own + nulled)
        do {
            return try member.decode(self)
        } catch let error as PolicyParameterError {
            throw FieldError(codingPath: error.codingPath, message: error.message, atKey: error.atKey)
        }
    }
}

import VidsimPolicies
import VidsimUnits
import Yams

/// A policy named on the command line, with its parameters as `key=value` options
/// (`vidsim play --abr bba --abr-option reservoir=5s`): decoded by the same code as the scenario's mapping, so
/// the same checks and messages apply.
public enum PolicyOptions {
    /// A problem with a policy given on the command line.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func decode<Family>(_ registry: PolicyRegistry<Family>, name: String, options: [String],
                                      option: String) throws(Problem) -> Family {
        guard let member = registry.member(named: name) else {
            var message = "unknown \(registry.familyName) '\(name)'"
            if let close = Spelling.closest(to: name, among: registry.names) { message += " (did you mean '\(close)'?)" }
            throw Problem(description: message + "; known: \(registry.names.joined(separator: ", "))")
        }
        var mapping: [(Node, Node)] = []
        let known = member.parameters.map(\.name)
        for text in options {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw Problem(description: "\(option) \(text): expected NAME=VALUE, such as \(known.first.map { "\($0)=..." } ?? "name=value")")
            }
            let key = String(text[..<equals]).replacingOccurrences(of: "-", with: "_")
            let value = String(text[text.index(after: equals)...])
            guard known.contains(key) else {
                var message = "\(option) \(text): '\(key)' is not a parameter of \(name)"
                if let close = Spelling.closest(to: key, among: known) { message += " (did you mean '\(close)'?)" }
                throw Problem(description: message + "; it takes: " + (known.isEmpty ? "none" : known.joined(separator: ", ")))
            }
            // A list is written with commas: files=a.txt,b.txt.
            let parameter = member.parameters.first { $0.name == key }
            let node: Node
            if case .paths = parameter?.kind, value.contains(",") {
                node = Node.sequence(Node.Sequence(value.split(separator: ",").map { Node(String($0)) }))
            } else {
                node = Node(value)
            }
            mapping.append((Node(key), node))
        }
        let tree = Node.mapping(Node.Mapping(mapping))
        do {
            return try YAMLDecoder().decode(PolicyBox<Family>.self, from: tree, userInfo: [PolicyBox<Family>.memberKey: member]).value
        } catch let error as PolicyParameterError {
            let field = error.codingPath.last?.stringValue ?? "?"
            throw Problem(description: "\(option) \(field): \(error.message)")
        } catch let DecodingError.dataCorrupted(context) {
            throw Problem(description: "\(option) \(context.codingPath.last?.stringValue ?? name): \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(type, context) {
            throw Problem(description: "\(option) \(context.codingPath.last?.stringValue ?? name): expected \(type == Bool.self ? "true or false" : type == Int.self ? "a whole number" : "a number")")
        } catch {
            throw Problem(description: "\(option): \(error)")
        }
    }
}

/// Decodes one registry member from the mapping at the decoder.
private struct PolicyBox<Family>: Decodable {
    static var memberKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "vidsim.policy-member")! }
    let value: Family

    init(from decoder: Decoder) throws {
        guard let member = decoder.userInfo[Self.memberKey] as? PolicyRegistry<Family>.Member else {
            throw PolicyParameterError(codingPath: [], message: "internal: no policy member to decode")
        }
        value = try member.decode(decoder)
    }
}

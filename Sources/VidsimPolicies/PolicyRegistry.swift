/// A family of interchangeable policies (autoscaling policies, eviction policies, admission filters, ABR
/// algorithms, bandwidth processes), each member a type with its own parameters, registered under a name.
///
/// One registry serves everything that needs the names: the scenario loader decodes `policy: NAME` and the
/// member's parameters through it, `validate` suggests the closest name for a misspelt one, and the docs and
/// the JSON Schema list the members and their parameters from it.
///
/// The registry hands back an existential (`any Family`). A family consulted rarely (the autoscaler, once per
/// evaluation interval) keeps it as such. A family consulted per event must not: opening the existential into a
/// generic model runs unspecialised code (measured 2.5x slower), so its model is built through code that names
/// the member's concrete type (see VidsimKernel/Components.md).
public struct PolicyRegistry<Family>: Sendable {
    /// One registered policy.
    public struct Member: Sendable {
        /// The name a scenario writes (`policy: backlog`).
        public let name: String
        /// One line for docs and `validate`.
        public let summary: String
        /// The parameters the member takes, in declaration order, with what each means.
        public let parameters: [PolicyParameter]
        /// Decodes the member's parameters from the scenario's mapping (the mapping that names the policy).
        public let decode: @Sendable (Decoder) throws -> Family
    }

    /// What the family is called in messages ("autoscaling policy").
    public let familyName: String
    public let members: [Member]

    public init(familyName: String, members: [Member]) {
        self.familyName = familyName
        self.members = members
    }

    public var names: [String] { members.map(\.name) }

    public func member(named name: String) -> Member? { members.first { $0.name == name } }
}

/// A parameter of a policy, as the docs and the schema describe it.
public struct PolicyParameter: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A number without a unit (a fraction, a factor).
        case number
        /// A whole number.
        case integer
        /// A measure with a unit; the associated text is its kind ("a duration").
        case measure(String)
        /// A list of mappings with the named fields.
        case list(of: [PolicyParameter])
        /// One of the listed words.
        case choice([String])
        /// true or false.
        case boolean
        /// A file or folder path, or a list of them.
        case paths
    }

    public let name: String
    public let kind: Kind
    /// The default, as a scenario would write it; nil when the parameter is required.
    public let defaultValue: String?
    public let description: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String? = nil, _ description: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.description = description
    }
}

/// A policy's parameter that is out of range or malformed, located by its coding path so that the scenario
/// loader can name the file, line and field.
public struct PolicyParameterError: Error {
    public let codingPath: [CodingKey]
    public let message: String
    /// Points at the key itself (an unknown key) rather than its value.
    public let atKey: Bool

    public init(codingPath: [CodingKey], message: String, atKey: Bool = false) {
        self.codingPath = codingPath
        self.message = message
        self.atKey = atKey
    }
}

/// A key of any name, for reading a mapping's keys and for locating errors.
public struct PolicyKey: CodingKey {
    public let stringValue: String
    public let intValue: Int?
    public init(_ string: String) { stringValue = string; intValue = nil }
    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

extension Decoder {
    /// A parameter error at this decoder's position, or at one of its fields.
    public func parameterError(_ message: String, field: String? = nil) -> PolicyParameterError {
        PolicyParameterError(codingPath: codingPath + (field.map { [PolicyKey($0)] } ?? []), message: message)
    }
}

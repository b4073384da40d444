import VidsimCalibration
import VidsimPolicies
import VidsimUnits

/// The JSON Schema (draft 2020-12) of the scenario format, for editors that complete and check scenario files
/// (`vidsim schema`; docs/scenario.schema.json is its output).
///
/// It is generated from the declarations the loader itself uses, so it cannot drift from what the loader takes:
/// - each mapping's field names are its type's `CodingKeys.allCases`, the list `rejectUnknownKeys` checks, and
///   `additionalProperties: false` refuses any other, as the loader does;
/// - autoscaling policies and their parameters come from `AutoscalingPolicies.registry`;
/// - the units a quantity takes are its measure's `units`; distributions and their parameters are
///   `DistributionSpec.parameters`; codecs and presets are `VideoCodec`'s; choices are the enums' `allCases`.
///
/// What the code cannot say (each field's JSON type, description, default and range) comes from the side table
/// in ScenarioSchemaFields.swift. `check()` names every field the loader takes that the table does not describe,
/// and every entry of the table the loader does not take; a test keeps both lists empty.
///
/// A file that `extends:` another need not repeat what it inherits, so it is checked against a variant of the
/// schema in which nothing is required (list items are still checked whole: a list replaces the base's).
public enum ScenarioSchema {
    /// The draft the schema follows.
    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema as JSON text: keys sorted, two-space indentation, a newline at the end. The same build always
    /// gives the same bytes.
    public static func json() -> String {
        generate().schema.text()
    }

    /// What the side table and the loader's declarations disagree on; both empty when the schema is whole.
    public struct DeclarationCheck: Sendable, Equatable {
        /// Fields the loader takes that the side table does not describe ("RunSettings.daily_figures"), and
        /// declarations the generator could not turn into a schema.
        public var missing: [String] = []
        /// Side-table entries the loader does not take.
        public var extra: [String] = []
    }

    /// Compares the side table with the loader's declarations.
    public static func check() -> DeclarationCheck { generate().check }

    // MARK: Generation

    static func generate() -> (schema: JSONTree, check: DeclarationCheck) {
        var builder = SchemaBuilder()
        let strict = builder.objectReference(ScenarioSchemaFields.root, strict: true)
        let extending = builder.objectReference(ScenarioSchemaFields.root, strict: false)
        builder.checkTable()
        let schema: JSONTree = [
            "$schema": .string(draft),
            "title": "vidsim scenario",
            "description": .string(
                "A vidsim scenario file (YAML). Every quantity carries its unit. A file with `extends:` is checked "
                    + "without required fields, since it inherits them. Field reference: docs/scenario-reference.md."),
            "if": ["required": ["extends"]],
            "then": extending,
            "else": strict,
            "$defs": .object(builder.definitions),
        ]
        return (schema, builder.check)
    }

    /// A number as `splitNumberAndUnit` reads it: digits with optional thousands separators, an optional
    /// fraction and exponent; never negative.
    static let numberPattern = #"\+?(?:[0-9][0-9,]*(?:\.[0-9,]*)?|\.[0-9][0-9,]*)(?:[eE][+-]?[0-9]+)?"#

    /// Alternatives of literal texts in a regular expression, metacharacters escaped.
    static func alternatives(_ symbols: [String]) -> String {
        var seen = Set<String>()
        let unique = symbols.filter { seen.insert($0).inserted }
        return "(?:" + unique.map(escaped).joined(separator: "|") + ")"
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if #"\^$.|?*+()[]{}"#.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// The money part of a price, as `Money(parsing:)` reads it: "$0.085" or "0.085 USD".
    static var moneyPattern: String {
        #"(?:\$[ \t]*"# + numberPattern + "|" + numberPattern + "[ \\t]*" + alternatives(Money.units.map(\.symbol)) + ")"
    }
}

/// A measure as the schema describes it: a string of a number and one of the measure's unit symbols.
struct MeasureSchema: Sendable {
    /// The definition's name in `$defs`.
    let definition: String
    let measureName: String
    let symbols: [String]
    let example: String
    /// A price per this measure, as a scenario writes one ("$0.085/GB"), for the price's definition.
    let priceExample: String?

    init<M: Measure>(_ type: M.Type, definition: String, priceExample: String? = nil) {
        self.definition = definition
        measureName = M.measureName
        symbols = M.units.map(\.symbol)
        example = M.example
        self.priceExample = priceExample
    }

    var pattern: String {
        "^[ \\t]*" + ScenarioSchema.numberPattern + "[ \\t]*" + ScenarioSchema.alternatives(symbols) + "[ \\t]*$"
    }

    /// A quantity with an optional sign ("-5 h"): an offset rather than an amount.
    var signedPattern: String {
        "^[ \\t]*[+-]?[ \\t]*" + ScenarioSchema.numberPattern + "[ \\t]*" + ScenarioSchema.alternatives(symbols) + "[ \\t]*$"
    }

    var pricePattern: String {
        "^[ \\t]*" + ScenarioSchema.moneyPattern + "[ \\t]*/[ \\t]*" + ScenarioSchema.alternatives(symbols) + "[ \\t]*$"
    }
}

/// What a field holds, as its JSON Schema says it.
indirect enum FieldKind {
    /// Any text.
    case text
    /// true or false.
    case boolean
    /// Any of these kinds.
    case anyOf([FieldKind])
    /// Text matching a regular expression.
    case pattern(String)
    /// A whole number, within the bounds given.
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    /// A number; `above` and `below` are exclusive bounds.
    case number(minimum: Double? = nil, maximum: Double? = nil, above: Double? = nil, below: Double? = nil)
    /// One of these names.
    case choice([String])
    /// A quantity with a unit ("90 s").
    case measure(MeasureSchema)
    /// A price per unit of the measure ("$0.085/GB").
    case price(per: MeasureSchema)
    /// A single quantity, or a mapping naming a distribution and its parameters.
    case distribution(MeasureSchema)
    /// A mapping declared in `ScenarioSchemaFields.objects`, by its name.
    case object(String)
    /// A list of items.
    case list(FieldKind, minItems: Int? = nil, maxItems: Int? = nil)
    /// A mapping from names the scenario chooses to values.
    case mapping(FieldKind)
    /// An encoder preset: a name or a whole number, checked against the codec by the ladder's rules.
    case preset
}

/// One field of the side table: what it holds, what it means, whether it is required, and its default.
struct FieldSchema {
    let kind: FieldKind
    let description: String
    var required = false
    var defaultValue: JSONTree?

    static func optional(_ kind: FieldKind, _ description: String, default defaultValue: JSONTree? = nil) -> FieldSchema {
        FieldSchema(kind: kind, description: description, required: false, defaultValue: defaultValue)
    }

    static func required(_ kind: FieldKind, _ description: String) -> FieldSchema {
        FieldSchema(kind: kind, description: description, required: true, defaultValue: nil)
    }
}

/// A policy family's members and their parameters, as the schema describes them.
struct PolicyFamilyTable {
    let members: [(name: String, parameters: [PolicyParameter])]
    /// The field that names the member (`policy`, `algorithm`, `process`).
    let nameKey: String

    init<Family>(_ registry: PolicyRegistry<Family>, nameKey: String = "policy") {
        members = registry.members.map { ($0.name, $0.parameters) }
        self.nameKey = nameKey
    }

    static let autoscaling = PolicyFamilyTable(AutoscalingPolicies.registry)
    static let eviction = PolicyFamilyTable(EvictionPolicies.registry)
    static let abr = PolicyFamilyTable(ABRAlgorithms.registry, nameKey: "algorithm")
    static let bandwidth = PolicyFamilyTable(BandwidthProcesses.registry, nameKey: "process")
}

/// A mapping the loader reads, with the field names it accepts: its `CodingKeys.allCases` and the extra names
/// it passes to `rejectUnknownKeys(_:also:)`.
struct ObjectDeclaration {
    let name: String
    let keys: [String]
    let description: String
    /// The policy family whose members add their parameters beside the keys, if any.
    let policyFamily: PolicyFamilyTable?
    /// Constraints between fields (one of two fields required, ...), checked only where fields are required.
    let rules: [JSONTree]

    init<Keys: CodingKey & CaseIterable>(
        _ name: String, _ keys: Keys.Type, also extra: [String] = [], policies: PolicyFamilyTable? = nil,
        _ description: String, rules: [JSONTree] = []
    ) {
        self.name = name
        self.keys = keys.allCases.map(\.stringValue) + extra
        self.description = description
        policyFamily = policies
        self.rules = rules
    }
}

/// Builds the schema's definitions as they are referenced, and notes what it could not describe.
struct SchemaBuilder {
    var definitions: [String: JSONTree] = [:]
    var check = ScenarioSchema.DeclarationCheck()
    private let objects: [String: ObjectDeclaration]
    private let fields: [String: [String: FieldSchema]]
    private var referenced = Set<String>()
    /// Mappings whose definition for files that extend another is the same as the full one.
    private var sameWhenExtending = Set<String>()

    init() {
        objects = Dictionary(ScenarioSchemaFields.objects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        fields = ScenarioSchemaFields.fields
    }

    private func reference(_ definition: String) -> JSONTree { ["$ref": .string("#/$defs/" + definition)] }

    /// A reference to the object's definition, built on first use. A mapping reached through a mapping has a
    /// variant with nothing required, for files that extend another (`strict: false`).
    mutating func objectReference(_ name: String, strict: Bool) -> JSONTree {
        referenced.insert(name)
        if strict {
            if definitions[name] == nil {
                definitions[name] = [:]  // taken, so that a cycle would end
                definitions[name] = objectSchema(name, strict: true)
            }
            return reference(name)
        }
        if sameWhenExtending.contains(name) { return reference(name) }
        let extending = name + ".extending"
        if definitions[extending] == nil {
            definitions[extending] = [:]
            let schema = objectSchema(name, strict: false)
            _ = objectReference(name, strict: true)
            // A mapping that requires nothing needs no second definition.
            if schema == definitions[name] {
                definitions[extending] = nil
                sameWhenExtending.insert(name)
                return reference(name)
            }
            definitions[extending] = schema
        }
        return reference(extending)
    }

    private mutating func objectSchema(_ name: String, strict: Bool) -> JSONTree {
        guard let declaration = objects[name] else {
            check.missing.append("\(name) (referenced by the side table but not declared in ScenarioSchemaFields.objects)")
            return [:]
        }
        let table = fields[name] ?? [:]
        var properties: [String: JSONTree] = [:]
        var required: [JSONTree] = []
        for key in declaration.keys {
            guard let field = table[key] else {
                properties[key] = ["description": "(not described)"]
                continue
            }
            properties[key] = fieldSchema(field, strict: strict)
            if strict && field.required { required.append(.string(key)) }
        }
        var rules = strict ? declaration.rules : []
        if let family = declaration.policyFamily {
            rules += policyParameters(family, common: declaration.keys, properties: &properties, strict: strict)
        }
        var schema: [String: JSONTree] = [
            "type": "object",
            "description": .string(declaration.description),
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required) }
        if !rules.isEmpty { schema["allOf"] = .array(rules) }
        return .object(schema)
    }

    /// The field's schema with its description and default.
    private mutating func fieldSchema(_ field: FieldSchema, strict: Bool) -> JSONTree {
        var schema = kindSchema(field.kind, strict: strict)
        schema = schema.adding("description", .string(field.description))
        if let defaultValue = field.defaultValue { schema = schema.adding("default", defaultValue) }
        return schema
    }

    private mutating func kindSchema(_ kind: FieldKind, strict: Bool) -> JSONTree {
        switch kind {
        case .text:
            return ["type": "string"]
        case .boolean:
            return ["type": "boolean"]
        case let .anyOf(kinds):
            return ["anyOf": .array(kinds.map { kindSchema($0, strict: strict) })]
        case let .pattern(pattern):
            return ["type": "string", "pattern": .string(pattern)]
        case let .integer(minimum, maximum):
            var schema: [String: JSONTree] = ["type": "integer"]
            if let minimum { schema["minimum"] = .integer(minimum) }
            if let maximum { schema["maximum"] = .integer(maximum) }
            return .object(schema)
        case let .number(minimum, maximum, above, below):
            var schema: [String: JSONTree] = ["type": "number"]
            if let minimum { schema["minimum"] = .number(minimum) }
            if let maximum { schema["maximum"] = .number(maximum) }
            if let above { schema["exclusiveMinimum"] = .number(above) }
            if let below { schema["exclusiveMaximum"] = .number(below) }
            return .object(schema)
        case let .choice(names):
            return ["type": "string", "enum": .array(names.map { .string($0) })]
        case let .measure(measure):
            return measureReference(measure)
        case let .price(per):
            let definition = "PricePer" + per.definition
            if definitions[definition] == nil {
                definitions[definition] = [
                    "type": "string",
                    "pattern": .string(per.pricePattern),
                    "description": .string(
                        "A price per \(per.measureName.split(separator: " ").dropFirst().joined(separator: " ")): money "
                            + "('$0.085' or '0.085 USD'), '/', and one of the units \(per.symbols.joined(separator: ", "))."),
                ]
                if let example = per.priceExample {
                    definitions[definition] = definitions[definition]!.adding("examples", [.string(example)])
                }
            }
            return reference(definition)
        case let .distribution(measure):
            return distributionReference(measure, strict: strict)
        case let .object(name):
            return objectReference(name, strict: strict)
        case let .list(item, minItems, maxItems):
            // A list replaces the base's whole, so its items are complete even in a file that extends another.
            var schema: [String: JSONTree] = ["type": "array", "items": kindSchema(item, strict: true)]
            if let minItems { schema["minItems"] = .integer(minItems) }
            if let maxItems { schema["maxItems"] = .integer(maxItems) }
            return .object(schema)
        case let .mapping(value):
            return ["type": "object", "additionalProperties": kindSchema(value, strict: strict)]
        case .preset:
            return ["type": ["string", "integer"]]
        }
    }

    private mutating func measureReference(_ measure: MeasureSchema) -> JSONTree {
        if definitions[measure.definition] == nil {
            definitions[measure.definition] = [
                "type": "string",
                "pattern": .string(measure.pattern),
                "description": .string(
                    "\(measure.measureName.prefix(1).uppercased() + measure.measureName.dropFirst()): a number and a "
                        + "unit, one of \(measure.symbols.joined(separator: ", ")) (a thousands separator is allowed; "
                        + "never negative)."),
                "examples": .array([.string(measure.example)]),
            ]
        }
        return reference(measure.definition)
    }

    // MARK: Distributions

    /// A distribution of a measure: a single quantity (a constant), or a mapping naming one of
    /// `DistributionSpec.parameters` with exactly the parameters the loader takes for it.
    private mutating func distributionReference(_ measure: MeasureSchema, strict: Bool) -> JSONTree {
        let definition = measure.definition + "Distribution" + (strict ? "" : ".extending")
        guard definitions[definition] == nil else { return reference(definition) }
        definitions[definition] = [:]
        let quantity = measureReference(measure)
        let declared = ScenarioSchemaFields.distributionKinds
        let kinds = declared.keys.sorted()
        var properties: [String: JSONTree] = [
            "distribution": [
                "type": "string",
                "enum": .array(kinds.map { .string($0) }),
                "description": "The distribution's name; its parameters carry the field's unit, shape parameters are plain numbers.",
            ],
        ]
        for (name, parameter) in ScenarioSchemaFields.distributionParameters {
            let schema: JSONTree
            switch parameter.kind {
            case .quantity: schema = quantity
            case let .number(above): schema = above.map { ["type": "number", "exclusiveMinimum": .number($0)] } ?? ["type": "number"]
            case .quantities: schema = ["type": "array", "items": quantity, "minItems": 1]
            case .weights: schema = ["type": "array", "items": ["type": "number", "minimum": 0], "minItems": 1]
            }
            properties[name] = schema.adding("description", .string(parameter.description))
        }
        var mapping: [String: JSONTree] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        if strict {
            mapping["required"] = ["distribution"]
            mapping["allOf"] = .array(kinds.map { kind in
                let sets = declared[kind]!.map { set -> JSONTree in
                    ["required": .array(set.map { .string($0) }),
                     "propertyNames": ["enum": .array((["distribution"] + set).map { .string($0) })]]
                }
                return [
                    "if": ["properties": ["distribution": ["const": .string(kind)]], "required": ["distribution"]],
                    "then": sets.count == 1 ? sets[0] : ["oneOf": .array(sets)],
                ]
            })
        }
        definitions[definition] = [
            "description": .string(
                "\(measure.measureName.prefix(1).uppercased() + measure.measureName.dropFirst()) drawn at random: a single "
                    + "value such as '\(measure.example)' (a constant), or a mapping such as "
                    + "{ distribution: exponential, mean: \(measure.example) }."),
            "oneOf": [quantity, .object(mapping)],
        ]
        return reference(definition)
    }

    // MARK: Policies

    /// Adds every registered policy's parameters to `properties`, and returns the rules that let each policy
    /// take only its own (and, where fields are required, require those without a default).
    private mutating func policyParameters(_ family: PolicyFamilyTable, common: [String], properties: inout [String: JSONTree],
                                           strict: Bool) -> [JSONTree] {
        var rules: [JSONTree] = []
        for member in family.members {
            for parameter in member.parameters {
                var schema = policyParameterSchema(parameter, policy: member.name)
                if let existing = properties[parameter.name], let text = existing.string("description") {
                    // Two policies taking a parameter of one name: one entry says both.
                    schema = existing.adding("description", .string(text + " " + (schema.string("description") ?? "")))
                }
                properties[parameter.name] = schema
            }
            var then: [String: JSONTree] = [
                "propertyNames": ["enum": .array((common + member.parameters.map(\.name)).map { .string($0) })],
            ]
            let required = member.parameters.filter { $0.defaultValue == nil }.map(\.name)
            if strict && !required.isEmpty { then["required"] = .array(required.map { .string($0) }) }
            rules.append([
                "if": ["properties": [family.nameKey: ["const": .string(member.name)]], "required": [.string(family.nameKey)]],
                "then": .object(then),
            ])
        }
        return rules
    }

    private mutating func policyParameterSchema(_ parameter: PolicyParameter, policy: String?) -> JSONTree {
        var schema: JSONTree
        var defaultValue: JSONTree? = parameter.defaultValue.map { .string($0) }
        switch parameter.kind {
        case .number:
            schema = ["type": "number"]
            defaultValue = parameter.defaultValue.flatMap(Double.init).map { .number($0) }
        case .integer:
            schema = ["type": "integer"]
            defaultValue = parameter.defaultValue.flatMap { Int($0) }.map { .integer($0) }
        case let .measure(measureName):
            if let measure = ScenarioSchemaFields.measures.first(where: { $0.measureName == measureName }) {
                schema = measureReference(measure)
            } else {
                check.missing.append("policy parameter '\(parameter.name)': no measure is called '\(measureName)'")
                schema = ["type": "string"]
            }
        case let .list(fields):
            var properties: [String: JSONTree] = [:]
            for field in fields { properties[field.name] = policyParameterSchema(field, policy: nil) }
            let required = fields.filter { $0.defaultValue == nil }.map { JSONTree.string($0.name) }
            var item: [String: JSONTree] = [
                "type": "object", "properties": .object(properties), "additionalProperties": false,
            ]
            if !required.isEmpty { item["required"] = .array(required) }
            schema = ["type": "array", "items": .object(item), "minItems": 1]
        case let .choice(words):
            schema = ["type": "string", "enum": .array(words.map { .string($0) })]
        case .paths:
            schema = ["oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"], "minItems": 1]]]
        case .boolean:
            schema = ["type": "boolean"]
            defaultValue = parameter.defaultValue.flatMap { Bool($0) }.map { .bool($0) }
        }
        let description = parameter.description.prefix(1).uppercased() + parameter.description.dropFirst()
        schema = schema.adding("description", .string(policy.map { "\(description) (\($0) policy)." } ?? description + "."))
        if let defaultValue { schema = schema.adding("default", defaultValue) }
        return schema
    }

    // MARK: Checks

    /// Compares the side table with the declarations: every key described, every entry a key, every object
    /// declared and used, every distribution and its parameters as `DistributionSpec` declares them.
    mutating func checkTable() {
        for declaration in ScenarioSchemaFields.objects {
            let table = fields[declaration.name] ?? [:]
            for key in declaration.keys where table[key] == nil {
                check.missing.append("\(declaration.name).\(key)")
            }
            for key in table.keys.sorted() where !declaration.keys.contains(key) {
                check.extra.append("\(declaration.name).\(key)")
            }
            if !referenced.contains(declaration.name) {
                check.extra.append("\(declaration.name) (declared but no field holds it)")
            }
        }
        for name in fields.keys.sorted() where objects[name] == nil {
            check.extra.append("\(name) (a side-table type with no declaration)")
        }
        let loader = DistributionSpec<TimeSpan>.parameters
        let declared = ScenarioSchemaFields.distributionKinds
        for kind in loader.keys.sorted() {
            guard let sets = declared[kind] else {
                check.missing.append("distribution '\(kind)'")
                continue
            }
            let named = Set(sets.flatMap { $0 })
            for parameter in loader[kind]! where !named.contains(parameter) {
                check.missing.append("distribution '\(kind)' parameter '\(parameter)'")
            }
            for parameter in named.sorted() where !loader[kind]!.contains(parameter) {
                check.extra.append("distribution '\(kind)' parameter '\(parameter)'")
            }
        }
        for kind in declared.keys.sorted() where loader[kind] == nil { check.extra.append("distribution '\(kind)'") }
        let parameters = Set(loader.values.flatMap { $0 })
        for parameter in parameters.sorted() where ScenarioSchemaFields.distributionParameters[parameter] == nil {
            check.missing.append("distribution parameter '\(parameter)'")
        }
        for parameter in ScenarioSchemaFields.distributionParameters.keys.sorted() where !parameters.contains(parameter) {
            check.extra.append("distribution parameter '\(parameter)'")
        }
    }
}

import VidsimKernel
import VidsimUnits

/// A distribution of a measure as a scenario writes it, with units on every value.
///
/// A single value is a constant ("10 min"). Otherwise a mapping names the distribution and its parameters:
///
///     duration: { distribution: lognormal, median: 4 min, sigma: 1.2 }
///     duration: { distribution: lognormal, mean: 11.7 min, p95: 40 min }
///     bitrate:  { distribution: uniform, low: 8 Mbps, high: 60 Mbps }
///     duration: { distribution: empirical, values: [1 min, 10 min, 1 h], weights: [6, 3, 1] }
///     duration: { distribution: empirical, bins: [0 s, 1 min, 10 min, 2 h], weights: [5, 4, 1] }
public struct DistributionSpec<Quantity: Measure>: Decodable, Sendable {
    /// The distribution in the measure's base unit (seconds, bits per second, ...).
    public let distribution: Distribution

    public init(_ distribution: Distribution) { self.distribution = distribution }

    /// Parameters each distribution takes; `distribution` itself is always allowed.
    static var parameters: [String: [String]] {
        [
            "constant": ["value"], "uniform": ["low", "high"], "exponential": ["mean"],
            "normal": ["mean", "standard_deviation"], "lognormal": ["median", "sigma", "mean", "p95"],
            "gamma": ["shape", "scale"], "weibull": ["shape", "scale"], "pareto": ["shape", "minimum"],
            "empirical": ["values", "bins", "weights"],
        ]
    }

    public init(from decoder: Decoder) throws {
        try self.init(from: decoder, limit: nil)
    }

    /// Reads a distribution that `limit` bounds more tightly than its measure's own range (an upload's duration:
    /// 30 days, not 1000 years): every message about a value too large names that limit, the one that applies.
    init(from decoder: Decoder, limit: DrawLimit?) throws {
        /// Text parsed as the measure, a value beyond the measure's range said against the tighter limit.
        func parse(_ text: String) throws(UnitParseError) -> Double {
            do {
                return try Quantity(parsing: text).baseValue
            } catch let error {
                if case .tooLarge = error, let limit {
                    throw .tooLarge(text: text, measure: Quantity.measureName, largest: limit.limit.text)
                }
                throw error
            }
        }
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            do {
                distribution = .constant(try parse(text))
            } catch {
                throw decoder.fieldError(error.description)
            }
            try Self.checkRange(distribution, decoder: decoder, limit: limit)
            return
        }
        let container: KeyedDecodingContainer<AnyKey>
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw decoder.fieldError(
                "expected \(Quantity.measureName) such as '\(Quantity.example)', or a mapping such as "
                    + "{ distribution: exponential, mean: \(Quantity.example) }, found \(decoder.foundDescription)")
        }
        let kinds = Self.parameters.keys.sorted()
        guard let kind = try container.decodeIfPresent(String.self, forKey: AnyKey("distribution")) else {
            throw decoder.fieldError("a distribution needs 'distribution:' (one of \(kinds.joined(separator: ", ")))")
        }
        guard let allowed = Self.parameters[kind] else {
            var message = "unknown distribution '\(quoted(kind))'"
            if let close = Spelling.closest(to: kind, among: kinds) { message += " (did you mean '\(close)'?)" }
            throw decoder.fieldError(message + "; known: \(kinds.joined(separator: ", "))", field: "distribution")
        }
        for key in container.allKeys where key.stringValue != "distribution" && !allowed.contains(key.stringValue) {
            var message = "'\(quoted(key.stringValue))' is not a parameter of a \(kind) distribution"
            if let close = Spelling.closest(to: key.stringValue, among: allowed) { message += " (did you mean '\(close)'?)" }
            throw FieldError(codingPath: decoder.codingPath + [key],
                             message: message + "; it takes: \(allowed.joined(separator: ", "))", atKey: true)
        }

        func measure(_ name: String) throws -> Double {
            if limit != nil, let text = try? container.decode(String.self, forKey: AnyKey(name)) {
                do {
                    return try parse(text)
                } catch {
                    throw FieldError(codingPath: decoder.codingPath + [AnyKey(name)], message: error.description)
                }
            }
            return try container.decode(Quantity.self, forKey: AnyKey(name)).baseValue
        }
        /// A list of values (empirical values or bins).
        func measures(_ name: String) throws -> [Double] {
            if limit != nil, let texts = try? container.decode([String].self, forKey: AnyKey(name)) {
                var values: [Double] = []
                for (index, text) in texts.enumerated() {
                    do {
                        values.append(try parse(text))
                    } catch {
                        throw FieldError(codingPath: decoder.codingPath + [AnyKey(name), AnyKey(intValue: index)!],
                                         message: error.description)
                    }
                }
                return values
            }
            return try container.decode([Quantity].self, forKey: AnyKey(name)).map(\.baseValue)
        }
        func number(_ name: String) throws -> Double {
            try container.decode(Double.self, forKey: AnyKey(name))
        }
        func has(_ name: String) -> Bool { container.contains(AnyKey(name)) }

        do {
            switch kind {
            case "constant": distribution = .constant(try measure("value"))
            case "uniform": distribution = .uniform(low: try measure("low"), high: try measure("high"))
            case "exponential": distribution = .exponential(mean: try measure("mean"))
            case "normal":
                distribution = .normal(mean: try measure("mean"), standardDeviation: try measure("standard_deviation"))
            case "lognormal":
                if has("median") || has("sigma") {
                    guard !has("mean"), !has("p95") else {
                        throw decoder.fieldError("give a lognormal either median and sigma, or mean and p95")
                    }
                    distribution = try .lognormal(median: try measure("median"), sigma: try number("sigma"))
                } else {
                    distribution = try .lognormal(mean: try measure("mean"), p95: try measure("p95"))
                }
            case "gamma": distribution = .gamma(shape: try number("shape"), scale: try measure("scale"))
            case "weibull": distribution = .weibull(shape: try number("shape"), scale: try measure("scale"))
            case "pareto": distribution = .pareto(shape: try number("shape"), minimum: try measure("minimum"))
            default:
                let weights = try container.decode([Double].self, forKey: AnyKey("weights"))
                if has("bins") {
                    let edges = try measures("bins")
                    distribution = .empirical(try EmpiricalTable(edges: edges, weights: weights))
                } else {
                    let values = try measures("values")
                    distribution = .empirical(try EmpiricalTable(values: values, weights: weights))
                }
            }
            _ = try distribution.validated()
        } catch let error as DistributionError {
            let field = error.parameter.flatMap { has($0) ? $0 : nil }
            throw decoder.fieldError(error.description, field: field)
        }
        try Self.checkRange(distribution, decoder: decoder, limit: limit)
    }

    /// Refuses a distribution whose one-in-a-billion draw exceeds the field's limit if it has one, else the
    /// measure's own range.
    static func checkRange(_ distribution: Distribution, decoder: Decoder, limit: DrawLimit?) throws {
        guard let limit else { return try checkRange(distribution, decoder: decoder, largest: Quantity.largest) }
        let tail = distribution.upperTail
        guard tail <= limit.limit.value else { throw decoder.fieldError(limit.beyond(tail)) }
    }

    /// Refuses a distribution whose one-in-a-billion draw (`Distribution.upperTail`) exceeds `largest`: a run
    /// draws millions of values, and the model must be able to represent every one.
    static func checkRange(_ distribution: Distribution, decoder: Decoder, largest: MeasureLimit,
                           what: String = "a draw") throws {
        let tail = distribution.upperTail
        guard tail <= largest.value else {
            let found = tail.isFinite ? "\(Quantity(baseValue: tail))" : "infinite"
            throw decoder.fieldError(
                "expected a distribution whose draws stay within \(largest.text), found one in a billion "
                    + "draws at \(found) or more: narrow its spread or lower its scale")
        }
    }
}

/// A limit a field sets on the draws of its distribution, tighter than the measure's own range: an upload's
/// duration is at most 30 days (`ScenarioLimits.uploadDuration`), where any duration may be 1000 years.
struct DrawLimit: Sendable {
    /// The largest one-in-a-billion draw, in the measure's base unit, and how messages say it.
    let limit: MeasureLimit
    /// The message when the one-in-a-billion draw (given) is beyond the limit.
    let beyond: @Sendable (Double) -> String
}

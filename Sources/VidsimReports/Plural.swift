/// "1 worker", "5 workers", "0.5 workers": a number as written and its noun, singular for exactly one and plural
/// otherwise (the noun and an "s" unless `plural` is given). The one place reports and commands write a count.
public func counted(_ number: String, _ noun: String, plural: String? = nil) -> String {
    number + " " + (isExactlyOne(number) ? noun : plural ?? noun + "s")
}

/// "1 replication", "5 replications".
public func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    counted(String(count), noun, plural: plural)
}

/// Whether a number as written reads as exactly one ("1", "+1", "-1"), so the noun after it is singular.
public func isExactlyOne(_ number: String) -> Bool { number == "1" || number == "+1" || number == "-1" }

/// The singular of a plural unit written after a count: "workers" → "worker", "uploads/day" → "upload/day",
/// "queries/s" → "query/s", "vCPU-hours/day" → "vCPU-hour/day" (the noun before any "/").
func singularUnit(_ plural: String) -> String {
    let parts = plural.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    var noun = parts[0]
    if noun.hasSuffix("ies") {
        noun = String(noun.dropLast(3)) + "y"
    } else if noun.hasSuffix("s"), !noun.hasSuffix("ss") {
        noun.removeLast()
    }
    return ([noun] + parts.dropFirst()).joined(separator: "/")
}

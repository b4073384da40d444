import Foundation
import VidsimScenario
import VidsimUnits

/// Stored bytes and their cost month by month, from a day's ingest.
///
/// Each day's uploads form a cohort (raw files and renditions, growing by `monthly_growth` compounded daily);
/// at age a a cohort is in the last tier whose `after` <= a, has lost its raw files if a >= keep_raw_for, and
/// has lost the deleted share of everything if a >= the deletion age. Physical bytes are logical bytes times
/// the redundancy overhead (replicas n, or erasure coding (k + m) / k). Cost integrates physical bytes over
/// each day at the tier's price per GB-month (a month is 365.25 / 12 = 30.4375 days).
public struct StorageGrowth {
    public static let daysPerMonth = 30.4375

    public struct Month: Sendable, Codable, Equatable {
        public let month: Int
        /// Physical bytes in each tier at the end of the month, in tier order.
        public let physicalBytesByTier: [Double]
        public let physicalBytes: Double
        public let logicalBytes: Double
        /// Storage cost over the month, in all and by tier.
        public let cost: Double
        public let costByTier: [Double]
    }

    public let settings: StorageSettings
    public let rawBytesPerDay: Double
    public let renditionBytesPerDay: Double

    public init(settings: StorageSettings, rawBytesPerDay: Double, renditionBytesPerDay: Double) {
        self.settings = settings
        self.rawBytesPerDay = rawBytesPerDay
        self.renditionBytesPerDay = renditionBytesPerDay
    }

    public func months() -> [Month] {
        let days = Int((Double(settings.months) * Self.daysPerMonth).rounded(.up))
        let dailyGrowth = pow(1 + settings.monthlyGrowth, 1 / Self.daysPerMonth)
        let tierStarts = settings.tiers.map(\.after.days)
        let dailyPrices = settings.tiers.map { $0.monthlyPrice.dollarsPerBaseUnit / Self.daysPerMonth }
        let overhead = settings.redundancy.overhead
        let rawDays = settings.keepRawFor?.days ?? .infinity
        let deleteDays = settings.deletedFraction > 0 ? settings.deletedAfter.days : .infinity
        let cohortScale = (0..<days).map { pow(dailyGrowth, Double($0)) }

        var result: [Month] = []
        var monthCost = [Double](repeating: 0, count: tierStarts.count)
        var monthEnd = Self.daysPerMonth
        for day in 0..<days {
            // State at the end of `day`: cohorts 0...day, aged day - cohort + 1 days.
            var byTier = [Double](repeating: 0, count: tierStarts.count)
            var logical = 0.0
            for cohort in 0...day {
                let age = Double(day - cohort) + 1
                let scale = cohortScale[cohort]
                var bytes = renditionBytesPerDay * scale + (age <= rawDays ? rawBytesPerDay * scale : 0)
                if age > deleteDays { bytes *= 1 - settings.deletedFraction }
                let tier = (tierStarts.lastIndex { $0 < age }) ?? 0
                byTier[tier] += bytes * overhead
                logical += bytes
            }
            for tier in byTier.indices { monthCost[tier] += byTier[tier] * dailyPrices[tier] }
            if Double(day + 1) >= monthEnd - 1e-9 || day == days - 1 {
                result.append(Month(month: result.count + 1, physicalBytesByTier: byTier,
                                    physicalBytes: byTier.reduce(0, +), logicalBytes: logical,
                                    cost: monthCost.reduce(0, +), costByTier: monthCost))
                monthCost = [Double](repeating: 0, count: tierStarts.count)
                monthEnd += Self.daysPerMonth
                if result.count == settings.months { break }
            }
        }
        return result
    }
}

import Foundation
import XCTest
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The autoscaling family: each member's rule, the registry the loader uses, and the docs kept in step with it.
final class AutoscalingPolicyTests: XCTestCase {
    private func load(_ autoscaling: String) throws -> Scenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("policy.yaml")
        try """
            name: policy
            run: { horizon: 1 h }
            uploads: { count: 1/s, duration: 60 s, source_bitrate: 5 Mbps }
            ladder: { rungs: [ { name: only, bitrate: 1 Mbps } ] }
            transcode:
              workers: 10
              cost_per_content_second: { only: 1 }
              autoscaling: \(autoscaling)
            """.write(to: url, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: url.path)
    }

    private func error(_ autoscaling: String) -> ScenarioError? {
        do {
            _ = try load(autoscaling)
            return nil
        } catch {
            return error as? ScenarioError
        }
    }

    private func load(time: Double, busy: Double, queuedTasks: Int = 0, queuedWork: Double = 0) -> FleetLoad {
        FleetLoad(busyWorkers: busy, queuedTasks: queuedTasks, queuedWorkSeconds: queuedWork, aliveWorkers: 0,
                  time: TimeSpan(seconds: time))
    }

    func testTargetUtilisationHoldsBusyOverTarget() {
        let policy = TargetUtilisationPolicy(targetUtilisation: 0.7)
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 7)), 10, "an exact multiple is not rounded up")
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 7.01)), 11)
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 0)), 0)
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 0, queuedTasks: 3)), 1, "waiting work keeps one")
    }

    func testBacklogAddsAWorkerPerBacklogOfWork() {
        let policy = BacklogPolicy(backlogPerVCPU: TimeSpan(seconds: 30))
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 4.2, queuedWork: 61)), 5 + 3)
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 0, busy: 1e300, queuedWork: 1e300)), Int.max, "never traps")
    }

    func testScheduleWrapsAtMidnight() {
        let policy = SchedulePolicy(schedule: [.init(from: .hours(18), workers: 50), .init(from: .hours(6), workers: 10)])
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 3 * 3600, busy: 0)), 50, "before the first step: the last")
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 7 * 3600, busy: 99)), 10)
        XCTAssertEqual(policy.desiredWorkers(for: load(time: 86_400 + 19 * 3600, busy: 0)), 50, "the next day")
        XCTAssertEqual(policy.largestScheduledSize, 50)
    }

    func testTheLoaderDecodesEachPolicyByName() throws {
        let backlog = try load("{ policy: backlog, backlog_per_vcpu: 45 s, max: 20 }")
        XCTAssertEqual((backlog.transcode.autoscaling?.policy as? BacklogPolicy)?.backlogPerVCPU, TimeSpan(seconds: 45))
        let target = try load("{ policy: target-utilisation, max: 20 }")
        XCTAssertEqual((target.transcode.autoscaling?.policy as? TargetUtilisationPolicy)?.targetUtilisation, 0.7)
        let schedule = try load("{ policy: schedule, max: 20, schedule: [ { from: 20 h, workers: 20 }, { from: 0 h, workers: 10 } ] }")
        XCTAssertEqual((schedule.transcode.autoscaling?.policy as? SchedulePolicy)?.schedule.map(\.workers), [10, 20])
    }

    func testMistakesAreLocatedAndExplained() throws {
        let misspelt = try XCTUnwrap(error("{ policy: backlgo, max: 20 }"))
        XCTAssertEqual(misspelt.fieldPath, "transcode.autoscaling.policy")
        XCTAssertTrue(misspelt.message.contains("did you mean 'backlog'?"), misspelt.message)
        XCTAssertTrue(misspelt.message.contains("known: target-utilisation, backlog, schedule"), misspelt.message)

        let otherPolicysParameter = try XCTUnwrap(error("{ policy: backlog, target_utilisation: 0.5, max: 20 }"))
        XCTAssertEqual(otherPolicysParameter.fieldPath, "transcode.autoscaling.target_utilisation")
        XCTAssertTrue(otherPolicysParameter.message.contains("not a parameter of the backlog policy; it takes: backlog_per_vcpu"),
                      otherPolicysParameter.message)

        let outOfRange = try XCTUnwrap(error("{ policy: target-utilisation, target_utilisation: 1.5, max: 20 }"))
        XCTAssertEqual(outOfRange.fieldPath, "transcode.autoscaling.target_utilisation")
        XCTAssertEqual(outOfRange.line, 8)
        XCTAssertTrue(outOfRange.message.contains("found 1.5"), outOfRange.message)

        let step = try XCTUnwrap(error("{ policy: schedule, max: 20, schedule: [ { from: 20 h, workers: 20, form: 1 h } ] }"))
        XCTAssertEqual(step.fieldPath, "transcode.autoscaling.schedule[0].form")
        XCTAssertTrue(step.message.contains("did you mean 'from'?"), step.message)

        let noSchedule = try XCTUnwrap(error("{ policy: schedule, max: 20 }"))
        XCTAssertEqual(noSchedule.fieldPath, "transcode.autoscaling.schedule")
    }

    /// docs/scenario-reference.md names every registered policy and every parameter of each.
    func testEveryPolicyAndParameterIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let reference = try String(contentsOf: root.appendingPathComponent("docs/scenario-reference.md"), encoding: .utf8)
        for member in AutoscalingPolicies.registry.members {
            XCTAssertTrue(reference.contains("`\(member.name)`"), "policy \(member.name) is not documented")
            for parameter in member.parameters {
                XCTAssertTrue(reference.contains("`\(parameter.name)`"), "\(member.name).\(parameter.name) is not documented")
            }
        }
    }
}

import Foundation
import VidsimKernel

/// Shows a run's progress on stderr while it runs, when stderr is a terminal and the run has lasted two
/// seconds: the share simulated, the replications done and an estimate of the time left. Nothing is printed
/// otherwise, so logs and pipes stay clean.
final class ProgressDisplay: @unchecked Sendable {
    private let progress: RunProgress
    private let label: String
    private let enabled: Bool
    private let started = DispatchTime.now()
    private let lock = NSLock()
    private var stopped = false
    private var drawn = false
    private var thread: Thread?

    init(_ progress: RunProgress, label: String) {
        self.progress = progress
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["VIDSIM_NO_PROGRESS"] == nil
    }

    /// Starts drawing in the background.
    func start() {
        guard enabled else { return }
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                lock.lock()
                if stopped {
                    lock.unlock()
                    return
                }
                draw()
                lock.unlock()
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops drawing and clears the line.
    func stop() {
        lock.lock()
        stopped = true
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        lock.unlock()
    }

    private func draw() {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard elapsed >= 2 else { return }
        let (done, finished, total) = progress.snapshot()
        let width = 24
        let filled = Int((done * Double(width)).rounded(.down))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        var text = "\r\(label) [\(bar)] \(Int(done * 100))% simulated, \(finished) of \(total) replication\(total == 1 ? "" : "s") done"
        if done > 0.01 {
            let left = elapsed * (1 - done) / done
            text += ", about \(Self.duration(left)) left"
        }
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
        drawn = true
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return "\(Int(seconds.rounded())) s" }
        if seconds < 3600 { return "\(Int(seconds / 60)) min \(Int(seconds.truncatingRemainder(dividingBy: 60))) s" }
        return "\(Int(seconds / 3600)) h \(Int(seconds.truncatingRemainder(dividingBy: 3600) / 60)) min"
    }
}

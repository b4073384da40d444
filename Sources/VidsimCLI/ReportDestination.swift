import ArgumentParser
import Foundation
import VidsimReports

/// The folder a report is written into, checked before a run starts: a run of minutes must not end in "cannot
/// write the report".
struct ReportDestination {
    let folder: URL

    init(reportsDirectory: String, name: String) {
        folder = URL(fileURLWithPath: reportsDirectory).appendingPathComponent(name)
    }

    /// Checks the folder before a run; when it is unusable, says why on stderr and exits 1.
    func prepare() throws {
        do {
            try check()
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Renders every file, then writes each atomically (a temporary file, then a rename) and returns their
    /// paths; a failure is said on stderr and exits 1, with no file half-written, and none written when one
    /// cannot be rendered.
    func write(_ files: [(fileName: String, contents: () throws -> Data)]) throws -> [String] {
        var written: [String] = []
        do {
            let rendered = try files.map { (url: folder.appendingPathComponent($0.fileName), data: try $0.contents()) }
            for file in rendered {
                try AtomicFile.write(file.data, to: file.url)
                written.append(file.url.relativePath)
            }
        } catch {
            Terminal.error("error: cannot write in \(folder.path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        return written
    }

    /// Removes the files named in `known` (vidsim's own report names) that this run did not write (`keeping`):
    /// what an earlier run with other formats left, which a reader would take for this run's. Call it only once
    /// every new file is written, so a failed run leaves the old reports whole. Only regular files and links
    /// are removed, nothing else in the folder is touched; a file that cannot be removed is said on stderr.
    /// Returns the paths removed.
    func removeStale(_ known: [String], keeping written: [String]) -> [String] {
        var removed: [String] = []
        for name in known where !written.contains(name) {
            let url = folder.appendingPathComponent(name)
            // The item itself, not what a link points to.
            guard let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType,
                  type == .typeRegular || type == .typeSymbolicLink else { continue }
            do {
                try FileManager.default.removeItem(at: url)
                removed.append(url.relativePath)
            } catch {
                Terminal.error("warning: cannot remove the earlier run's \(url.relativePath): \(Self.reason(error))")
            }
        }
        return removed
    }

    /// Creates the folder if needed and proves it writable by writing and removing a probe file. Throws a
    /// message naming the folder and the reason.
    func check() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportDestinationError(message: "cannot write the report in \(folder.path): it is a file, not a folder")
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportDestinationError(message: "cannot create the report folder \(folder.path): \(Self.reason(error))")
        }
        let probe = folder.appendingPathComponent(".vidsim-write-check-\(getpid())")
        guard manager.createFile(atPath: probe.path, contents: Data()) else {
            throw ReportDestinationError(message: "cannot write in the report folder \(folder.path): permission denied or read-only")
        }
        try? manager.removeItem(at: probe)
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return error.localizedDescription
    }
}

struct ReportDestinationError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

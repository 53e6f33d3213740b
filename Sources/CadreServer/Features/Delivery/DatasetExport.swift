import CadreCore
import Fluent
import SQLKit
import Vapor

/// Writes one project's answers in one format into a directory: reads a page of tasks,
/// encodes it, appends the rows to the open files, and moves on, so memory stays flat
/// whatever the project's size. Snapshots and `cadre export` both write through here.
struct DatasetExport {
    let project: Project
    let spec: SnapshotSpec
    let asOf: Date
    /// Where episode manifests find the clips they ship with.
    var blobs: (any BlobStore)? = nil

    /// The files a spec writes: one named after the format, or train and test.
    static func fileNames(_ spec: SnapshotSpec) -> [String] {
        // Label Studio imports a JSON array; everything else is JSONL.
        let suffix = spec.format == .labelStudio ? "json" : "jsonl"
        return spec.testRatio == nil ? ["\(spec.format.rawValue).\(suffix)"] : ["train.\(suffix)", "test.\(suffix)"]
    }

    /// - Parameter progress: called after each page with the tasks read so far and the total.
    func write(
        into directory: URL, on db: any SQLDatabase, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> (files: [SnapshotManifest.File], counts: SnapshotManifest.Counts) {
        let projectID = try project.requireID()
        var source = DeliverySource(projectID: projectID, spec: spec, asOf: asOf)
        if project.template == .videoDemonstration {
            source.capture = try VideoDemonstrationTemplate.validateConfiguration(try project.configurationJSON).requirements
        }
        let conversational = try await source.hasChatTasks(on: db)
        guard let encoder = DeliveryEncoding.encoder(
            kind: project.template, format: spec.format, configuration: try project.configurationJSON,
            options: spec.options(conversational: conversational))
        else { throw Problem.validation(field: "format", "\(spec.format.rawValue) is not available for a \(project.template.rawValue) project") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = try Self.fileNames(spec).map { try DatasetFile(name: $0, in: directory, asArray: spec.format == .labelStudio) }
        let split = spec.testRatio.map(DatasetSplit.init)
        let total = try await source.taskCount(on: db)
        var counts = SnapshotManifest.Counts()
        var clips: [String: String] = [:]  // file name → SHA-256
        var cursor: UUID?
        while true {
            let page = try await source.page(after: cursor, on: db)
            guard let last = page.last else { break }
            cursor = last
            for item in page.items {
                counts.tasks += 1
                switch item {
                case .unanswered: counts.unanswered += 1
                case .filtered: counts.filtered += 1
                case .task(let task):
                    let encoded = encoder.encode(task)
                    for exclusion in encoded.exclusions { counts.excluded[exclusion.rawValue, default: 0] += 1 }
                    let file = split.map { $0.isTest(task.externalID) ? files[1] : files[0] } ?? files[0]
                    for record in encoded.records {
                        try file.write(record)
                        if let name = record["file"]?.stringValue, let sha = record["sha256"]?.stringValue { clips[name] = sha }
                    }
                    counts.records += encoded.records.count
                }
            }
            progress(counts.tasks, total)
        }
        let clipFiles = try clips.sorted { $0.key < $1.key }.map { name, sha in try ship(sha, as: name, into: directory) }
        var extra = clipFiles
        if spec.format == .labelStudio {
            extra.append(try DatasetFile.text(LabelStudioLayout(kind: project.template, configuration: try project.configurationJSON).config,
                                              name: "label-studio-config.xml", in: directory))
        }
        return (try files.map { try $0.finish() } + extra, counts)
    }

    /// Copies a clip from the blob store next to the manifest that names it.
    private func ship(_ sha256: String, as name: String, into directory: URL) throws -> SnapshotManifest.File {
        guard let blobs, blobs.contains(sha256) else { throw Problem.conflict("clip_missing", "The clip \(sha256) named by an episode is no longer stored.") }
        let target = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: blobs.url(for: sha256), to: target)
        let bytes = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.intValue ?? 0
        return SnapshotManifest.File(name: name, records: 1, bytes: bytes, sha256: sha256)
    }
}

extension Project {
    /// The stored template configuration as JSON.
    var configurationJSON: JSONValue {
        get throws { try JSONValue(parsing: configuration) }
    }
}

import CadreCore
import Foundation
import Vapor

/// Turns an uploaded resume into text: plain text as sent, PDFs through `pdftotext`
/// (poppler-utils). A server without `pdftotext` asks for pasted text instead of failing.
enum ResumeText {
    static let maximumCharacters = 100_000

    static func extract(from req: Request) async throws -> String {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw Problem.malformedBody("The body is empty; send the resume as application/pdf or text/plain.")
        }
        return try await extract(Data(buffer: buffer), type: req.headers.contentType, on: req)
    }

    /// The text of a resume sent as `type` (a page's file upload or pasted text).
    static func extract(_ data: Data, type: HTTPMediaType?, on req: Request) async throws -> String {
        let text: String
        if type?.type == "application", type?.subType == "pdf" {
            // A PDF's text layer can hold U+0000, which the database cannot store and no reader misses.
            text = try await pdfText(data, on: req).replacingOccurrences(of: "\u{0}", with: "")
        } else if type?.type == "text", type?.subType == "plain" {
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw Problem.validation(field: "body", "the text is not valid UTF-8")
            }
            guard !decoded.contains("\u{0}") else { throw Problem.validation(field: "body", JSONValue.nulCharacterMessage) }
            text = decoded
        } else {
            throw Problem(status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                          detail: "Send the resume as application/pdf or text/plain.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Problem.validation(field: "body", "no text found in the resume; if it is a scanned PDF, paste the text instead")
        }
        guard trimmed.count <= maximumCharacters else {
            throw Problem.validation(field: "body", "the resume text is longer than \(maximumCharacters) characters")
        }
        return trimmed
    }

    /// Where `pdftotext` is, if this machine has it; looked up once, not on every upload and page.
    static let pdftotextPath: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return (directories + ["/usr/bin", "/usr/local/bin"]).map { "\($0)/pdftotext" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private static func pdfText(_ data: Data, on req: Request) async throws -> String {
        guard data.starts(with: Data("%PDF".utf8)) else {
            throw Problem.validation(field: "body", "this is not a PDF file (it does not start with %PDF)")
        }
        guard let tool = req.application.pdftotext.path else {
            throw Problem(status: .unprocessableEntity, code: "pdf_unsupported", title: "PDF resumes are not available",
                          detail: "This server cannot read PDF files (pdftotext is not installed). Paste the resume as text instead.")
        }
        return try await req.application.threadPool.runIfActive(eventLoop: req.eventLoop) {
            try runPdftotext(tool, data)
        }.get()
    }

    /// Runs `pdftotext FILE -` on a temporary copy; a damaged PDF is the sender's problem (422).
    private static func runPdftotext(_ tool: String, _ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-resume-\(UUID().uuidString).pdf")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", "-q", file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Problem.validation(field: "body", "the PDF could not be read (pdftotext exit \(process.terminationStatus)); paste the text instead")
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Where PDF resumes are read from: found on the machine, or (in tests) missing on purpose.
enum PdftotextTool: Sendable {
    case automatic, missing

    var path: String? { self == .missing ? nil : ResumeText.pdftotextPath }
}

extension Application {
    private struct PdftotextKey: StorageKey { typealias Value = PdftotextTool }

    var pdftotext: PdftotextTool {
        get { storage[PdftotextKey.self] ?? .automatic }
        set { storage[PdftotextKey.self] = newValue }
    }
}

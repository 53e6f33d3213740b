import Foundation

/// `cadre serve` started as a child process of this binary, for benchmarks that need a
/// running server: a temporary data directory, a known admin, a free port.
final class LocalServer: @unchecked Sendable {
    let url: String
    let process: Process
    let log: URL

    static let adminEmail = "bench-admin@cadre.local"
    static let adminPassword = "bench-admin-password"

    init(dataDirectory: String, databaseURL: String?, port: Int) throws {
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["serve", "--hostname", "127.0.0.1", "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["CADRE_DATA_DIR"] = dataDirectory
        environment["CADRE_ADMIN_EMAIL"] = Self.adminEmail
        environment["CADRE_ADMIN_PASSWORD"] = Self.adminPassword
        environment["CADRE_LOG_LEVEL"] = "warning"
        // Sign-in of the virtual experts is setup, not what is measured.
        environment["CADRE_BCRYPT_COST"] = "4"
        // Virtual experts ask for work far faster than people do; the limit would be what is measured.
        environment["CADRE_NEXT_WORK_PER_MINUTE"] = "0"
        if let databaseURL { environment["DATABASE_URL"] = databaseURL } else { environment["DATABASE_URL"] = nil }
        process.environment = environment
        log = URL(fileURLWithPath: dataDirectory).appendingPathComponent("serve-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Polls `/healthz` until it answers, for at most `seconds`.
    func waitUntilReady(client: CadreClient, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !process.isRunning { throw CadreClient.Failure(status: 0, body: "server exited; see \(log.path)") }
            if let (status, _) = try? await client.send(.GET, "/healthz", timeout: .seconds(2)), status == 200 { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw CadreClient.Failure(status: 0, body: "server did not start within \(Int(seconds)) s; see \(log.path)")
    }

    /// Peak resident memory of the server process, from /proc (Linux), in MiB.
    var peakMemoryMiB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }

    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        process.waitUntilExit()
    }

    static func freePort() -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

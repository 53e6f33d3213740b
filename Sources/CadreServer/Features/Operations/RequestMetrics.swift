import Synchronization
import Vapor

/// Request counts and latencies by route and status, rendered in Prometheus text format.
///
/// Kept per application (not in a process-wide registry) so tests that build many apps
/// see only their own requests.
final class RequestMetrics: Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds.
    static let bucketBounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series: Hashable { var method: String; var route: String; var status: UInt }
    private struct Latency {
        var buckets = [UInt64](repeating: 0, count: RequestMetrics.bucketBounds.count)
        var count: UInt64 = 0
        var sum: Double = 0

        mutating func record(_ seconds: Double) {
            count += 1
            sum += seconds
            for (index, bound) in RequestMetrics.bucketBounds.enumerated() where seconds <= bound {
                buckets[index] += 1
            }
        }
    }
    private struct State {
        var counts: [Series: UInt64] = [:]
        var latencies: [Series: Latency] = [:]
    }

    private let state = Mutex(State())

    func record(method: String, route: String, status: UInt, seconds: Double) {
        let series = Series(method: method, route: route, status: status)
        state.withLock { state in
            state.counts[series, default: 0] += 1
            // In place: a copy taken out and stored back would copy the buckets every time.
            state.latencies[series, default: Latency()].record(seconds)
        }
    }

    /// The exposition text for `/metrics`.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP cadre_http_requests_total HTTP requests handled, by route and status.\n"
        out += "# TYPE cadre_http_requests_total counter\n"
        let ordered = snapshot.counts.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for series in ordered {
            out += "cadre_http_requests_total{\(labels(series))} \(snapshot.counts[series] ?? 0)\n"
        }
        out += "# HELP cadre_http_request_duration_seconds Time to produce a response.\n"
        out += "# TYPE cadre_http_request_duration_seconds histogram\n"
        for series in ordered {
            guard let latency = snapshot.latencies[series] else { continue }
            for (index, bound) in Self.bucketBounds.enumerated() {
                out += "cadre_http_request_duration_seconds_bucket{\(labels(series)),le=\"\(bound)\"} \(latency.buckets[index])\n"
            }
            out += "cadre_http_request_duration_seconds_bucket{\(labels(series)),le=\"+Inf\"} \(latency.count)\n"
            out += "cadre_http_request_duration_seconds_sum{\(labels(series))} \(latency.sum)\n"
            out += "cadre_http_request_duration_seconds_count{\(labels(series))} \(latency.count)\n"
        }
        return out
    }

    private func labels(_ series: Series) -> String {
        "method=\"\(series.method)\",route=\"\(escape(series.route))\",status=\"\(series.status)\""
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

extension Application {
    private struct RequestMetricsKey: StorageKey { typealias Value = RequestMetrics }

    var requestMetrics: RequestMetrics {
        if let existing = storage[RequestMetricsKey.self] { return existing }
        let metrics = RequestMetrics()
        storage[RequestMetricsKey.self] = metrics
        return metrics
    }
}

@testable import CadreServer
import XCTest

final class LLMConfigurationTests: XCTestCase {
    private func problems(_ env: [String: String]) -> [String] {
        do {
            _ = try CadreConfiguration.fromEnvironment(env)
            return []
        } catch {
            return (error as? ConfigurationError)?.problems ?? ["\(error)"]
        }
    }

    func testNoLLMUnlessConfigured() throws {
        XCTAssertNil(try CadreConfiguration.fromEnvironment([:]).llm)
    }

    func testEndpointModelKeyAndTimeout() throws {
        let config = try CadreConfiguration.fromEnvironment([
            "CADRE_LLM_BASE_URL": "http://127.0.0.1:9999/v1/", "CADRE_LLM_MODEL": "qwen2.5-7b-instruct",
            "CADRE_LLM_API_KEY": "sk-local", "CADRE_LLM_TIMEOUT_SECONDS": "7.5",
        ])
        let llm = try XCTUnwrap(config.llm)
        XCTAssertEqual(llm, LLMConfiguration(baseURL: "http://127.0.0.1:9999/v1", model: "qwen2.5-7b-instruct", apiKey: "sk-local", timeout: 7.5))
        XCTAssertEqual(llm.chatCompletionsURL, "http://127.0.0.1:9999/v1/chat/completions")
    }

    func testTimeoutDefaultsAndKeyIsOptional() throws {
        let llm = try XCTUnwrap(try CadreConfiguration.fromEnvironment(["CADRE_LLM_BASE_URL": "https://llm.example.com/v1", "CADRE_LLM_MODEL": "m"]).llm)
        XCTAssertEqual(llm.timeout, 20)
        XCTAssertNil(llm.apiKey)
    }

    func testOneWithoutTheOtherNamesTheMissingVariable() {
        XCTAssertEqual(problems(["CADRE_LLM_BASE_URL": "http://127.0.0.1:9999/v1"]).map { $0.prefix(16) }, ["CADRE_LLM_MODEL:"])
        XCTAssertEqual(problems(["CADRE_LLM_MODEL": "m"]).map { $0.prefix(19) }, ["CADRE_LLM_BASE_URL:"])
        XCTAssertEqual(problems(["CADRE_LLM_API_KEY": "sk"]).map { $0.prefix(18) }, ["CADRE_LLM_API_KEY:"])
    }

    func testBadValuesAreNamed() {
        for url in ["127.0.0.1:9999/v1", "ftp://llm.example.com/v1", "http://", "http://host/v1?x=1", "http://host/v1/chat/completions"] {
            let found = problems(["CADRE_LLM_BASE_URL": url, "CADRE_LLM_MODEL": "m"])
            XCTAssertEqual(found.count, 1, url)
            XCTAssertTrue(found.first?.hasPrefix("CADRE_LLM_BASE_URL:") == true, "\(url): \(found)")
        }
        for timeout in ["soon", "0", "-1", "601"] {
            let found = problems(["CADRE_LLM_BASE_URL": "http://h/v1", "CADRE_LLM_MODEL": "m", "CADRE_LLM_TIMEOUT_SECONDS": timeout])
            XCTAssertEqual(found.map { $0.prefix(26) }, ["CADRE_LLM_TIMEOUT_SECONDS:"], timeout)
        }
    }
}

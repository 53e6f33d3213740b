import CadreCore
import Foundation

/// The hidden truth of a simulated marketplace: experts with their own accuracy and
/// carefulness, classification items with true labels, and models with true strengths whose
/// responses pairwise tasks compare. Drawn from one seed, so a run can be repeated exactly.
struct SimulatedCrowd {
    struct Expert {
        var email: String
        /// Chance of giving an item's true label; wrong labels are one of the others at random.
        var accuracy: Double
        /// How closely a pairwise judgement follows the true strengths: 1 always prefers
        /// as Bradley–Terry would draw, 0 picks at random.
        var care: Double
        /// Seconds an answer takes, for the time the simulation lets pass.
        var secondsPerTask: Double
    }

    static let labels = ["bug", "feature_request", "question", "billing"]

    var experts: [Expert]
    /// Per classification item, its true label's index in ``labels``.
    var trueLabels: [Int]
    /// Per model, its true log-strength.
    var modelStrengths: [Double]
    /// Per pairwise task, the two models whose responses it compares.
    var pairs: [(a: Int, b: Int)]
    var random: SyntheticCrowd.Generator

    init(experts count: Int, tasks: Int, models: Int, seed: UInt64) {
        var random = SyntheticCrowd.Generator(seed: seed)
        experts = (0..<count).map { index in
            // One expert in six is careless: near chance on both kinds of work.
            let careless = index % 6 == 5
            return Expert(
                email: "sim-expert-\(index)@cadre.local",
                accuracy: careless ? Double.random(in: 0.25...0.4, using: &random) : Double.random(in: 0.65...0.95, using: &random),
                care: careless ? Double.random(in: 0...0.2, using: &random) : Double.random(in: 0.7...1, using: &random),
                secondsPerTask: Double.random(in: 20...90, using: &random))
        }
        trueLabels = (0..<tasks).map { _ in Int.random(in: 0..<Self.labels.count, using: &random) }
        modelStrengths = (0..<models).map { _ in Self.normal(&random) * 1.2 }
        pairs = (0..<tasks).map { _ in
            let a = Int.random(in: 0..<models, using: &random)
            let b = (a + Int.random(in: 1..<models, using: &random)) % models
            return (a, b)
        }
        self.random = random
    }

    static func modelName(_ index: Int) -> String { "model-\(index)" }

    /// The label an expert gives item `task`.
    mutating func label(by expert: Int, task: Int) -> String {
        let truth = trueLabels[task]
        guard Double.random(in: 0..<1, using: &random) >= experts[expert].accuracy else { return Self.labels[truth] }
        return Self.labels[(truth + Int.random(in: 1..<Self.labels.count, using: &random)) % Self.labels.count]
    }

    /// An expert's pairwise answer on task `task`: A or B, drawn from the true strengths with
    /// the expert's care, and a strength that grows with the gap between the models.
    mutating func preference(by expert: Int, task: Int) -> JSONValue {
        let (a, b) = pairs[task]
        let gap = modelStrengths[a] - modelStrengths[b]
        let careful = Double.random(in: 0..<1, using: &random) < experts[expert].care
        let pAFirst = careful ? 1 / (1 + exp(-gap)) : 0.5
        let choice = Double.random(in: 0..<1, using: &random) < pAFirst ? "A" : "B"
        let strength = min(3, 1 + Int(abs(gap)))
        return ["choice": .string(choice), "strength": .integer(strength), "rationale": "Compared both against the request."]
    }

    private static func normal(_ random: inout SyntheticCrowd.Generator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
    }
}

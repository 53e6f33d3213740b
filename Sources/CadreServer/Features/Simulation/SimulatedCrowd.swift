import CadreCore
import Foundation

/// The hidden truth of a simulated marketplace: candidates with a true ability in the
/// interview's domain, and with the accuracy, care and pace they would bring to work
/// (better with ability; one in six careless whatever its ability); classification items
/// with true labels; models with true strengths whose responses pairwise tasks compare.
/// Drawn from one seed, so the same truth can be set before the platform again.
struct SimulatedCrowd {
    struct Person {
        var email: String
        /// True ability on the interview's scale (standard normal in the population).
        var ability: Double
        /// Chance of giving an item's true label.
        var accuracy: Double
        /// Per true label, the label this person mistakes it for most: a wrong label is that
        /// one two times in three, another at random otherwise — a confusion matrix of its own.
        var confusions: [Int]
        /// How closely a pairwise judgement follows the true strengths: 1 always prefers
        /// as Bradley–Terry would draw, 0 picks at random.
        var care: Double
        /// Seconds an answer takes, for the time the simulation lets pass.
        var secondsPerTask: Double
    }

    static let labels = ["bug", "feature_request", "question", "billing"]

    var candidates: [Person]
    /// Per classification item, its true label's index in ``labels``.
    var trueLabels: [Int]
    /// Per model, its true log-strength.
    var modelStrengths: [Double]
    /// Per pairwise task, the two models whose responses it compares.
    var pairs: [(a: Int, b: Int)]
    var random: SyntheticCrowd.Generator

    init(candidates count: Int, tasks: Int, models: Int, seed: UInt64) {
        var random = SyntheticCrowd.Generator(seed: seed)
        candidates = (0..<count).map { index in
            let ability = random.normal()
            let skill = 1 / (1 + exp(-1.5 * ability))  // 0…1, rising with ability
            let careless = index % 6 == 5
            return Person(
                email: "sim-candidate-\(index)@cadre.local", ability: ability,
                accuracy: careless ? Double.random(in: 0.25...0.4, using: &random) : 0.55 + 0.4 * skill,
                confusions: Self.labels.indices.map { ($0 + Int.random(in: 1..<Self.labels.count, using: &random)) % Self.labels.count },
                care: careless ? Double.random(in: 0...0.2, using: &random) : 0.5 + 0.5 * skill,
                secondsPerTask: Double.random(in: 20...90, using: &random))
        }
        trueLabels = (0..<tasks).map { _ in Int.random(in: 0..<Self.labels.count, using: &random) }
        modelStrengths = (0..<models).map { _ in random.normal() * 1.2 }
        pairs = (0..<tasks).map { _ in
            let a = Int.random(in: 0..<models, using: &random)
            let b = (a + Int.random(in: 1..<models, using: &random)) % models
            return (a, b)
        }
        self.random = random
    }

    /// Whether a candidate answers an interview item right: the item's own response curve
    /// at the candidate's true ability.
    mutating func answersCorrectly(_ candidate: Int, _ parameters: ItemParameters) -> Bool {
        Double.random(in: 0..<1, using: &random) < parameters.probabilityCorrect(at: candidates[candidate].ability)
    }

    /// Words of a free-text answer or a resume: each person's own draw, so no two read alike.
    mutating func prose(words: Int) -> String {
        (0..<words).map { _ in Self.vocabulary[Int.random(in: 0..<Self.vocabulary.count, using: &random)] }.joined(separator: " ")
    }

    private static let vocabulary = """
        proof lemma bound estimate series limit integral matrix vector basis rank kernel image eigenvalue norm metric \
        space graph tree path cycle prime divisor modulus residue field ring group order subgroup coset probability \
        variance expectation sample estimator bias consistency convergence induction contradiction case example counter \
        assume suppose therefore hence because so then first second finally carefully check verify compute derive \
        show state define apply consider note observe conclude argue follows implies holds fails every some none
        """.split(separator: " ").map(String.init)

    static func modelName(_ index: Int) -> String { "model-\(index)" }

    /// The label person `person` gives item `task`.
    mutating func label(by person: Int, task: Int) -> String {
        let truth = trueLabels[task]
        guard Double.random(in: 0..<1, using: &random) >= candidates[person].accuracy else { return Self.labels[truth] }
        if Double.random(in: 0..<1, using: &random) < 2.0 / 3 { return Self.labels[candidates[person].confusions[truth]] }
        return Self.labels[(truth + Int.random(in: 1..<Self.labels.count, using: &random)) % Self.labels.count]
    }

    /// An expert's pairwise answer on task `task`: A or B, drawn from the true strengths with
    /// the expert's care, and a strength that grows with the gap between the models.
    mutating func preference(by person: Int, task: Int) -> JSONValue {
        let (a, b) = pairs[task]
        let gap = modelStrengths[a] - modelStrengths[b]
        let careful = Double.random(in: 0..<1, using: &random) < candidates[person].care
        let pAFirst = careful ? 1 / (1 + exp(-gap)) : 0.5
        let choice = Double.random(in: 0..<1, using: &random) < pAFirst ? "A" : "B"
        let strength = min(3, 1 + Int(abs(gap)))
        return ["choice": .string(choice), "strength": .integer(strength), "rationale": "Compared both against the request."]
    }
}

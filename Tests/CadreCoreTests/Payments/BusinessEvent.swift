import PropertyBased

/// One thing that happens to Cadre's money, as plain data: indices into the simulated world's
/// organizations, experts, projects and earlier postings rather than the values themselves.
///
/// Data rather than code so swift-property-based can generate a sequence of events and, when a
/// property fails, shrink it: drop events that do not matter and pull the numbers that remain
/// towards their smallest values, leaving a short story that still breaks the property.
enum BusinessEvent: Hashable, Sendable {
    /// A client organization pays money in.
    case fund(organization: Int, amount: Int64)
    /// An expert finishes an assignment now; pay is computed later, by `runPay`.
    case work(expert: Int, project: Int, seconds: Int64, outcome: Int)
    /// `PayCalculator` turns the records of a week that has ended into earnings postings.
    case runPay(weeksBack: Int)
    /// An admin grants a bonus by hand.
    case bonus(expert: Int, project: Int, amount: Int64)
    /// A correction: some earlier posting, picked by index, is reversed.
    case reverse(pick: Int)
    /// Time passes.
    case advance(hours: Int)
    /// The payout batch of an ended week is computed and posted.
    case runPayouts(weeksBack: Int, currency: Int, minimum: Int64)
    /// The processor confirms a payout batch, picked by index.
    case settle(pick: Int)
    /// The previous month's invoice of an organization is computed and its fee posted.
    case invoice(organization: Int)
    /// A posting made earlier, picked by index, is sent again, as after a timeout.
    case retry(pick: Int)
}

extension BusinessEvent {
    /// Random events, weighted so a sequence has a few weeks of work, pay runs, payouts and
    /// corrections in it. Index ranges match `LedgerEventSimulator`'s world; picks of earlier
    /// postings are reduced modulo what exists when the event happens.
    static let generator = Gen.frequency(
        (10, zip(Gen.int(in: 0...2), Gen.int64(in: 1...100_000)).map { BusinessEvent.fund(organization: $0, amount: $1) }),
        (20, zip(Gen.int(in: 0...4), Gen.int(in: 0...3), Gen.int64(in: 0...7200), Gen.int(in: 0...3))
            .map { BusinessEvent.work(expert: $0.0, project: $0.1, seconds: $0.2, outcome: $0.3) }),
        (10, Gen.int(in: 1...3).map { BusinessEvent.runPay(weeksBack: $0) }),
        (4, zip(Gen.int(in: 0...4), Gen.int(in: 0...3), Gen.int64(in: 1...20_000))
            .map { BusinessEvent.bonus(expert: $0.0, project: $0.1, amount: $0.2) }),
        (8, Gen.int(in: 0...999).map { BusinessEvent.reverse(pick: $0) }),
        (15, Gen.int(in: 1...240).map { BusinessEvent.advance(hours: $0) }),
        (10, zip(Gen.int(in: 1...2), Gen.int(in: 0...1), Gen.int64(in: 1...2000))
            .map { BusinessEvent.runPayouts(weeksBack: $0.0, currency: $0.1, minimum: $0.2) }),
        (8, Gen.int(in: 0...999).map { BusinessEvent.settle(pick: $0) }),
        (5, Gen.int(in: 0...2).map { BusinessEvent.invoice(organization: $0) }),
        (5, Gen.int(in: 0...999).map { BusinessEvent.retry(pick: $0) }))

    /// Sequences of up to 100 events: long enough for several pay weeks and a month's
    /// invoice, short enough that hundreds of them run in seconds.
    static let sequences = generator.array(of: 1...100)
}

extension BusinessEvent: CustomDebugStringConvertible {
    /// The event as Swift source, so a shrunk failing sequence pastes straight into a test.
    var debugDescription: String {
        switch self {
        case let .fund(organization, amount): ".fund(organization: \(organization), amount: \(amount))"
        case let .work(expert, project, seconds, outcome): ".work(expert: \(expert), project: \(project), seconds: \(seconds), outcome: \(outcome))"
        case let .runPay(weeksBack): ".runPay(weeksBack: \(weeksBack))"
        case let .bonus(expert, project, amount): ".bonus(expert: \(expert), project: \(project), amount: \(amount))"
        case let .reverse(pick): ".reverse(pick: \(pick))"
        case let .advance(hours): ".advance(hours: \(hours))"
        case let .runPayouts(weeksBack, currency, minimum): ".runPayouts(weeksBack: \(weeksBack), currency: \(currency), minimum: \(minimum))"
        case let .settle(pick): ".settle(pick: \(pick))"
        case let .invoice(organization): ".invoice(organization: \(organization))"
        case let .retry(pick): ".retry(pick: \(pick))"
        }
    }
}

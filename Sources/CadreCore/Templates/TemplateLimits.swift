/// Upper bounds on what a template accepts, so one oversized task or answer is refused with a
/// clear error instead of slowing every page and export that touches it.
public enum TemplateLimits {
    /// Characters (grapheme clusters) in any one piece of text: a prompt, a message, a
    /// response, an expert's demonstration or correction.
    public static let maxTextLength = 100_000
    /// Characters in a name used as a key: a criterion, label or error category.
    public static let maxNameLength = 64
    /// Characters in a description of a criterion, label or category.
    public static let maxDescriptionLength = 2_000
    /// Messages in one chat conversation.
    public static let maxMessages = 500
    /// Responses in one ranking task (pairwise always has exactly two).
    public static let maxResponses = 50
    /// Steps in one agent trajectory.
    public static let maxSteps = 2_000
    /// Criteria in one pairwise or rating configuration.
    public static let maxCriteria = 50
    /// Labels or error categories in one configuration.
    public static let maxOptions = 500
}

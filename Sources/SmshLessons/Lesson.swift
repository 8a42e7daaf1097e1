import SmshLanguage

/// A lesson: steps the learner works through on a throw-away simulator, then questions that
/// check understanding. Read from a `.lesson` file by `LessonFile.parse`
/// (the format is in docs/teaching.md).
public struct Lesson: Sendable {
    public var name: String
    public var title: String
    public var summary: String
    /// The session's Region when the lesson starts.
    public var region: String
    /// How long replication (and a rotation run) takes in the lesson's world, in seconds.
    public var delay: Double
    /// smsh code run, quietly, on a fresh world before the first step.
    public var setup: Program?
    public var steps: [Step]
    public var questions: [Question]

    public struct Step: Sendable {
        public var title: String
        public var explain: String
        /// The command the lesson proposes; `skip` runs it.
        public var suggest: String
        /// Conditions that all hold once the step is done.
        public var checks: [Check]
        public var hint: String
        /// What happened, shown when the checks hold.
        public var then: String
        /// What would differ on AWS, if anything.
        public var aws: String?
    }

    public struct Check: Sendable {
        public var text: String
        public var condition: Expr
    }

    public struct Question: Sendable {
        public var text: String
        public var choices: [String]
        /// Index into `choices`.
        public var answer: Int
        public var why: String
    }

    /// Steps, then questions: where a learner can be.
    public var length: Int { steps.count + questions.count }
}

import SecretsModel

/// `aws secretsmanager help` and `aws secretsmanager OPERATION help`, from the service model:
/// the sections of the aws CLI's help pages (name, description, synopsis, options with their
/// types and constraints, output), as plain text.
public enum AWSCLIHelp {
    public enum Topic: Sendable, Equatable {
        case service
        case operation(SecretsModel.Operation)
    }

    public static func text(_ topic: Topic) -> String {
        switch topic {
        case .service: return service()
        case .operation(let op): return operation(op)
        }
    }

    static func paragraphs(_ d: Documentation, indent: String) -> String {
        d.paragraphs.map { wrap($0, indent: indent) }.joined(separator: "\n\n") + "\n"
    }

    /// Words wrapped at 79 columns.
    static func wrap(_ text: String, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > 79 {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    static func service() -> String {
        var out = "SECRETSMANAGER()\n\nNAME\n       secretsmanager -\n\nDESCRIPTION\n"
        out += "       Amazon Web Services Secrets Manager, as smsh runs it: every operation below, on the\n"
        out += "       simulator or on AWS. 'aws secretsmanager OPERATION help' describes one.\n\n"
        out += "AVAILABLE COMMANDS\n"
        for op in ServiceModel.operations {
            out += "       o \(op.cliName)\n\n"
            out += wrap(op.documentation.summary, indent: "         ") + "\n\n"
        }
        return out
    }

    static func typeName(_ shape: Shape) -> String {
        switch shape.kind {
        case .list: return "list"
        case .structure: return "structure"
        case .map: return "map"
        case .boolean: return "boolean"
        case .integer, .long: return "integer"
        case .timestamp: return "timestamp"
        case .blob: return "blob"
        default: return "string"
        }
    }

    static func constraints(_ shape: Shape) -> [String] {
        var out: [String] = []
        let unit = shape.kind == .list ? "items" : shape.kind == .string ? "length" : "value"
        if let min = shape.min { out.append(unit == "value" ? "min: \(min)" : "min \(unit): \(min)") }
        if let max = shape.max { out.append(unit == "value" ? "max: \(max)" : "max \(unit): \(max)") }
        if let p = shape.pattern { out.append("pattern: \(p)") }
        if !shape.enumValues.isEmpty { out.append("possible values: \(shape.enumValues.joined(separator: ", "))") }
        return out
    }

    static func operation(_ op: SecretsModel.Operation) -> String {
        let m = op.model
        var out = "\(m.cliName.uppercased())()\n\nNAME\n       \(m.cliName) -\n\nDESCRIPTION\n"
        out += paragraphs(m.documentation, indent: "       ") + "\n"
        out += "SYNOPSIS\n            \(m.cliName)\n"
        for member in m.input {
            let value = member.shape.kind == .boolean ? "" : " <value>"
            let option = member.shape.kind == .boolean ? "\(member.option) | --no-\(member.cliName)" : member.option + value
            out += member.required ? "          \(option)\n" : "          [\(option)]\n"
        }
        out += "          [--cli-input-json | --cli-input-yaml]\n          [--generate-cli-skeleton <value>]\n"
        out += "          [--query <value>] [--output <value>] [--region <value>]\n"
        if m.pagination != nil {
            out += "          [--starting-token <value>] [--page-size <value>] [--max-items <value>] [--no-paginate]\n"
        }
        out += "\nOPTIONS\n"
        if m.input.isEmpty { out += "       None\n\n" }
        for member in m.input {
            let shape = member.shape
            let name = shape.kind == .boolean ? "\(member.option) | --no-\(member.cliName)" : member.option
            out += "       \(name) (\(typeName(shape)))\(member.required ? " [required]" : "")\n"
            if !member.documentation.text.isEmpty { out += paragraphs(member.documentation, indent: "          ") }
            let c = constraints(shape)
            if !c.isEmpty { out += "\n          Constraints:\n" + c.map { "          o \($0)\n" }.joined() }
            if shape.kind == .structure || shape.elementShape?.kind == .structure {
                let inner = shape.kind == .structure ? shape : shape.elementShape
                let fields = inner?.members.map { "\($0.name)=\(typeName($0.shape))" }.joined(separator: ",") ?? ""
                out += "\n          Shorthand Syntax:\n\n             \(fields)\(shape.kind == .list ? " ..." : "")\n"
            }
            out += "\n"
        }
        out += "OUTPUT\n"
        if m.output.isEmpty { out += "       None\n" }
        for member in m.output {
            out += "       \(member.name) -> (\(typeName(member.shape)))\n"
            if !member.documentation.summary.isEmpty { out += wrap(member.documentation.summary, indent: "          ") + "\n" }
            out += "\n"
        }
        return out
    }
}

import Foundation
import JMESPath
import SecretsCore
import SecretsModel

/// botocore's PageIterator as the aws CLI drives it (`--page-size`, `--max-items`,
/// `--starting-token`); when `--max-items` stops early, the resume token is in botocore's own encoding (base64 of
/// `{"NextToken": ..., "boto_truncate_amount": N}`), so a token from smsh works in the aws CLI
/// and the other way round.
public enum CLIPaginator {
    public struct BadToken: Error, Sendable { public let token: String }

    /// `send` makes one call with the given body and returns the response as botocore parsed it.
    /// An operation the model does not paginate is one call.
    public static func run(_ operation: SecretsModel.Operation, body: JSONValue, paging: Paging,
                           send: (JSONValue) async throws -> JSONValue) async throws -> AWSCLIResult {
        guard let p = operation.model.pagination, case .object(var kwargs) = body else {
            return AWSCLIResult(pages: [try await send(body)], pagination: nil)
        }
        func inject(_ token: JSONValue) {
            kwargs.removeAll { $0.0 == p.inputToken }
            if case .string(let t) = token, t != "None" { kwargs.append((p.inputToken, token)) }
        }
        var nextToken: JSONValue = .null
        var skip = 0
        if let starting = paging.startingToken {
            let (token, truncation) = try decode(starting, inputToken: p.inputToken)
            nextToken = token
            skip = truncation
            inject(token)
        }
        if let size = paging.pageSize {
            kwargs.removeAll { $0.0 == p.limitKey }
            kwargs.append((p.limitKey, .number(Double(size))))
        }
        var pages: [JSONValue] = []
        var total = 0
        var resume: String?
        var previous: JSONValue?
        while true {
            var page = try await send(.object(kwargs))
            let startingTruncation = pages.isEmpty ? skip : 0
            if pages.isEmpty, skip > 0, let items = page[p.resultKey]?.arrayValue {
                page = page.replacing(p.resultKey, with: .array(Array(items.dropFirst(skip))))
            }
            let items = page[p.resultKey]?.arrayValue ?? []
            if let max = paging.maxItems, total + items.count > max {
                let keep = max - total
                pages.append(page.replacing(p.resultKey, with: .array(Array(items.prefix(keep)))))
                resume = encode(nextToken, inputToken: p.inputToken, truncate: keep + startingTruncation)
                break
            }
            pages.append(page)
            total += items.count
            let token = page[p.outputToken] ?? .null
            if case .null = token { break }
            nextToken = token
            if let max = paging.maxItems, total == max {
                resume = encode(token, inputToken: p.inputToken, truncate: nil)
                break
            }
            if let previous, previous == token { break }
            inject(token)
            previous = token
        }
        return AWSCLIResult(pages: pages, pagination: p, resumeToken: resume)
    }

    /// `base64(json.dumps(token))` with Python's default separators.
    static func encode(_ token: JSONValue, inputToken: String, truncate: Int?) -> String {
        var members: [(String, JSONValue)] = [(inputToken, token)]
        if let truncate { members.append(("boto_truncate_amount", .number(Double(truncate)))) }
        return Data(pythonJSONDumps(.object(members), itemSeparator: ", ", keySeparator: ": ").utf8).base64EncodedString()
    }

    static func decode(_ token: String, inputToken: String) throws -> (JSONValue, Int) {
        guard let data = Data(base64Encoded: token), let doc = try? JSONValue.parse(data), case .object = doc else {
            throw BadToken(token: token)
        }
        var truncation = 0
        if case .number(let n)? = doc["boto_truncate_amount"] { truncation = Int(n) }
        return (doc[inputToken] ?? .null, truncation)
    }
}

/// What an aws line got back: its pages (one, unless the operation is paginated and the CLI
/// paginates it), and the token to resume from when --max-items stopped early.
public struct AWSCLIResult: Sendable {
    public var pages: [JSONValue]
    public var pagination: Pagination?
    public var resumeToken: String?

    public init(pages: [JSONValue], pagination: Pagination?, resumeToken: String? = nil) {
        self.pages = pages
        self.pagination = pagination
        self.resumeToken = resumeToken
    }

    /// The part of the first page that is neither the results nor the token.
    var nonAggregate: [(String, JSONValue)] {
        guard let p = pagination, case .object(let members)? = pages.first else { return [] }
        return members.filter { $0.0 != p.resultKey && $0.0 != p.outputToken }
    }

    /// botocore's `build_full_result`: the result lists joined, the first page's other members,
    /// and the resume token as `NextToken`.
    public var merged: JSONValue {
        guard let p = pagination else { return pages.first ?? .object([]) }
        var out: [(String, JSONValue)] = []
        let lists = pages.compactMap { $0[p.resultKey]?.arrayValue }
        if !lists.isEmpty { out.append((p.resultKey, .array(lists.flatMap { $0 }))) }
        out += nonAggregate
        if let resumeToken { out.append(("NextToken", .string(resumeToken))) }
        return .object(out)
    }

    /// The result a script sees, and the json and table formats print: `--query` over the merged pages.
    public func value(query: JMESPathExpression?) throws(JMESPathError) -> JSONValue {
        guard let query else { return merged }
        return try query.search(merged)
    }

    /// What the CLI prints. The text format is the exception: awscli formats a paginated result
    /// page by page, `--query` applied to each, then the resume token as `{"NextToken": {"NextToken": T}}`
    /// (through the query too). The v2 CLI's yaml-stream prints each page as botocore read it
    /// (the query applied to it) as one item of a list, and no resume token.
    public func printed(format: String, query: JMESPathExpression?, operation: SecretsModel.Operation,
                        terminalWidth: Int = 80) throws(JMESPathError) -> String {
        if format == "yaml-stream", pagination != nil {
            var out = ""
            for page in pages { out += AWSCLIYAML.streamItem(try query?.search(page) ?? page) }
            return out
        }
        guard format == "text", let p = pagination else {
            return AWSCLIOutput.render(try value(query: query), format: format, operation: operation, terminalWidth: terminalWidth)
        }
        func shown(_ v: JSONValue) throws(JMESPathError) -> String { AWSCLIOutput.text(try query?.search(v) ?? v) }
        var out = ""
        for (i, page) in pages.enumerated() {
            var current = i == 0 ? nonAggregate : []
            if let items = page[p.resultKey] { current.append((p.resultKey, items)) }
            out += try shown(.object(current))
        }
        if let resumeToken {
            out += try shown(.object([("NextToken", .object([("NextToken", .string(resumeToken))]))]))
        }
        return out
    }
}

extension JSONValue {
    /// The object with `key`'s value replaced where it stands.
    func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.map { $0.0 == key ? ($0.0, value) : $0 })
    }
}

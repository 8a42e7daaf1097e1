import SecretsModel

extension SecretsManagerClient {
    /// botocore's paginator for any operation the model paginates: sends `body`, hands each
    /// response to `page`, and follows the output token until it is absent, empty or repeats
    /// itself (the service can answer an empty page that still has a token). `page` returns false
    /// to stop early. An operation without pagination is one call.
    public func paginate(_ operation: SecretsModel.Operation, body: JSONValue,
                         page: (JSONValue) async throws -> Bool) async throws {
        var body = body
        var seen = Set<String>()
        let pagination = operation.model.pagination
        while true {
            let response = try await call(operation, body: body)
            guard try await page(response), let pagination,
                  let token = response[pagination.outputToken]?.stringValue, !token.isEmpty, seen.insert(token).inserted,
                  case .object(var members) = body else { return }
            members.removeAll { $0.0 == pagination.inputToken }
            members.append((pagination.inputToken, .string(token)))
            body = .object(members)
        }
    }

    /// Every page joined as botocore's `build_full_result` joins them: the result key's lists in
    /// one list, the token gone. `transform` sees each page first (the CLI shapes them).
    public func paginateAll(_ operation: SecretsModel.Operation, body: JSONValue,
                            transform: (JSONValue) -> JSONValue = { $0 }) async throws -> JSONValue {
        guard let resultKey = operation.model.pagination?.resultKey else {
            return transform(try await call(operation, body: body))
        }
        var items: [JSONValue] = []
        try await paginate(operation, body: body) { response in
            items += transform(response)[resultKey]?.arrayValue ?? []
            return true
        }
        return .object([(resultKey, .array(items))])
    }
}

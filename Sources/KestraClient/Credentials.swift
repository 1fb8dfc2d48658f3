import Foundation

/// How apptrail authenticates to Kestra. Read from the environment or a file, never from a flag.
///
/// `description` never shows the secret: a credential printed by mistake leaks nothing.
public enum Credentials: Sendable, CustomStringConvertible, Equatable {
    case none
    case basic(user: String, password: String)
    case bearer(token: String)

    /// The `Authorization` header line, or nil.
    public var authorizationHeader: String? {
        switch self {
        case .none: return nil
        case .basic(let user, let password):
            return "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .bearer(let token): return "Authorization: Bearer \(token)"
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let user, _): "basic (user \(user), password \(SecretMask.placeholder))"
        case .bearer: "bearer (token \(SecretMask.placeholder))"
        }
    }

    /// The secret values, as given and as sent (a basic header's base64), so that output can be masked.
    public var secrets: [String] {
        switch self {
        case .none: []
        case .basic(let user, let password): [password, Data("\(user):\(password)".utf8).base64EncodedString()]
        case .bearer(let token): [token]
        }
    }
}

import KestraClient

extension AppTrail {
    /// The flags that say which server to talk to and how, as `sync` and `doctor` take them: each puts its
    /// setting over the environment's and the config file's.
    public struct ServerFlags: Sendable {
        public var server: String?
        public var tenant: String?
        public var tokenFile: String?
        public var labelKeys: [String] = []
        public var apiVersion = "auto"
        public var caBundle: String?
        public var insecure = false

        public init() {}

        /// The flags that cannot be, checked as the command line is read.
        public func check() throws(Problem) {
            guard APIVersionChoice(apiVersion) != nil else {
                throw Problem(.usage, "--api-version must be one of auto, 0.22, 1, 2")
            }
            if insecure && caBundle != nil { throw Problem(.usage, "--insecure and --ca-bundle exclude each other") }
        }

        /// `settings` with these flags over them, each recorded as its setting's origin.
        public func settings(over settings: Settings) throws(Problem) -> Settings {
            var s = settings
            if let server {
                s.serverURL = server
                s.origins[.server] = .flag("--server")
            }
            if let tenant {
                s.tenant = tenant
                s.origins[.tenant] = .flag("--tenant")
            }
            if let tokenFile { try s.readToken(file: tokenFile) }
            if !labelKeys.isEmpty {
                s.labelKeys = labelKeys
                s.origins[.labelKeys] = .flag("--label-key")
            }
            if let choice = APIVersionChoice(apiVersion), apiVersion != "auto" {
                s.apiVersion = choice
                s.origins[.apiVersion] = .flag("--api-version")
            }
            if let caBundle {
                s.transport.caBundle = caBundle
                s.origins[.caBundle] = .flag("--ca-bundle")
            }
            if insecure { s.transport.insecure = true }
            return s
        }
    }
}

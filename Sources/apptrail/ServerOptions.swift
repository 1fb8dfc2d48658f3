import AppTrailCore
import ArgumentParser

/// The options that say which Kestra server to talk to and how: `sync` and `doctor` take the same ones.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Kestra base URL (env KESTRA_URL or KESTRA_HOST).", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("The tenant (env KESTRA_TENANT; default main).", valueName: "id"))
    var tenant: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the bearer token from this file (or set the token itself in KESTRA_API_TOKEN).", valueName: "path"))
    var tokenFile: String?

    @Option(
        name: .customLong("label-key"),
        help: ArgumentHelp(
            "An app label key, in order of precedence (repeatable; default system.app, system_app).", valueName: "key"))
    var labelKeys: [String] = []

    @Option(name: .long, help: "API generation: auto, 0.22, 1 or 2.")
    var apiVersion = "auto"

    @Option(
        name: .long,
        help: ArgumentHelp("A PEM file of CA certificates for a server behind a private CA.", valueName: "path"))
    var caBundle: String?

    @Flag(name: .long, help: "Do not verify the server's TLS certificate (never the default).")
    var insecure = false

    /// The options as the library takes them.
    var flags: AppTrail.ServerFlags {
        var f = AppTrail.ServerFlags()
        f.server = server
        f.tenant = tenant
        f.tokenFile = tokenFile
        f.labelKeys = labelKeys
        f.apiVersion = apiVersion
        f.caBundle = caBundle
        f.insecure = insecure
        return f
    }
}

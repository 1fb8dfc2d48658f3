import AppTrailTestSupport
import Foundation
import Testing
import Warehouse

/// A Kestra server behind HTTPS with a private CA: the simulator speaks plain HTTP, so
/// `scripts/tls_proxy.py` terminates TLS in front of it with certificates `openssl` makes for the test.
@Suite(.enabled(if: TLSFixture.missingTools == nil, Comment(rawValue: TLSFixture.missingTools ?? "")))
struct TLSTests {
    let env = ["KESTRA_TENANT": "acme", "APPTRAIL_NOW": "2026-11-25T12:00:00Z"]

    @Test func aPrivateCAIsTrustedOnlyWhenGiven() throws {
        let sim = try SimulatorProcess([
            "--seed", "6", "--executions", "120", "--edition", "ee", "--now", "2026-11-25T12:00:00Z",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        let pki = try TLSFixture.makeCertificates(in: dir)
        let proxy = try TLSProxy(certificate: pki.server, key: pki.serverKey, upstream: sim.url)
        let https = "https://127.0.0.1:\(proxy.port)"

        let untrusted = try run(
            Binaries.apptrail, ["sync", "--server", https, "--db", "untrusted.db"], environment: env, directory: dir)
        #expect(untrusted.status == 69)
        #expect(
            untrusted.stderr
                == "error: the server's TLS certificate is not trusted (SSL certificate problem: unable to get local issuer certificate): "
                + "for a private CA pass --ca-bundle FILE or set ca_bundle in the config (\(https)/api/v1/configs)\n")
        #expect(untrusted.stdout.isEmpty)

        let trusted = try run(
            Binaries.apptrail, ["sync", "--server", https, "--ca-bundle", "ca.pem", "--db", "flag.db"],
            environment: env, directory: dir)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(
            trusted.stderr.hasPrefix("connected to \(https): API generation 1, Kestra 1.3.26 (EE)\n"),
            "\(trusted.stderr)")
        let stored = try Warehouse(path: dir + "/flag.db", readOnly: true).executionCount()
        #expect(stored > 50)
        // The certificate names localhost too.
        let byName = try run(
            Binaries.apptrail,
            [
                "sync", "--server", "https://localhost:\(proxy.port)", "--ca-bundle", "ca.pem", "--db", "flag.db",
                "--quiet",
            ],
            environment: env, directory: dir)
        #expect(byName.status == 0 && byName.stderr.isEmpty, "\(byName.stderr)")

        try "server: \(https)\nca_bundle: ca.pem\n".write(
            toFile: dir + "/apptrail.yaml", atomically: true, encoding: .utf8)
        let config = try run(Binaries.apptrail, ["sync", "--db", "config.db"], environment: env, directory: dir)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(try Warehouse(path: dir + "/config.db", readOnly: true).executionCount() == stored)

        let insecure = try run(
            Binaries.apptrail, ["sync", "--server", https, "--insecure", "--db", "insecure.db"], environment: env,
            directory: dir)
        #expect(insecure.status == 0, "\(insecure.stderr)")
        #expect(
            insecure.stderr.hasPrefix(
                "warning: --insecure: the server's TLS certificate is not verified; anyone on the way can read the credentials and the data\n"
                    + "connected to \(https): "), "\(insecure.stderr)")
        #expect(try Warehouse(path: dir + "/insecure.db", readOnly: true).executionCount() == stored)
    }

    @Test func doctorShowsTheCertificateAndWhatTrustsIt() throws {
        let sim = try SimulatorProcess(["--seed", "6", "--executions", "20", "--edition", "ee"])
        let dir = temporaryFolder("apptrail-e2e")
        let pki = try TLSFixture.makeCertificates(in: dir)
        let proxy = try TLSProxy(certificate: pki.server, key: pki.serverKey, upstream: sim.url)
        let https = "https://127.0.0.1:\(proxy.port)"
        let tls = { (output: String) in
            output.split(separator: "\n").first(where: { $0.dropFirst(6).hasPrefix("tls:") }) ?? ""
        }

        let untrusted = try run(Binaries.apptrail, ["doctor", "--server", https], environment: env, directory: dir)
        #expect(untrusted.status == 69)
        #expect(
            tls(untrusted.stdout).hasPrefix(
                "FAIL  tls: the certificate is not trusted (SSL certificate problem: unable to get local issuer certificate); it presents CN = localhost, issued by CN = apptrail test CA, valid until 20"
            ), "\(untrusted.stdout)")
        #expect(
            tls(untrusted.stdout).hasSuffix(
                "; fix: for a private CA pass --ca-bundle FILE (the CA's certificate, PEM) or set ca_bundle in the config; for another name, use the name the certificate holds"
            ))

        // The test certificates last two days: a renewal is due, which is a warning, not a failure.
        let trusted = try run(
            Binaries.apptrail, ["doctor", "--server", https, "--ca-bundle", "ca.pem"],
            environment: ["KESTRA_TENANT": "acme"], directory: dir)
        #expect(trusted.status == 0, "\(trusted.stdout)")
        #expect(
            tls(trusted.stdout).hasPrefix(
                "warn  tls: trusted through the CA bundle ca.pem: CN = localhost, issued by CN = apptrail test CA, valid until 20"
            ),
            "\(trusted.stdout)")
        #expect(
            tls(trusted.stdout).hasSuffix(
                "from now; fix: renew the server's certificate before it expires: the sync stops on an expired one"))
    }

    @Test func aWrongCertificateOrCABundleIsAOneLineErrorNamingIt() throws {
        let sim = try SimulatorProcess(["--seed", "6", "--executions", "20", "--edition", "ee"])
        let dir = temporaryFolder("apptrail-e2e")
        let pki = try TLSFixture.makeCertificates(in: dir)
        let proxy = try TLSProxy(certificate: pki.otherName, key: pki.serverKey, upstream: sim.url)
        let https = "https://127.0.0.1:\(proxy.port)"

        let otherName = try run(
            Binaries.apptrail, ["sync", "--server", https, "--ca-bundle", "ca.pem"], environment: env, directory: dir)
        #expect(otherName.status == 69)
        #expect(
            otherName.stderr
                == "error: the server's TLS certificate is not trusted (SSL: no alternative certificate subject name matches target host name '127.0.0.1'): "
                + "for a private CA pass --ca-bundle FILE or set ca_bundle in the config (\(https)/api/v1/configs)\n")

        let missing = try run(
            Binaries.apptrail, ["sync", "--server", https, "--ca-bundle", "nope.pem"], environment: env, directory: dir)
        #expect(missing.status == 66)
        #expect(missing.stderr == "error: cannot read the CA bundle nope.pem\n")
        try "not a certificate\n".write(toFile: dir + "/bad.pem", atomically: true, encoding: .utf8)
        let bad = try run(
            Binaries.apptrail, ["sync", "--server", https, "--ca-bundle", "bad.pem"], environment: env, directory: dir)
        #expect(bad.status == 78)
        #expect(bad.stderr == "error: cannot use the CA bundle bad.pem: error setting certificate file: bad.pem\n")

        // HTTPS to a server that speaks plain HTTP: the handshake fails at once, without retries.
        let plain = sim.url.replacingOccurrences(of: "http://", with: "https://")
        let handshake = try run(Binaries.apptrail, ["sync", "--server", plain], environment: env, directory: dir)
        #expect(handshake.status == 69)
        #expect(handshake.stderr.hasPrefix("error: TLS handshake failed: "), "\(handshake.stderr)")
        #expect(
            handshake.stderr.hasSuffix(" (\(plain)/api/v1/configs)\n")
                && handshake.stderr.split(separator: "\n").count == 1, "\(handshake.stderr)")
    }
}

/// Certificates for the TLS tests, made with the `openssl` command.
enum TLSFixture {
    static let proxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/tls_proxy.py").standardized.path

    /// Why the TLS tests cannot run here, or nil when they can: they need `openssl` and a Python with `ssl`.
    static let missingTools: String? = {
        guard let openssl = try? run("/usr/bin/env", ["openssl", "version"]), openssl.status == 0 else {
            return "skipped: no openssl command (apt-get install openssl)"
        }
        guard let python = try? run("/usr/bin/env", ["python3", "-c", "import ssl"]), python.status == 0 else {
            return "skipped: no python3 with the ssl module"
        }
        guard FileManager.default.fileExists(atPath: proxyScript) else { return "skipped: \(proxyScript) is missing" }
        return nil
    }()

    struct Files {
        var ca: String
        var server: String
        var serverKey: String
        /// A certificate of the same CA and key for kestra.example.com only.
        var otherName: String
    }

    /// A CA (`ca.pem`) and, signed by it, a server certificate for 127.0.0.1 and localhost, in `dir`.
    static func makeCertificates(in dir: String) throws -> Files {
        try openssl(
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=apptrail test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ], in: dir)
        try openssl(
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=localhost",
            ], in: dir)
        for (name, names) in [("server", "IP:127.0.0.1,DNS:localhost"), ("other-name", "DNS:kestra.example.com")] {
            try
                "subjectAltName=\(names)\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                .write(toFile: dir + "/\(name).ext", atomically: true, encoding: .utf8)
            try openssl(
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2",
                    "-extfile", "\(name).ext", "-out", "\(name).pem",
                ], in: dir)
        }
        return Files(
            ca: dir + "/ca.pem", server: dir + "/server.pem", serverKey: dir + "/server.key",
            otherName: dir + "/other-name.pem")
    }

    private static func openssl(_ arguments: [String], in dir: String) throws {
        let r = try run("/usr/bin/env", ["openssl"] + arguments, directory: dir)
        guard r.status == 0 else { throw OpenSSLFailure(arguments: arguments, stderr: r.stderr) }
    }

    struct OpenSSLFailure: Error {
        var arguments: [String]
        var stderr: String
    }
}

/// `scripts/tls_proxy.py` on a free port in front of a plain HTTP server, stopped when the test ends.
final class TLSProxy {
    let process = Process()
    let port: Int

    init(certificate: String, key: String, upstream: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TLSFixture.proxyScript, "--cert", certificate, "--key", key,
            "--upstream", String(upstream.dropFirst("http://".count)),
        ]
        process.environment = ["PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on "),
            let port = Int(text.dropFirst("listening on ".count).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw StartFailure(output: text)
        }
        self.port = port
    }

    struct StartFailure: Error { var output: String }

    deinit {
        process.terminate()
        // The script handles SIGTERM; should it hang anyway, it must not hold the test run.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

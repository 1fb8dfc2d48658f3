/// What sits around the API: a login proxy's page, Kestra's UI shell, a reverse proxy's sub-path, the
/// `Date` header. A client pointed at the wrong URL meets these, and `apptrail doctor` must tell them apart.
extension KestraSimulator {
    /// The `Content-Type` of every HTML page served.
    static let htmlContentType = "text/html; charset=utf-8"

    /// The page a login proxy (oauth2-proxy, an SSO gateway) answers, 200, to a request without its session
    /// cookie: an API client gets HTML where it expected JSON.
    static func loginPageReply(title: String) -> Reply {
        let t = htmlEscape(title)
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(t)</title></head>
            <body>
            <main class="signin">
            <h1>\(t)</h1>
            <form method="post" action="/login">
            <label for="username">Username</label>
            <input id="username" name="username" type="text" autocomplete="username">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password">
            <button type="submit">Sign in</button>
            </form>
            </main>
            </body>
            </html>

            """
        return html(page)
    }

    /// Kestra's UI: a single-page app shell (the SPA logs in by itself, so the shell needs no credentials),
    /// what a `--server` copied from the browser's address bar (`http://host/ui/main/executions`) reaches.
    func uiPageReply() -> Reply {
        let base = KestraSimulator.htmlEscape(configuration.pathPrefix + "/ui/")
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            <link rel="icon" href="\(base)favicon.ico">
            <title>Kestra</title>
            <script>window.KESTRA_BASE_PATH = "\(base)"; window.KESTRA_UI_PATH = "./";</script>
            <script type="module" crossorigin src="\(base)assets/index.js"></script>
            <link rel="stylesheet" crossorigin href="\(base)assets/index.css">
            </head>
            <body>
            <noscript><strong>We're sorry but Kestra doesn't work properly without JavaScript enabled. \
            Please enable it to continue.</strong></noscript>
            <div id="app-container"></div>
            </body>
            </html>

            """
        return KestraSimulator.html(page)
    }

    /// `GET /`, `/ui` and `/ui/...` (below the prefix) are the UI's; everything else is the API's.
    static func isUIPath(_ inner: String) -> Bool {
        inner == "/" || inner == "/ui" || inner.hasPrefix("/ui/")
    }

    /// The path as Kestra sees it behind the reverse proxy (the prefix removed, "/" for the prefix itself),
    /// or nil when the path is not under the prefix: the proxy has nothing there.
    func innerPath(_ path: String) -> String? {
        let prefix = configuration.pathPrefix
        guard !prefix.isEmpty else { return path.isEmpty ? "/" : path }
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        if rest.isEmpty { return "/" }
        return rest.first == "/" ? String(rest) : nil
    }

    /// The `Date` header's value: the simulator's clock (which `advance` moves) plus `clockSkew`.
    func httpDate() -> String {
        let skew = Int64((configuration.clockSkew * 1e9).rounded())
        return WireTime.httpDate(storage.withLock { $0.now } &+ skew)
    }

    /// `&`, `<`, `>` and `"` escaped, enough for text and double-quoted attributes.
    static func htmlEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func html(_ page: String) -> Reply {
        Reply(status: 200, body: Array(page.utf8), headers: [("Content-Type", htmlContentType)])
    }
}

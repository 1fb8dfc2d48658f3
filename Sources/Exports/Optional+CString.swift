extension String? {
    /// Runs `body` with a C string for the text, or nil, valid during the call only.
    func withOptionalCString<R>(_ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let self else { return body(nil) }
        return self.withCString { body($0) }
    }
}

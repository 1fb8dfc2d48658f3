extension AppTrail {
    /// Checks, in order, what a sync with these flags and settings needs (`apptrail doctor`): the settings,
    /// the warehouse folder and lock, the server from name resolution to TLS, the base URL, that the answer
    /// is Kestra's JSON, what the credentials may read, the API, the label keys in use and the clock.
    ///
    /// It writes nothing; settings that fail to load are its first failed check. The secrets of the settings
    /// are masked by `reporter` from here on, as the command prints through it.
    public static func doctor(flags: ServerFlags, settings load: () throws -> Settings, reporter: Reporter)
        -> DoctorReport
    {
        Doctor.run {
            let settings = try flags.settings(over: try load())
            reporter.protect(settings.secrets)
            return settings
        }
    }
}

#if FUZZING
    /// libFuzzer's driver (compiler-rt), which runs the fuzzing loop and parses its `-flag=value` arguments.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The function libFuzzer calls with each input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    /// The process entry point under `-DFUZZING`. SwiftPM links an executable target's `main` to
    /// `<module>_main` (so that tests can link the module), which would leave libFuzzer's own `main`
    /// out; this one hands the arguments to libFuzzer's driver instead.
    @_cdecl("apptrail_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { fuzzOneInput($0, $1) }
    }
#endif

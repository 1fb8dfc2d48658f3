import AppTrailCore
import ArgumentParser

@main
struct AppTrail: ParsableCommand {}

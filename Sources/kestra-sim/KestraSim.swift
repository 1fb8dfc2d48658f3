import KestraSimulator
import ArgumentParser

@main
struct KestraSim: ParsableCommand {}

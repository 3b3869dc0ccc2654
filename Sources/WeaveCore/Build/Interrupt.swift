/// Stops every chapter process and deletes the build's temporary folders (called on Ctrl-C).
public func stopEverything() {
    RunningProcesses.shared.killAll()
    TemporaryFolders.shared.removeAll()
}

package io.teamtalkj.launcher;

import picocli.CommandLine.Command;

@Command(name = "loadtest", mixinStandardHelpOptions = true, description = "Load-test a cluster and report loss, duplicates and latency.")
final class LoadTestCommand extends NotImplementedCommand {
}

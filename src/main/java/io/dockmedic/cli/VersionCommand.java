package io.dockmedic.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print version, git commit and Java version.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(new Main.Version().getVersion()[0]);
        return Main.OK;
    }
}

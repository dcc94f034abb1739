package io.dockmedic.config;

import io.dockmedic.yaml.Problem;
import io.dockmedic.yaml.ProblemsException;
import java.util.List;

/** The configuration is invalid; {@link #problems()} lists every problem found, in a stable order. */
public final class ConfigException extends ProblemsException {

    public ConfigException(List<Problem> problems) {
        super("invalid configuration", problems);
    }
}

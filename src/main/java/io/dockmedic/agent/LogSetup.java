package io.dockmedic.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.dockmedic.text.Printable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logback configured in code, not from XML: the XML configurator alone loads some 600 classes
 * (Joran, an XML parser), a few MB of metaspace for a daemon that must stay small. Logs go to
 * stderr; the root level comes from {@code -Ddockmedic.log.level} (INFO for {@code run}, WARN for
 * the other commands). A user's {@code -Dlogback.configurationFile} still wins. Messages are written
 * through {@link Printable#escape}: a container name or label with a newline, ESC or a bidi override
 * cannot forge a log line or rewrite the terminal that shows the log.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("safemsg", EscapedMessage::new);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %safemsg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("dockmedic.log.level", "INFO"), Level.INFO));
        root.addAppender(appender);
        // -Ddockmedic.log.debug=LOGGER,...: those loggers at DEBUG (dockmedic.timing: where each diagnosis spent its time)
        for (String name : System.getProperty("dockmedic.log.debug", "").split(",")) {
            if (!name.isBlank()) {
                context.getLogger(name.strip()).setLevel(Level.DEBUG);
            }
        }
        for (String quiet : new String[] {"com.github.dockerjava", "org.apache.hc", "io.github.resilience4j", "org.eclipse.jetty"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code %safemsg}: the formatted message with control and bidi characters escaped. */
    public static final class EscapedMessage extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return Printable.escape(event.getFormattedMessage());
        }
    }
}

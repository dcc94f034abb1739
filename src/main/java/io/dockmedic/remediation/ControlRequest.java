package io.dockmedic.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockmedic.yaml.Scalars;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a control request file asks the agent: rearm a service's breaker, pause, resume. The file is
 * outside input: {@link #parse} is strict (one JSON object, known fields only, no duplicates, bounded
 * size, a service name of Compose's characters, a duration of the config's form) and its errors name
 * the field, never quote the value.
 */
public sealed interface ControlRequest {
    /** The largest request file read; the CLI's are under 100 bytes. */
    int MAX_BYTES = 4096;
    /** The longest pause a request may ask for (an open-ended one is {@code pause} without {@code for}). */
    Duration MAX_PAUSE = Duration.ofDays(366);

    String command();

    /** The request as it is written to the file and to the journal. */
    ObjectNode toJson();

    /** Close the breaker of {@code service}: {@code project/service} or a service name in any project. */
    record Rearm(String service) implements ControlRequest {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,127})?");

        public Rearm {
            if (service == null || !NAME.matcher(service).matches()) {
                throw new IllegalArgumentException("must be a service name or project/service (letters, digits, _ . -; "
                        + "at most 128 characters each)");
            }
        }

        @Override
        public String command() {
            return "rearm";
        }

        @Override
        public ObjectNode toJson() {
            return Parser.JSON.createObjectNode().put("command", command()).put("service", service);
        }
    }

    /** Pause all remediation for a duration ({@code 30m}, {@code 2h}), or until resumed when {@code text} is null. */
    record Pause(String text) implements ControlRequest {
        public Pause {
            if (text != null) {
                Duration d;
                try {
                    d = Scalars.duration(text);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new IllegalArgumentException("is not a duration like 30s, 5m or 2h");
                }
                if (d.compareTo(MAX_PAUSE) > 0) {
                    throw new IllegalArgumentException("must be at most " + MAX_PAUSE.toDays() + " days (pause without "
                            + "a duration to pause until resumed)");
                }
            }
        }

        /** Empty: until resumed. */
        public Optional<Duration> duration() {
            return Optional.ofNullable(text).map(Scalars::duration);
        }

        @Override
        public String command() {
            return "pause";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode n = Parser.JSON.createObjectNode().put("command", command());
            return text == null ? n : n.put("for", text);
        }
    }

    record Resume() implements ControlRequest {
        @Override
        public String command() {
            return "resume";
        }

        @Override
        public ObjectNode toJson() {
            return Parser.JSON.createObjectNode().put("command", command());
        }
    }

    /** A request file that asks nothing valid; the message names the field, not the value. */
    final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** Parses a request file's bytes. */
    static ControlRequest parse(byte[] bytes) throws BadRequest {
        return Parser.parse(bytes);
    }

    /** The parser's details, out of the interface's API. */
    final class Parser {
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();

        private Parser() {
        }

        static ControlRequest parse(byte[] bytes) throws BadRequest {
            if (bytes.length > MAX_BYTES) {
                throw new BadRequest("larger than " + MAX_BYTES + " bytes");
            }
            JsonNode n;
            try {
                n = JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new BadRequest("not valid JSON" + (e.getLocation() == null ? ""
                        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
            } catch (IOException e) {
                throw new BadRequest("unreadable");
            }
            if (n == null || !n.isObject()) {
                throw new BadRequest("not a JSON object");
            }
            JsonNode command = n.get("command");
            if (command == null || !command.isTextual()) {
                throw new BadRequest("field \"command\": missing or not a string");
            }
            try {
                return switch (command.asText()) {
                    case "rearm" -> {
                        only(n, Set.of("command", "service"));
                        yield new Rearm(text(n, "service", true));
                    }
                    case "pause" -> {
                        only(n, Set.of("command", "for"));
                        yield new Pause(text(n, "for", false));
                    }
                    case "resume" -> {
                        only(n, Set.of("command"));
                        yield new Resume();
                    }
                    default -> throw new BadRequest("field \"command\": not one of rearm, pause, resume");
                };
            } catch (Field e) {
                throw new BadRequest("field \"" + e.getMessage() + "\": " + e.getCause().getMessage());
            } catch (IllegalArgumentException e) {
                // a record refused the value of the one field it has
                throw new BadRequest("field \"" + ("rearm".equals(command.asText()) ? "service" : "for") + "\": " + e.getMessage());
            }
        }

        /** A field problem: the message is the field's name, the cause says what is wrong. */
        private static final class Field extends RuntimeException {
            Field(String name, String problem) {
                super(name, new IllegalStateException(problem));
            }
        }

        private static void only(JsonNode n, Set<String> allowed) throws BadRequest {
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    unknown.add(f);
                }
            }
            if (!unknown.isEmpty()) {
                throw new BadRequest(unknown.size() + " unknown field(s) (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }

        private static String text(JsonNode n, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null) {
                if (required) {
                    throw new Field(field, "missing");
                }
                return null;
            }
            if (!v.isTextual()) {
                throw new Field(field, "not a string");
            }
            return v.asText();
        }
    }
}

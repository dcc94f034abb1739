package io.dockmedic.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON writer for everything that leaves the process as JSON with outside text in it (the
 * CLI's reports, {@code /api/v1/diagnoses}, {@code /api/v1/unclassified}, doctor): Jackson's standard
 * escapes plus every {@linkplain Printable#unsafe unsafe} character (C1 controls, line separators,
 * bidi controls) as {@code \\uXXXX}, so a terminal or a log viewer that shows the JSON shows them as text.
 */
public final class SafeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactory().setCharacterEscapes(new Escapes())).build();

    private SafeJson() {
    }

    /** Jackson's standard escapes plus C1 controls, line separators and bidi controls as {@code \\uXXXX}. */
    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Printable.unsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** The shared mapper (for building nodes and reading; write with {@link #compact} or {@link #pretty}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** One line, as the HTTP API serves it. */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented, as the CLI prints it. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

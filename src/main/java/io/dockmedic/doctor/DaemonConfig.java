package io.dockmedic.doctor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.dockmedic.yaml.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code registry-mirrors} of a Docker daemon configuration (daemon.json, or what Docker
 * Desktop shows under Settings, Docker Engine), each with its line. The file must be strict JSON:
 * dockerd does not start with comments or trailing commas, so those are problems here too.
 */
public final class DaemonConfig {

    /** One mirror URL as written, with its line. */
    public record Mirror(String url, int line) {
    }

    private final String file;
    private final List<Mirror> mirrors;
    private final List<Problem> problems;

    private DaemonConfig(String file, List<Mirror> mirrors, List<Problem> problems) {
        this.file = file;
        this.mirrors = List.copyOf(mirrors);
        this.problems = List.copyOf(problems);
    }

    public static DaemonConfig parse(String file, String text) {
        List<Mirror> mirrors = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int mirrorsLine = 0;
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add(new Problem(file + ":" + p.currentLocation().getLineNr(), "", null, "must be a JSON object"));
                return new DaemonConfig(file, mirrors, problems);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("registry-mirrors".equals(name)) {
                    mirrorsLine = p.currentTokenLocation().getLineNr();
                    if (value != JsonToken.START_ARRAY) {
                        problems.add(new Problem(file + ":" + mirrorsLine, name, null, "must be a list of URLs"));
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            mirrors.add(new Mirror(p.getText(), p.currentTokenLocation().getLineNr()));
                        } else {
                            problems.add(new Problem(file + ":" + p.currentTokenLocation().getLineNr(), name, null, "items must be URL strings"));
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                problems.add(new Problem(file + ":" + p.currentLocation().getLineNr(), "", null, "has text after the JSON object"));
            }
        } catch (JsonProcessingException e) {
            problems.add(new Problem(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr(), "", null,
                    "is not valid JSON (dockerd will not start): " + e.getOriginalMessage().replaceFirst("(?s) \\(not recognized as one.*|\\n.*", "")));
        } catch (IOException e) {
            problems.add(new Problem(file, "", null, "cannot be read: " + e.getMessage()));
        }
        return new DaemonConfig(file, mirrors, problems);
    }

    public String file() {
        return file;
    }

    public List<Mirror> mirrors() {
        return mirrors;
    }

    public List<Problem> problems() {
        return problems;
    }
}

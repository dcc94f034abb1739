package io.dockmedic.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors name file:line:column and the parser's reason, never the document's text (it may be a secret). */
class YamlSourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        'k: !Hunter2secret!x y'           | f.yml:1:4: invalid YAML: found undefined tag handle
        'k: *Hunter2secret'               | f.yml:1:4: invalid YAML: found undefined alias
        'password: "Hunter2secret'        | f.yml:1:25: invalid YAML: found unexpected end of stream
        'k: v: Hunter2secret'             | f.yml:1:5: invalid YAML: mapping values are not allowed here
        'k: @Hunter2secret'               | f.yml:1:4: invalid YAML: found character '@' that cannot start any token. (Do not use @ for indentation)
        """)
    void syntaxErrorsDoNotEchoTheText(String doc, String expected) {
        List<Problem> problems = YamlSource.parse("f.yml", doc).problems();
        assertEquals(List.of(expected), problems.stream().map(Problem::toString).toList());
        assertFalse(problems.toString().contains("Hunter2"), problems::toString);
    }

    /** A file far larger than any config or rule file is refused by its size, before it is read into memory. */
    @Test
    void aFileOverTheSizeLimitIsAProblemNotAnOutOfMemory(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(YamlSource.MAX_BYTES + 1L);
        }
        YamlSource src = YamlSource.read(big);
        assertEquals(List.of(big + ": is larger than 8 MiB; a config, rule or playbook file is never that large"),
                src.problems().stream().map(Problem::toString).toList());
    }
}

package io.dockmedic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No method (or constructor) in {@code src/main/java} is longer than {@value #MAX_LINES} lines,
 * from its modifiers to its closing brace, so each can be read on one screen. The sources are
 * parsed with the JDK's own compiler tree API (no text heuristics, no extra dependency).
 */
class MethodLengthTest {
    static final int MAX_LINES = 80;

    /**
     * Methods over the limit that belong to work in progress elsewhere; each entry names
     * {@code package/Class.method}. Remove an entry when its method is split; never add one.
     */
    private static final Set<String> KNOWN = Set.of();

    @Test
    void noMethodIsLongerThanAScreen() throws IOException {
        Map<String, Long> found = longMethods(Path.of("src/main/java"));
        assertEquals(new TreeSet<>(KNOWN), new TreeSet<>(found.keySet()),
                "methods over " + MAX_LINES + " lines (split them where a name helps the reader): " + found);
    }

    /** Every method over the limit: "package/Class.method" to its length in lines. */
    static Map<String, Long> longMethods(Path root) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Map<String, Long> out = new TreeMap<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String file = root.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri())).toString();
                String cls = file.replaceFirst("^io/dockmedic/", "").replaceFirst("\\.java$", "");
                LineMap lines = unit.getLineMap();
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree m, Void v) {
                        long start = lines.getLineNumber(positions.getStartPosition(unit, m));
                        long end = lines.getLineNumber(positions.getEndPosition(unit, m));
                        if (end - start + 1 > MAX_LINES) {
                            out.merge(cls + "." + m.getName(), end - start + 1, Math::max);
                        }
                        return super.visitMethod(m, v);
                    }
                }.scan(unit, null);
            }
        }
        return out;
    }
}

package io.dockmedic.diagnosis;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: {@code scripts/train-category-model.sh footprint} prints the shipped model's size (resource
 * bytes, features, weights), the heap a loaded copy holds (copies kept alive, measured after a GC) and
 * its cost per line on the dev lines, next to the same for the naive Bayes model shipped before
 * ({@link NaiveBayesBaseline}, rebuilt from the dev corpus with its settings), measured in the same run.
 */
final class CategoryModelFootprint {
    private static final int COPIES = 20;
    private static final int ROUNDS = 20;

    private CategoryModelFootprint() {
    }

    static void print() throws Exception {
        String text = Files.readString(CategoryModelTrainer.RESOURCE, StandardCharsets.UTF_8);
        ModelWeights w = ModelWeights.read(text.lines().toList(), "resource");
        long weights = w.features().values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> v != 0).count();
        System.out.printf(Locale.ROOT, "resource %d bytes, %d features, %d nonzero weights%n",
                text.getBytes(StandardCharsets.UTF_8).length, w.features().size(), weights);
        List<CategoryModelTrainer.Labelled> dev = CategoryModelTrainer.read(CategoryModelTrainer.DEV);
        List<ModelCounts.Example> ex = new ArrayList<>();
        for (CategoryModelTrainer.Labelled l : dev) {
            String label = l.benign() ? ModelCounts.BENIGN : l.accept().get(0);
            if (!label.equals("unclassified")) {
                ex.add(new ModelCounts.Example(label, l.line(), l.source()));
            }
        }
        ModelCounts counts = ModelCounts.count(ex, 3, 2, 1.0, 12);
        long heap = heapPerCopy(() -> new CategoryModel(ModelWeights.read(text.lines().toList(), "resource")));
        long before = heapPerCopy(() -> new NaiveBayesBaseline(counts));
        System.out.printf(Locale.ROOT, "heap per loaded model: %d bytes (naive Bayes before: %d bytes)%n", heap, before);
        List<String> lines = new ArrayList<>();
        dev.forEach(l -> lines.addAll(CategoryModelTrainer.asSeen(l.line())));
        CategoryModel model = new CategoryModel(w);
        NaiveBayesBaseline nb = new NaiveBayesBaseline(counts);
        for (int warm = 0; warm < 3; warm++) {
            time(lines, l -> model.scores(l).posterior());
            time(lines, l -> nb.guess(l).margin());
        }
        System.out.printf(Locale.ROOT, "per line: %d ns (naive Bayes before: %d ns), %d lines x %d rounds%n",
                time(lines, l -> model.scores(l).posterior()), time(lines, l -> nb.guess(l).margin()), lines.size(), ROUNDS);
    }

    private static long time(List<String> lines, java.util.function.ToDoubleFunction<String> f) {
        double sink = 0;
        long start = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
            for (String l : lines) {
                sink += f.applyAsDouble(l);
            }
        }
        long ns = (System.nanoTime() - start) / ((long) ROUNDS * lines.size());
        if (sink == 42.4242) {
            System.out.print("");
        }
        return ns;
    }

    private static long heapPerCopy(java.util.function.Supplier<Object> load) throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Object[] keep = new Object[COPIES];
        long before = used(mem);
        for (int i = 0; i < COPIES; i++) {
            keep[i] = load.get();
        }
        long after = used(mem);
        if (keep[COPIES - 1] == null) {
            throw new IllegalStateException();
        }
        return (after - before) / COPIES;
    }

    private static long used(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}

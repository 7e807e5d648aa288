package io.streammtl.cli;

import io.streammtl.config.AutoConfig;
import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.learn.Example;
import io.streammtl.learn.auto.AutoEvaluation;
import io.streammtl.learn.auto.SelectionEvent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code evaluate} of a spec with {@code auto:}: builds every variant's spec from the file, runs them side by side
 * and prints the final champion, the selection events and per variant its normalised prequential and test loss.
 */
final class AutoEvaluationReport {
    private AutoEvaluationReport() {
    }

    static void run(PrintWriter out, Path file, AutoConfig auto, List<Example> train, List<Example> test,
                    int passes) {
        List<ModelConfig> specs = new ArrayList<>();
        for (AutoConfig.Variant variant : auto.variants()) {
            try {
                specs.add(SpecFiles.load(file, variant.overrides()).model());
            } catch (ConfigException e) {
                throw new ConfigException("auto variant '" + variant.name() + "'", e.getMessage());
            }
        }
        AutoEvaluation.Result result = AutoEvaluation.run(auto, specs, train, test, passes);
        print(out, result, !test.isEmpty());
    }

    static void print(PrintWriter out, AutoEvaluation.Result result, boolean test) {
        out.printf(Locale.ROOT, "champion: %s after %d examples (%.2f examples learned per example, %.1f s)%n",
                result.champion(), result.streamed(), result.costRatio(), result.seconds());
        for (SelectionEvent e : result.events()) {
            String kind = e.kind().name().toLowerCase(Locale.ROOT);
            if (e.kind() == SelectionEvent.Kind.STARTED) {
                out.printf(Locale.ROOT, "  %-8s at %7d: %s%n", kind, e.example(), e.variant());
            } else {
                out.printf(Locale.ROOT, "  %-8s at %7d: %s (window loss %.4f) vs champion %s (%.4f), p = %.2g%n",
                        kind, e.example(), e.variant(), e.loss(), e.champion(), e.championLoss(), e.pValue());
            }
        }
        out.printf(Locale.ROOT, "served (champion of the time) prequential loss: %.4f%n", result.served());
        out.printf(Locale.ROOT, "%-28s %12s%s%n", "variant", "prequential", test ? "         test" : "");
        for (int v = 0; v < result.variants().size(); v++) {
            out.printf(Locale.ROOT, "%-28s %12.4f%s%n", result.variants().get(v), result.prequential()[v],
                    test ? String.format(Locale.ROOT, " %12.4f", result.test()[v]) : "");
        }
        out.println("(losses normalised per task: squared error / label variance, log-loss / ln K; summed over tasks)");
    }
}

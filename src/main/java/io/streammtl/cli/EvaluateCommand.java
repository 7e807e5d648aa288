package io.streammtl.cli;

import io.streammtl.config.ConfigException;
import io.streammtl.config.ModelConfig;
import io.streammtl.config.ServiceConfig;
import io.streammtl.data.DataFiles;
import io.streammtl.learn.RowEncoder;
import io.streammtl.data.csv.CsvException;
import io.streammtl.data.csv.CsvReader;
import io.streammtl.learn.EvaluationResult;
import io.streammtl.learn.Evaluator;
import io.streammtl.learn.Example;
import io.streammtl.learn.MemberEvaluation;
import io.streammtl.learn.PerMemberModels;
import io.streammtl.report.EvaluationPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** {@code streammtl evaluate}: streams a CSV through the learner (test-then-train) and reports per-task quality. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train online over a CSV in file order and report prequential (and test) metrics per task.")
public final class EvaluateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model spec (YAML).")
    Path config;

    @Option(names = "--data", required = true,
            description = "Training CSV: a path, or classpath:data/wine/... for the bundled wine data.")
    String data;

    @Option(names = "--test", description = "Held-out CSV scored with the final model.")
    String test;

    @Option(names = "--passes", defaultValue = "1", description = "Passes over the training data (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--baseline", split = ",", paramLabel = "NAME",
            description = "Also train baselines: single-task (one model per task; with --per, one model per member),"
                    + " pooled (with --per: one model for all members, ignoring the key).")
    List<String> baselines;

    @Option(names = "--per", split = ",", paramLabel = "COLUMN",
            description = "Score the test set per member, the member named by these CSV columns (values joined by"
                    + " /): each metric's count-weighted and plain mean over members.")
    List<String> per;

    @Option(names = "--members", description = "With --per: print (and write) every member's scores too.")
    boolean members;

    @Option(names = "--same-steps",
            description = "With --per --baseline single-task: each member's model repeats its rows until it has "
                    + "taken as many examples as the shared model (default: its own rows, --passes times).")
    boolean sameSteps;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--plot", description = "Write a PNG: predicted vs true per regression task, metrics over time.")
    Path plot;

    @Option(names = "--compare", paramLabel = "KEY=V1,V2,...",
            description = "Run variants of the spec on the same stream and print one table: weighting=static,"
                    + "uncertainty,gradnorm,dwa,loss_scale; regularizer=none,l2,prior (entries of the spec's "
                    + "regularizers, + joins); or any path such as optimizer.lr=0.01,0.003, seed=1,2,3, "
                    + "tasks.red.lr_scale=1,2. Repeat for every combination.")
    List<String> compare;

    @Option(names = "--label-delay", paramLabel = "N",
            description = "Learn each example's labels only after N further examples have arrived; its prediction"
                    + " on arrival (served) is scored then, beside the learner's own (default: labels come with"
                    + " their examples).")
    Integer labelDelay;

    @Option(names = "--threads", defaultValue = "1", description = "BLAS threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (passes < 1) {
            err.println("error: --passes must be at least 1, got " + passes);
            return ExitCodes.BAD_INPUT;
        }
        if (labelDelay != null && labelDelay < 0) {
            err.println("error: --label-delay must be at least 0, got " + labelDelay);
            return ExitCodes.BAD_INPUT;
        }
        ModelConfig model;
        List<Example> train;
        List<Example> held;
        java.util.Optional<io.streammtl.config.AutoConfig> auto;
        MemberResults.Run byMember;
        try {
            ServiceConfig loaded = SpecFiles.load(config);
            String misuse = misuse(MemberKeys.columns(per, loaded.model()));
            if (misuse != null) {
                err.println("error: " + misuse);
                return ExitCodes.BAD_INPUT;
            }
            model = loaded.model();
            auto = io.streammtl.config.ModelConfigLoader.auto(config);
            train = read(loaded, data);
            held = test == null ? List.of() : read(loaded, test);
            byMember = memberRun(loaded);
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (CsvException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        BlasThreads.set(threads);
        boolean plainOptions = compare != null || baselines != null || per != null || members || labelDelay != null
                || plot != null || json != null;
        if (auto.isPresent() && plainOptions) {
            // The comparisons are between plain models: the spec as written is the auto grid's base variant.
            out.println("note: --compare, --baseline, --per, --members, --label-delay, --plot and --json evaluate the "
                    + "spec as written; its auto: section is left out");
        } else if (auto.isPresent()) {
            try {
                AutoEvaluationReport.run(out, config, auto.get(), train, held, passes);
            } catch (ConfigException e) {
                err.println("error: " + config + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            return 0;
        }
        if (compare != null && !compare.isEmpty()) {
            if (plot != null || labelDelay != null) {
                err.println("error: " + (plot != null ? "--plot draws one model" : "--label-delay reports one model")
                        + "; it does not apply to --compare");
                return ExitCodes.BAD_INPUT;
            }
            return compare(out, err, train, held, byMember);
        }
        OptionalInt delay = labelDelay == null ? OptionalInt.empty() : OptionalInt.of(labelDelay);
        MemberEvaluation evaluated = Evaluator.runByMember("multi-task", model, train, held, passes, delay,
                byMember == null ? null : byMember.testMembers(), n -> { });
        EvaluationResult result = evaluated.result();
        List<EvaluationResult> singleTask = byMember == null && baselines != null
                ? Evaluator.runSingleTask(model, train, held, passes, delay, n -> { }) : List.of();
        MemberResults memberResults = byMember == null ? null
                : byMember.evaluate(evaluated, model, train, held, passes, delay);
        out.println("backend: " + result.backend());
        new EvaluationTable(result, singleTask).print(out);
        if (memberResults != null) {
            new EvaluationMembersTable(memberResults).print(out, members);
        }
        CoherenceReport.print(out, model, result);
        if (json != null) {
            EvaluationJson.write(json, result, singleTask, memberResults, members);
            out.println("wrote " + json);
        }
        if (plot != null) {
            EvaluationPlot.write(plot, model.name() + ": " + data, PlotData.scatters(result),
                    PlotData.curves(result));
            out.println("wrote " + plot);
        }
        return 0;
    }

    private int compare(PrintWriter out, PrintWriter err, List<Example> train, List<Example> held,
                        MemberResults.Run byMember) throws IOException {
        List<List<io.streammtl.config.ConfigOverride>> combinations;
        List<ModelConfig> configs = new java.util.ArrayList<>();
        try {
            combinations = Comparison.combinations(compare);
            for (List<io.streammtl.config.ConfigOverride> overrides : combinations) {
                configs.add(SpecFiles.load(config, overrides).model());
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (ConfigException e) {
            err.println("error: " + config + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        List<Comparison.Variant> variants = new java.util.ArrayList<>();
        java.util.Set<List<ModelConfig>> singleTaskConfigs = new java.util.HashSet<>();
        for (int i = 0; i < configs.size(); i++) {
            ModelConfig variant = configs.get(i);
            String name = Comparison.name(combinations.get(i));
            MemberEvaluation evaluated = Evaluator.runByMember(name, variant, train, held, passes,
                    OptionalInt.empty(), byMember == null ? null : byMember.testMembers(), n -> { });
            List<ModelConfig> alone = variant.tasks().stream().map(variant::alone).toList();
            List<EvaluationResult> single = byMember == null && baselines != null && singleTaskConfigs.add(alone)
                    ? Evaluator.runSingleTask(variant, train, held, passes, n -> { }) : List.of();
            MemberResults memberResults = byMember == null ? null
                    : byMember.evaluate(evaluated, variant, train, held, passes, OptionalInt.empty());
            variants.add(new Comparison.Variant(name, combinations.get(i), variant, evaluated.result(), single,
                    memberResults));
        }
        out.println("backend: " + variants.get(0).result().backend());
        Comparison comparison = new Comparison(variants, !held.isEmpty(), members);
        new ComparisonTable(comparison).print(out);
        if (json != null) {
            ComparisonJson.write(json, comparison);
            out.println("wrote " + json);
        }
        return 0;
    }

    /** What is wrong with the options taken together, given the member key columns ({@code --per} or the spec's), or null. */
    private String misuse(List<String> key) {
        for (String name : baselines == null ? List.<String>of() : baselines) {
            if (!name.equals(MemberResults.SINGLE_TASK) && !name.equals(MemberResults.POOLED)) {
                return "--baseline '" + name + "' is not known; expected single-task or pooled";
            }
        }
        boolean grouped = !key.isEmpty();
        if (grouped && test == null && (per != null || members || baselines != null)) {
            return "--per, --members and --baseline score members on the test set; give --test";
        }
        if (!grouped && (members || sameSteps || baselines != null && baselines.contains(MemberResults.POOLED))) {
            return (members ? "--members" : sameSteps ? "--same-steps" : "--baseline pooled")
                    + " applies to members; give --per COLUMN (or a spec with a task family)";
        }
        if (sameSteps && (baselines == null || !baselines.contains(MemberResults.SINGLE_TASK))) {
            return "--same-steps sets the budget of --baseline single-task; add it";
        }
        return null;
    }

    /** The run per member that --per asks for, reading each row's key from the CSVs; null without --per. */
    private MemberResults.Run memberRun(ServiceConfig loaded) {
        List<String> key = MemberKeys.columns(per, loaded.model());
        if (key.isEmpty() || test == null) {
            return null; // a family spec without a test set is evaluated as a whole
        }
        return new MemberResults.Run(key, MemberKeys.read(loaded.csv(), data, key),
                MemberKeys.read(loaded.csv(), test, key), baselines == null ? List.of() : baselines,
                sameSteps ? PerMemberModels.Budget.SAME_STEPS : PerMemberModels.Budget.OWN_ROWS);
    }

    private static List<Example> read(ServiceConfig loaded, String location) {
        try (CsvReader reader = DataFiles.open(location, loaded.csv())) {
            return RowEncoder.readAll(loaded.model(), reader);
        }
    }
}

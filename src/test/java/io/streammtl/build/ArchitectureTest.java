package io.streammtl.build;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.streammtl.config.Activation;
import io.streammtl.config.CsvConfig;
import io.streammtl.config.EndpointConfig;
import io.streammtl.config.KafkaConfig;
import io.streammtl.config.ModelKeys;
import io.streammtl.config.ServiceConfig;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of DESIGN.md §4, enforced on the main classes: model math knows nothing of Kafka, Prometheus or the
 * service; config and data sit at the bottom; only {@code cli} (the composition root) wires everything; no package
 * cycles.
 */
@AnalyzeClasses(packages = "io.streammtl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] MODEL_MATH = {"io.streammtl.compute..", "io.streammtl.model..", "io.streammtl.optim..",
            "io.streammtl.learn.."};

    @ArchTest
    static final ArchRule modelMathShouldNotKnowTheService = noClasses().that().resideInAnyPackage(MODEL_MATH)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.prometheus..",
                    "io.streammtl.stream..", "io.streammtl.metrics..", "io.streammtl.cli..")
            .because("model math is unit-tested in milliseconds without a broker (DESIGN.md §4)");

    @ArchTest
    static final ArchRule modelMathShouldTakeTheModelSpecOnly = noClasses().that().resideInAnyPackage(MODEL_MATH)
            .should().dependOnClassesThat().belongToAnyOf(ServiceConfig.class, KafkaConfig.class, CsvConfig.class,
                    EndpointConfig.class, ModelKeys.class)
            .because("a model is defined by its spec alone; service settings change without changing it");

    @ArchTest
    static final ArchRule configShouldNotDependOnWhatItConfigures = noClasses()
            .that().resideInAPackage("io.streammtl.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.streammtl.learn..", "io.streammtl.model..",
                    "io.streammtl.optim..", "io.streammtl.data..", "io.streammtl.stream..", "io.streammtl.metrics..",
                    "io.streammtl.cli..", "org.apache.kafka..", "io.prometheus..")
            .because("config is plain validated records that every layer reads");

    @ArchTest
    static final ArchRule dataShouldNotDependOnTheLearner = noClasses().that().resideInAPackage("io.streammtl.data..")
            .should().dependOnClassesThat().resideInAnyPackage("io.streammtl.learn..", "io.streammtl.model..",
                    "io.streammtl.optim..", "io.streammtl.stream..", "io.streammtl.metrics..", "io.streammtl.cli..",
                    "org.apache.kafka..", "io.prometheus..")
            .because("data reads and generates tables; turning rows into examples belongs to the learner");

    @ArchTest
    static final ArchRule onlyTheCompositionRootShouldUseCli = noClasses()
            .that().resideOutsideOfPackage("io.streammtl.cli..").and().doNotHaveFullyQualifiedName("io.streammtl.Main")
            .should().dependOnClassesThat().resideInAPackage("io.streammtl.cli..")
            .because("cli is the composition root: the only place things are wired");

    @ArchTest
    static final ArchRule topLevelPackagesShouldBeFreeOfCycles = slices().matching("io.streammtl.(*)..")
            .should().beFreeOfCycles();

    /** Every package on its own. */
    @ArchTest
    static final ArchRule packagesShouldBeFreeOfCycles = slices().matching("io.streammtl.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule computeBackendsShouldOnlyKnowKernels = noClasses()
            .that().resideInAPackage("io.streammtl.compute..")
            .should().dependOnClassesThat(resideInAnyPackage("io.streammtl.config..", "io.streammtl.model..",
                    "io.streammtl.optim..", "io.streammtl.learn..", "io.streammtl.data..", "io.streammtl.stream..",
                    "io.streammtl.metrics..", "io.streammtl.bench..", "io.streammtl.cli..")
                    .and(not(equivalentTo(Activation.class))))
            .because("a backend implements kernels over buffers it owns, nothing else; it knows the activation it"
                    + " fuses and no other part of the spec (docs/maintaining.md)");
}

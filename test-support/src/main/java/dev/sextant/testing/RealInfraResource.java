package dev.sextant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real infrastructure with a fresh, isolated run (own topics,
 * schema and Redis keys). Use it as
 * {@code @QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "execution"))}
 * and inject the run into a {@code @InjectInfra TestInfra infra} field.
 */
public class RealInfraResource implements QuarkusTestResourceLifecycleManager {
    private TestInfra infra;
    private String schemaBase = "svc";

    @Override
    public void init(Map<String, String> initArgs) {
        schemaBase = initArgs.getOrDefault("schema", schemaBase);
    }

    @Override
    public Map<String, String> start() {
        infra = TestInfra.start();
        infra.createTopics();
        return infra.quarkusConfig(schemaBase);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infra, new TestInjector.AnnotatedAndMatchesType(InjectInfra.class, TestInfra.class));
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.dropSchemas(schemaBase);
            infra.deleteTopics();
            infra.close();
        }
    }
}

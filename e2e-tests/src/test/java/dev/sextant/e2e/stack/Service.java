package dev.sextant.e2e.stack;

/** The six services of the stack: module directory and database schema base name. */
public enum Service {
    COLLECTOR("collector-service", "collector"),
    FEATURE("feature-service", "feature"),
    PREDICTION("prediction-service", "prediction"),
    RISK("risk-service", "risk"),
    EXECUTION("execution-service", "execution"),
    GATEWAY("api-gateway", "gateway");

    private final String module;
    private final String schema;

    Service(String module, String schema) {
        this.module = module;
        this.schema = schema;
    }

    /** Module directory under the repository root, also the log file's name. */
    public String module() {
        return module;
    }

    /**
     * Holds the central account, so runs active/standby on a lease (service-kit's InstanceLease): a restarted
     * instance is a standby until the dead holder's lease expires, and only the active one answers for its state.
     */
    public boolean leased() {
        return this == RISK || this == EXECUTION;
    }

    /** Default schema name ({@code sextant.db.schema}); a run uses {@code <schema>_<runid>}. */
    public String schema() {
        return schema;
    }
}

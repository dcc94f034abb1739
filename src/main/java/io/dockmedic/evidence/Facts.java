package io.dockmedic.evidence;

import java.util.Map;

/**
 * Names of the facts the stack probes can establish ({@link Evidence#facts()}), with what each
 * means. Rules test them with {@code fact: NAME}; a fact never carries a value.
 */
public final class Facts {
    public static final String POSTGRES_PASSWORD_DIFFERS = "postgres-password-differs";
    public static final String POSTGRES_PASSWORD_SAME = "postgres-password-same";
    public static final String REDIS_URL_LOCALHOST = "redis-url-localhost";
    public static final String REDIS_URL_UNKNOWN_HOST = "redis-url-unknown-host";
    public static final String DASHSCOPE_KEY_EMPTY = "dashscope-api-key-empty";
    public static final String DASHSCOPE_KEY_ABSENT = "dashscope-api-key-absent";
    public static final String DEPENDENCY_UNHEALTHY = "dependency-unhealthy";
    public static final String DEPENDENCY_DOWN = "dependency-down";
    public static final String COMPOSE_SERVICE_MISSING = "compose-service-missing";
    public static final String COMPOSE_SERVICE_EXITED = "compose-service-exited";

    /** Every fact, with the sentence shown as evidence when a rule rests on it. */
    public static final Map<String, String> ALL = Map.of(
            POSTGRES_PASSWORD_DIFFERS, "the password in the app's database URL differs from POSTGRES_PASSWORD of the postgres service",
            POSTGRES_PASSWORD_SAME, "the password in the app's database URL equals POSTGRES_PASSWORD of the postgres service",
            REDIS_URL_LOCALHOST, "REDIS_URL points at localhost, i.e. at the app container itself",
            REDIS_URL_UNKNOWN_HOST, "REDIS_URL names a host that is no service of this compose project",
            DASHSCOPE_KEY_EMPTY, "DASHSCOPE_API_KEY is set but empty in the container",
            DASHSCOPE_KEY_ABSENT, "DASHSCOPE_API_KEY is not set in the container",
            DEPENDENCY_UNHEALTHY, "a service this one depends on is unhealthy",
            DEPENDENCY_DOWN, "a service this one depends on is not running",
            COMPOSE_SERVICE_MISSING, "the project's compose file defines this service, but it has no started container",
            COMPOSE_SERVICE_EXITED, "the project's compose file defines this service, but all its containers have exited");

    private Facts() {
    }
}

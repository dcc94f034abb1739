package io.dockmedic.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The contract's categories; every rule has exactly one. */
public enum Category {
    DB_AUTH("db-auth"),
    DB_UNREACHABLE("db-unreachable"),
    DB_SCHEMA("db-schema"),
    CACHE_UNREACHABLE("cache-unreachable"),
    CACHE_AUTH("cache-auth"),
    API_KEY("api-key"),
    MISSING_CONFIG("missing-config"),
    OOM("oom"),
    PORT_IN_USE("port-in-use"),
    DISK_FULL("disk-full"),
    PERMISSION("permission"),
    DNS("dns"),
    TLS("tls"),
    DEPENDENCY("dependency"),
    CRASH("crash"),
    BUILD_CACHE("build-cache"),
    BUILD_TOOLING("build-tooling"),
    REGISTRY("registry"),
    UNCLASSIFIED("unclassified");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Category> of(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Category::id).toList();
    }
}

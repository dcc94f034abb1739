package io.dockmedic.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The series of one gauge name, set and removed per key (a container, a container's health state)
 * in constant time: a change touches only its own series, where a {@code MultiGauge} re-registers
 * every row (a burst of 50 diagnoses rebuilt 50 x 50 rows). Keys that share a tag set share one
 * series (the last value written wins); it is removed when its last key goes. Not thread-safe: the
 * caller holds one lock.
 */
final class GaugeSeries {
    private static final class Series {
        final AtomicInteger value = new AtomicInteger();
        Gauge gauge;
        int holders;
    }

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Map<String, Tags> byKey = new HashMap<>();
    private final Map<Tags, Series> series = new HashMap<>();

    GaugeSeries(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    /** Sets the series of {@code key} to these tags and value (moving it if its tags changed). */
    void set(String key, Tags tags, int value) {
        Tags old = byKey.put(key, tags);
        Series s;
        if (tags.equals(old)) {
            s = series.get(tags);
        } else {
            if (old != null) {
                release(old);
            }
            s = series.computeIfAbsent(tags, t -> new Series());
            if (s.holders++ == 0) {
                s.gauge = Gauge.builder(name, s.value, AtomicInteger::get).description(description).tags(tags)
                        .strongReference(true).register(registry);
            }
        }
        s.value.set(value);
    }

    /** Removes the series of {@code key}, if any. */
    void remove(String key) {
        Tags old = byKey.remove(key);
        if (old != null) {
            release(old);
        }
    }

    private void release(Tags tags) {
        Series s = series.get(tags);
        if (--s.holders == 0) {
            series.remove(tags);
            registry.remove(s.gauge);
        }
    }
}

package org.lighttpdctl.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An array in lighttpd's order: each entry has a key ({@code "k" => v}) or none (a list element). Immutable;
 * {@link #with(String, ConfigValue)} returns a changed copy.
 */
public record ConfigArray(List<Entry> entries) implements ConfigValue {

    /** One element: {@code key} is null for a list element. */
    public record Entry(String key, ConfigValue value) {
        public Entry {
            Objects.requireNonNull(value);
        }

        public Optional<String> optionalKey() {
            return Optional.ofNullable(key);
        }
    }

    public ConfigArray {
        entries = List.copyOf(entries);
    }

    /** A list of unkeyed elements. */
    public static ConfigArray list(ConfigValue... values) {
        List<Entry> entries = new ArrayList<>();
        for (ConfigValue v : values) {
            entries.add(new Entry(null, v));
        }
        return new ConfigArray(entries);
    }

    /** The value of the first entry with this key. */
    public Optional<ConfigValue> get(String key) {
        return entries.stream().filter(e -> key.equals(e.key())).map(Entry::value).findFirst();
    }

    /** The value of the entry with this key, as a string, if it is one. */
    public Optional<String> getString(String key) {
        return get(key).flatMap(ConfigValue::asString);
    }

    /** All values in order, keys dropped. */
    public List<ConfigValue> values() {
        return entries.stream().map(Entry::value).toList();
    }

    /** A copy with the entry of this key replaced (in place) or, if absent, appended. */
    public ConfigArray with(String key, ConfigValue value) {
        List<Entry> copy = new ArrayList<>(entries);
        for (int i = 0; i < copy.size(); i++) {
            if (key.equals(copy.get(i).key())) {
                copy.set(i, new Entry(key, value));
                return new ConfigArray(copy);
            }
        }
        copy.add(new Entry(key, value));
        return new ConfigArray(copy);
    }

    /** A copy with the entry at this position given a new value (its key kept). */
    public ConfigArray withValueAt(int index, ConfigValue value) {
        List<Entry> copy = new ArrayList<>(entries);
        copy.set(index, new Entry(copy.get(index).key(), value));
        return new ConfigArray(copy);
    }
}

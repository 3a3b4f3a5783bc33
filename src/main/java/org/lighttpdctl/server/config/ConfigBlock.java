package org.lighttpdctl.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One block of the configuration: the unconditional top level ({@link Kind#GLOBAL}), a condition block, or an
 * {@code else if} / {@code else} that follows its predecessor in its parent's {@link #children()}.
 *
 * @param kind        what introduces the block
 * @param condition   its condition; empty for GLOBAL and ELSE
 * @param assignments its own assignments in printed order (conditions do not inherit them)
 * @param children    nested blocks in printed order, else-chains in sequence
 * @param line        the line of {@code lighttpd -p} output the block starts on (1-based)
 */
public record ConfigBlock(Kind kind, Optional<Condition> condition, Map<String, ConfigValue> assignments,
                          List<ConfigBlock> children, int line) {

    /** What introduces a block. */
    public enum Kind { GLOBAL, IF, ELSE_IF, ELSE }

    public ConfigBlock {
        assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        children = List.copyOf(children);
    }

    /** The value this block itself assigns to {@code key}. */
    public Optional<ConfigValue> get(String key) {
        return Optional.ofNullable(assignments.get(key));
    }
}

package org.lighttpdctl.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration as lighttpd itself resolved it ({@code lighttpd -p}: includes, variables and += already
 * applied), parsed by {@link ConfigParser#parse(String)}.
 */
public final class LighttpdConfig {
    private final ConfigBlock root;
    private final java.util.OptionalInt ambiguousLine;

    /** One condition block with the conditions of every block around it, outermost first, its own last. */
    public record ScopedBlock(ConfigBlock block, List<Condition> conditions) {
        public ScopedBlock {
            conditions = List.copyOf(conditions);
        }
    }

    /** A configuration that says nothing: facts stated without a lighttpd -p run behind them. */
    public static LighttpdConfig empty() {
        return new LighttpdConfig(new ConfigBlock(ConfigBlock.Kind.GLOBAL, Optional.empty(), Map.of(), List.of(), 1));
    }

    public LighttpdConfig(ConfigBlock root) {
        this(root, java.util.OptionalInt.empty());
    }

    /** @param ambiguousLine the first line of output whose array keys may read differently from what lighttpd holds */
    public LighttpdConfig(ConfigBlock root, java.util.OptionalInt ambiguousLine) {
        this.root = root;
        this.ambiguousLine = ambiguousLine;
    }

    /**
     * The first line of {@code lighttpd -p} output where an array key holds a quote or shares its line with
     * another entry: lighttpd prints keys raw, so from there on the parsed values may not be what lighttpd holds
     * (see {@link ConfigParser}). Nothing taken from them may be written back into a configuration.
     */
    public java.util.OptionalInt ambiguousLine() {
        return ambiguousLine;
    }

    /** The top level: unconditional assignments and the condition blocks. */
    public ConfigBlock root() {
        return root;
    }

    /** The unconditional (global) assignments, in printed order. */
    public Map<String, ConfigValue> globals() {
        return root.assignments();
    }

    /** The unconditional value of {@code key}. */
    public Optional<ConfigValue> global(String key) {
        return root.get(key);
    }

    /** Every condition block at any depth, depth first in printed order (else branches included). */
    public List<ScopedBlock> conditionalBlocks() {
        List<ScopedBlock> out = new ArrayList<>();
        collect(root, List.of(), out);
        return out;
    }

    /** Every backend of mod_fastcgi, mod_scgi, mod_proxy, mod_sockproxy and mod_ajp13, global ones first. */
    public List<Backend> backends() {
        List<Backend> out = new ArrayList<>(Backends.of(root, List.of()));
        for (ScopedBlock scoped : conditionalBlocks()) {
            out.addAll(Backends.of(scoped.block(), scoped.conditions()));
        }
        return out;
    }

    private static void collect(ConfigBlock block, List<Condition> around, List<ScopedBlock> out) {
        for (ConfigBlock child : block.children()) {
            List<Condition> conditions = new ArrayList<>(around);
            child.condition().ifPresent(conditions::add);
            out.add(new ScopedBlock(child, conditions));
            collect(child, conditions, out);
        }
    }
}

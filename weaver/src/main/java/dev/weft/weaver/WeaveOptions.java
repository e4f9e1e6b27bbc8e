package dev.weft.weaver;

import java.util.Locale;

/**
 * The weaver's options, with the one syntax shared by the javaagent
 * ({@code -javaagent:weft-transformer-<version>.jar=verbose}) and the Maven plugin: a comma-separated list of
 * {@code name} or {@code name=value}.
 *
 * <ul>
 *   <li>{@code verbose}: log every woven method.</li>
 *   <li>{@code skip}: weave nothing.</li>
 *   <li>{@code compact}: weave every method in the compact form, where the awaits alike in a method share one
 *   copy of their code: smaller bodies, one more switch per await. Without it the weaver takes that form only
 *   for a body that would otherwise be over the JVM's limit of 65535 bytes.</li>
 *   <li>{@code failOnWarning}: a warning ({@link WeaveResult#warnings()}: a coroutine never awaited, a woven
 *   method too large for the JIT) is an error. The Maven plugin fails the build; the javaagent refuses the
 *   class, which then fails to initialise with the warnings as the reason.</li>
 * </ul>
 */
public final class WeaveOptions {
    private final boolean verbose;
    private final boolean skip;
    private final boolean compact;
    private final boolean failOnWarning;

    private WeaveOptions(boolean verbose, boolean skip, boolean compact, boolean failOnWarning) {
        this.verbose = verbose;
        this.skip = skip;
        this.compact = compact;
        this.failOnWarning = failOnWarning;
    }

    /**
     * @return the defaults: quiet, weaving, the compact form only where the usual one is too large, warnings
     *     only warn
     */
    public static WeaveOptions defaults() {
        return new WeaveOptions(false, false, false, false);
    }

    /**
     * Parses {@code verbose,skip=false}.
     *
     * @param text the options, may be {@code null} or empty
     * @return the options
     * @throws IllegalArgumentException naming an unknown option or a bad value
     */
    public static WeaveOptions parse(String text) {
        boolean verbose = false;
        boolean skip = false;
        boolean compact = false;
        boolean failOnWarning = false;
        if (text != null) {
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                String name = p;
                String value = "true";
                int eq = p.indexOf('=');
                if (eq >= 0) {
                    name = p.substring(0, eq).trim();
                    value = p.substring(eq + 1).trim();
                }
                boolean b = parseBoolean(name, value);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "verbose":
                        verbose = b;
                        break;
                    case "skip":
                        skip = b;
                        break;
                    case "compact":
                        compact = b;
                        break;
                    case "failonwarning":
                        failOnWarning = b;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown Weft option '" + name
                                + "' (known options: verbose, skip, compact, failOnWarning)");
                }
            }
        }
        return new WeaveOptions(verbose, skip, compact, failOnWarning);
    }

    private static boolean parseBoolean(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("Weft option '" + name + "' takes true or false, not '" + value + "'");
    }

    /**
     * @param verbose whether to log every woven method
     * @return a copy with {@code verbose} set
     */
    public WeaveOptions withVerbose(boolean verbose) {
        return new WeaveOptions(verbose, skip, compact, failOnWarning);
    }

    /**
     * @param skip whether to weave nothing
     * @return a copy with {@code skip} set
     */
    public WeaveOptions withSkip(boolean skip) {
        return new WeaveOptions(verbose, skip, compact, failOnWarning);
    }

    /**
     * @param compact whether to weave every method in the compact form
     * @return a copy with {@code compact} set
     */
    public WeaveOptions withCompact(boolean compact) {
        return new WeaveOptions(verbose, skip, compact, failOnWarning);
    }

    /**
     * @param failOnWarning whether a warning is an error
     * @return a copy with {@code failOnWarning} set
     */
    public WeaveOptions withFailOnWarning(boolean failOnWarning) {
        return new WeaveOptions(verbose, skip, compact, failOnWarning);
    }

    /** @return whether every woven method is logged */
    public boolean verbose() {
        return verbose;
    }

    /** @return whether weaving is turned off */
    public boolean skip() {
        return skip;
    }

    /** @return whether every method is woven in the compact form */
    public boolean compact() {
        return compact;
    }

    /** @return whether a warning is an error: the plugin fails the build, the agent refuses the class */
    public boolean failOnWarning() {
        return failOnWarning;
    }

    @Override
    public String toString() {
        return "verbose=" + verbose + ",skip=" + skip + ",compact=" + compact + ",failOnWarning=" + failOnWarning;
    }
}

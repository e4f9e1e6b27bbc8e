package dev.weft.transformer;

import java.util.Locale;

/**
 * The weaver's options, with the one syntax shared by the javaagent
 * ({@code -javaagent:weft-transformer-<version>.jar=verbose}) and the Maven plugin: a comma-separated list of
 * {@code name} or {@code name=value}.
 *
 * <ul>
 *   <li>{@code verbose}: log every woven method.</li>
 *   <li>{@code skip}: weave nothing.</li>
 * </ul>
 */
public final class WeaveOptions {
    private final boolean verbose;
    private final boolean skip;

    private WeaveOptions(boolean verbose, boolean skip) {
        this.verbose = verbose;
        this.skip = skip;
    }

    /** @return the defaults: quiet, weaving */
    public static WeaveOptions defaults() {
        return new WeaveOptions(false, false);
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
                    default:
                        throw new IllegalArgumentException("unknown Weft option '" + name
                                + "' (known options: verbose, skip)");
                }
            }
        }
        return new WeaveOptions(verbose, skip);
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
        return new WeaveOptions(verbose, skip);
    }

    /**
     * @param skip whether to weave nothing
     * @return a copy with {@code skip} set
     */
    public WeaveOptions withSkip(boolean skip) {
        return new WeaveOptions(verbose, skip);
    }

    /** @return whether every woven method is logged */
    public boolean verbose() {
        return verbose;
    }

    /** @return whether weaving is turned off */
    public boolean skip() {
        return skip;
    }

    @Override
    public String toString() {
        return "verbose=" + verbose + ",skip=" + skip;
    }
}

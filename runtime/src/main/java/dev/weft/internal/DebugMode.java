package dev.weft.internal;

import java.util.Locale;

/**
 * Whether new event loops start in debug mode, switched without code as Python's {@code PYTHONASYNCIODEBUG} does:
 * the system property {@code dev.weft.debug} or else the environment variable {@code WEFT_DEBUG}: set to anything but
 * {@code false}, {@code 0}, {@code no} or {@code off} (an empty property counts as set, an empty variable does not),
 * it turns debug mode on. The property wins over the variable. Read once, when the first loop is made. Internal.
 */
public final class DebugMode {
    /** The system property. */
    public static final String PROPERTY = "dev.weft.debug";
    /** The environment variable. */
    public static final String VARIABLE = "WEFT_DEBUG";

    private static final boolean DEFAULT = of(System.getProperty(PROPERTY), System.getenv(VARIABLE));

    private DebugMode() {
    }

    /** @return whether a new loop starts in debug mode */
    public static boolean byDefault() {
        return DEFAULT;
    }

    /**
     * @param property the system property's value, or {@code null}
     * @param variable the environment variable's value, or {@code null}
     * @return whether they turn debug mode on: the property if set, else the variable
     */
    static boolean of(String property, String variable) {
        if (property != null) {
            return !isOff(property);   // -Ddev.weft.debug alone means on
        }
        return variable != null && !variable.isBlank() && !isOff(variable);
    }

    private static boolean isOff(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("false") || v.equals("0") || v.equals("no") || v.equals("off");
    }
}

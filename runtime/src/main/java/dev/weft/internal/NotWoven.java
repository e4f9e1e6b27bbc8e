package dev.weft.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The message of an {@code Await.on} that runs unwoven, which says why: the javaagent refused the calling class
 * (and its reasons), the javaagent is running but the method is not one it weaves, or nothing wove the code at
 * all (and how to weave it, naming the agent jar as the build writes it). Only the failing path pays for it.
 */
public final class NotWoven {
    /**
     * The system property the javaagent sets when it is installed, to the path of its jar: how the runtime
     * knows the agent runs, whichever class loader each was loaded by.
     */
    public static final String AGENT_PROPERTY = "dev.weft.agent";

    private static final String AWAIT = "dev.weft.Await";

    private NotWoven() {
    }

    /** @return the file name of the agent jar of this version: {@code weft-transformer-<version>.jar} */
    public static String agentJar() {
        String version = "<version>";
        try (InputStream in = NotWoven.class.getResourceAsStream("weft.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // The name is only advice in an error message: a placeholder will do.
        }
        return "weft-transformer-" + version + ".jar";
    }

    /** @return the message for an {@code Await.on} called from the nearest caller outside {@code Await} */
    public static String message() {
        StackWalker.StackFrame caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(f -> f.getDeclaringClass() != NotWoven.class && !f.getClassName().equals(AWAIT))
                        .findFirst().orElse(null));
        return message(caller == null ? null : caller.getDeclaringClass(),
                caller == null ? null : caller.getMethodName(), System.getProperty(AGENT_PROPERTY));
    }

    /**
     * @param caller the class whose code called {@code Await.on}, or {@code null} when unknown
     * @param method the calling method's name, or {@code null}
     * @param agent the running agent's jar, or {@code null} when no agent runs
     * @return the message
     */
    static String message(Class<?> caller, String method, String agent) {
        String where = caller == null ? "code" : caller.getName() + "." + method;
        WeaveRefused refused = caller == null ? null : caller.getAnnotation(WeaveRefused.class);
        if (refused != null) {
            return "Await.on(...) was called in " + where + ", which is not woven: the Weft javaagent refused to"
                    + " weave " + caller.getName() + " when it was loaded, because of:\n" + refused.value()
                    + "\nFix these and the agent weaves the whole class.";
        }
        if (agent != null) {
            return "Await.on(...) was called in " + where + ", which the Weft javaagent (" + agent + ") did not"
                    + " weave: annotate the method with @Async (from dev.weft.annotations) and make it return"
                    + " dev.weft.Coroutine (a lambda that awaits must return a Coroutine).";
        }
        return "Await.on(...) was called in " + where + ", which was not woven by Weft. Build the project with the"
                + " weft-maven-plugin (goals weave and weave-tests) or start the JVM with -javaagent:" + agentJar()
                + ", and make sure the calling method is annotated @Async and returns dev.weft.Coroutine.";
    }
}

package dev.weft.agent;

import dev.weft.weaver.WeaveOptions;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The javaagent: {@code -javaagent:weft-transformer-<version>.jar[=options]} weaves every {@code @Async}
 * method of the application's classes as they are loaded.
 *
 * <p>The options are the ones of {@link WeaveOptions#parse(String)} ({@code verbose}, {@code skip},
 * {@code compact}, {@code failOnWarning}): {@code -javaagent:weft-transformer-<version>.jar=failOnWarning} makes
 * every class whose weaving warns (a coroutine never awaited, say) fail to initialise; without it the warnings
 * are logged. Bad options are logged and the agent is not installed; nothing here ever stops the JVM from
 * starting. Classes already woven at build time are left as they are (weaving is idempotent).
 */
public final class WeftAgent {

    /**
     * Set to the agent jar's path once the agent is installed: the runtime's "not woven" message reads it to say
     * that the agent runs (the runtime and the agent may be loaded by different class loaders).
     */
    static final String AGENT_PROPERTY = "dev.weft.agent";

    private WeftAgent() {
    }

    private static String jarPath() {
        try {
            return Path.of(WeftAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (Exception | LinkageError e) {
            return "weft-transformer";
        }
    }

    /**
     * Entry point for {@code -javaagent:}.
     *
     * @param args the text after {@code =}, may be {@code null}
     * @param inst the instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        install(args, inst, false);
    }

    /**
     * Entry point for attaching to a running JVM. Only classes loaded afterwards are woven.
     *
     * @param args the options, may be {@code null}
     * @param inst the instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst, true);
    }

    /**
     * Parses the options and registers the transformer.
     *
     * @param args the options
     * @param inst the instrumentation
     * @param attached whether the agent was attached to a running JVM
     * @return the installed transformer, or {@code null} when nothing was installed
     */
    static WeftClassFileTransformer install(String args, Instrumentation inst, boolean attached) {
        try {
            WeaveOptions options;
            try {
                options = WeaveOptions.parse(args);
            } catch (IllegalArgumentException e) {
                WeftClassFileTransformer.log(System.Logger.Level.ERROR, "Weft agent not installed: bad options '" + args + "': "
                        + e.getMessage(), null);
                return null;
            }
            if (options.skip()) {
                WeftClassFileTransformer.log(System.Logger.Level.INFO, "Weft agent: skip is set, weaving nothing", null);
                return null;
            }
            openJavaLang(inst);
            ClassDefiner definer = ClassDefiner.reflective();
            WeftClassFileTransformer transformer = new WeftClassFileTransformer(options, definer);
            inst.addTransformer(transformer, false);
            System.setProperty(AGENT_PROPERTY, jarPath());
            if (options.verbose()) {
                WeftClassFileTransformer.log(System.Logger.Level.INFO, "Weft agent installed (" + options + ")"
                        + (attached ? "; classes loaded before the attach are not woven" : ""), null);
            }
            return transformer;
        } catch (Throwable t) {
            WeftClassFileTransformer.log(System.Logger.Level.ERROR, "Weft agent not installed", t);
            return null;
        }
    }

    /**
     * Opens {@code java.lang} to the agent's module so that {@link ClassDefiner} can call the protected
     * {@code ClassLoader.defineClass} reflectively, to define generated frame classes in the loader of
     * the class they belong to.
     */
    private static void openJavaLang(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        Module self = WeftAgent.class.getModule();
        if (!javaBase.isOpen("java.lang", self) && inst.isModifiableModule(javaBase)) {
            inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(self)), Set.of(), Map.of());
        }
    }
}

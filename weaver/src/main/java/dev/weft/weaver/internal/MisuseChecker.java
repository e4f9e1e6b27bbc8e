package dev.weft.weaver.internal;

import dev.weft.weaver.WeaveProblem;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first pass: decides which methods become state machines ({@code @Async} methods, and lambdas
 * whose body awaits and whose functional method returns {@code Coroutine}) and reports every misuse,
 * each located by class, method, source file and line.
 */
final class MisuseChecker {
    private final ClassNode cn;
    private final ClassHierarchy hierarchy;
    private final List<WeaveProblem> problems = new ArrayList<>();
    private final List<MethodNode> toWeave = new ArrayList<>();

    MisuseChecker(ClassNode cn, ClassHierarchy hierarchy) {
        this.cn = cn;
        this.hierarchy = hierarchy;
    }

    List<WeaveProblem> problems() {
        return problems;
    }

    List<MethodNode> methodsToWeave() {
        return toWeave;
    }

    void check() {
        for (MethodNode m : cn.methods) {
            checkMethod(m);
        }
    }

    static boolean isAsync(MethodNode m) {
        return hasAnnotation(m.invisibleAnnotations) || hasAnnotation(m.visibleAnnotations);
    }

    private static boolean hasAnnotation(List<AnnotationNode> list) {
        if (list != null) {
            for (AnnotationNode a : list) {
                if (a.desc.equals(Names.ASYNC_DESC)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isAwaitCall(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        return m.owner.equals(Names.AWAIT) && m.name.equals(Names.AWAIT_ON);
    }

    static boolean isYieldCall(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        return m.owner.equals(Names.AWAIT) && m.name.equals(Names.AWAIT_YIELD);
    }

    static boolean returnsCoroutine(MethodNode m) {
        return Type.getReturnType(m.desc).getDescriptor().equals(Names.COROUTINE_DESC);
    }

    /** @return whether {@code m} is an async generator: {@code @Async} and returns {@code AsyncGenerator} */
    static boolean isGenerator(MethodNode m) {
        return Type.getReturnType(m.desc).getDescriptor().equals(Names.ASYNC_GENERATOR_DESC);
    }

    private static boolean isLambdaBody(MethodNode m) {
        return (m.access & Opcodes.ACC_SYNTHETIC) != 0 && m.name.startsWith("lambda$");
    }

    private void checkMethod(MethodNode m) {
        boolean async = isAsync(m) && (m.access & Opcodes.ACC_BRIDGE) == 0;
        List<AbstractInsnNode> awaits = new ArrayList<>();
        List<AbstractInsnNode> yields = new ArrayList<>();
        if (m.instructions != null) {
            for (AbstractInsnNode insn : m.instructions) {
                if (isAwaitCall(insn)) {
                    awaits.add(insn);
                } else if (isYieldCall(insn)) {
                    yields.add(insn);
                } else if (insn instanceof InvokeDynamicInsnNode) {
                    checkMethodReference(m, (InvokeDynamicInsnNode) insn);
                } else if (insn instanceof LdcInsnNode && ((LdcInsnNode) insn).cst instanceof Handle
                        && isAwaitHandle((Handle) ((LdcInsnNode) insn).cst)) {
                    report(m, insn, "a method handle to Await.on cannot suspend anything: call Await.on(...)"
                            + " directly inside an @Async method");
                }
            }
        }
        if (async) {
            if (m.name.equals("<init>")) {
                report(m, first(m), "@Async cannot be put on a constructor: a constructor cannot suspend;"
                        + " move the asynchronous work into an @Async factory method");
                return;
            }
            if (m.name.equals("<clinit>")) {
                report(m, first(m), "@Async cannot be put on a static initialiser");
                return;
            }
            if ((m.access & Opcodes.ACC_ABSTRACT) != 0) {
                report(m, null, "@Async cannot be put on an abstract method: only a method with a body can be"
                        + " woven; put @Async on its implementations");
                return;
            }
            if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                report(m, null, "@Async cannot be put on a native method: only a method with a Java body can be"
                        + " woven");
                return;
            }
            if (Type.getReturnType(m.desc).getSort() == Type.VOID) {
                return; // an entry point: EntryPoints moved its body into an @Async method returning Coroutine
            }
            boolean generator = isGenerator(m);
            if (!returnsCoroutine(m) && !generator) {
                report(m, first(m), "an @Async method must return dev.weft.Coroutine, dev.weft.AsyncGenerator or"
                        + " void, not " + Type.getReturnType(m.desc).getClassName()
                        + "; write `Coroutine<T> " + m.name + "(...)` and end it with `return Coroutine.of(value);`");
                return;
            }
            if (!generator && !yields.isEmpty()) {
                // An @Async void method's body has moved into a synthetic one of the same name (EntryPoints).
                String what = (m.access & Opcodes.ACC_SYNTHETIC) != 0 ? "@Async void method " + m.name
                        + ", an entry point" : "@Async method " + m.name + ", which returns Coroutine";
                for (AbstractInsnNode y : yields) {
                    report(m, y, "Await.yield(...) in " + what + ": only an async generator can yield; make the"
                            + " method return dev.weft.AsyncGenerator<T> and end it with `return AsyncGenerator.done();`");
                }
                return;
            }
            awaits.addAll(yields);
            if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                report(m, awaits.isEmpty() ? first(m) : awaits.get(0), "an @Async method cannot be synchronized:"
                        + " a task must not hold a monitor while it is suspended (another task on the same thread"
                        + " could enter it); use dev.weft.Lock instead");
                return;
            }
            if (checkMonitors(m, awaits)) {
                toWeave.add(m);
            }
            return;
        }
        boolean coroutineLambda = isLambdaBody(m) && returnsCoroutine(m);
        if (coroutineLambda && awaits.isEmpty() && m.instructions != null && usesAsyncSyntax(m)) {
            // A lambda returning a Coroutine whose only suspension points are async for or async with.
            if ((m.access & Opcodes.ACC_SYNCHRONIZED) == 0 && checkMonitors(m, awaits)) {
                toWeave.add(m);
            }
            return;
        }
        if (m.instructions != null && !coroutineLambda) {
            checkAsyncSyntax(m);   // a lambda returning a Coroutine was checked above, or is woven with its awaits
        }
        for (AbstractInsnNode y : yields) {
            report(m, y, "Await.yield(...) in " + (isLambdaBody(m) ? "a lambda" : m.name.equals("<init>")
                    ? "a constructor" : m.name.equals("<clinit>") ? "a static initialiser" : "method " + m.name
                    + ", which is not @Async") + ": only an async generator (an @Async method returning"
                    + " dev.weft.AsyncGenerator) can yield");
        }
        if (awaits.isEmpty()) {
            return;
        }
        if (isLambdaBody(m)) {
            if (returnsCoroutine(m)) {
                if ((m.access & Opcodes.ACC_SYNCHRONIZED) == 0 && checkMonitors(m, awaits)) {
                    toWeave.add(m);
                }
                return;
            }
            for (AbstractInsnNode a : awaits) {
                report(m, a, "Await.on(...) in a lambda whose functional method does not return"
                        + " dev.weft.Coroutine (such as a lambda passed to forEach) cannot suspend anything: use a"
                        + " for loop in the @Async method, or make the lambda return a Coroutine");
            }
            return;
        }
        String what = m.name.equals("<init>") ? "a constructor, which cannot suspend"
                : m.name.equals("<clinit>") ? "a static initialiser, which cannot suspend"
                : "method " + m.name + ", which is not @Async";
        for (AbstractInsnNode a : awaits) {
            report(m, a, "Await.on(...) in " + what + ": annotate the method with @Async (from"
                    + " dev.weft.annotations) and make it return dev.weft.Coroutine");
        }
    }

    /** The static type of the resource stored at {@code site}: the owner of its close call after it. */
    private String resourceType(MethodNode m, AbstractInsnNode site) {
        if (site instanceof MethodInsnNode) {
            return ((MethodInsnNode) site).owner.replace('/', '.');
        }
        int slot = ((VarInsnNode) site).var;
        for (AbstractInsnNode n = site.getNext(); n != null; n = n.getNext()) {
            if (AsyncWithLowering.isAsyncClose(n, hierarchy) && n.getPrevious() instanceof VarInsnNode
                    && ((VarInsnNode) n.getPrevious()).var == slot) {
                return ((MethodInsnNode) n).owner.replace('/', '.');
            }
        }
        return "an AsyncCloseable";
    }

    private boolean usesAsyncSyntax(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (AsyncForLowering.isAsyncIteration(insn, hierarchy)) {
                return true;
            }
        }
        return AsyncWithLowering.findAsyncWith(cn, m, hierarchy) != null;
    }

    /** async for and async with suspend: outside woven code they are errors, not silent blocking or misbehaviour. */
    private void checkAsyncSyntax(MethodNode m) {
        String where = isLambdaBody(m) ? "a lambda whose functional method does not return dev.weft.Coroutine"
                : m.name.equals("<init>") ? "a constructor, which cannot suspend"
                : m.name.equals("<clinit>") ? "a static initialiser, which cannot suspend"
                : "method " + m.name + ", which is not @Async";
        for (AbstractInsnNode insn : m.instructions) {
            if (AsyncForLowering.isAsyncIteration(insn, hierarchy)) {
                report(m, insn, "for-each over " + ((MethodInsnNode) insn).owner.replace('/', '.') + ", an"
                        + " AsyncIterable (async for), in " + where + ": it awaits each item, so it belongs in an"
                        + " @Async method");
            }
        }
        AbstractInsnNode with = AsyncWithLowering.findAsyncWith(cn, m, hierarchy);
        if (with != null) {
            report(m, with, "try-with-resources over " + resourceType(m, with) + ", an"
                    + " AsyncCloseable (async with), in " + where + ": closing it awaits aclose(), so it belongs in"
                    + " an @Async method");
        }
    }

    private void checkMethodReference(MethodNode m, InvokeDynamicInsnNode indy) {
        for (Object arg : indy.bsmArgs) {
            if (arg instanceof Handle && isAwaitHandle((Handle) arg)) {
                report(m, indy, "the method reference Await::on cannot suspend anything: call Await.on(...)"
                        + " directly inside an @Async method");
            }
        }
    }

    private static boolean isAwaitHandle(Handle h) {
        return h.getOwner().equals(Names.AWAIT) && h.getName().equals(Names.AWAIT_ON);
    }

    /** Await.on inside synchronized blocks: a forward pass counting the monitors held. */
    private boolean checkMonitors(MethodNode m, List<AbstractInsnNode> awaits) {
        if (awaits.isEmpty()) {
            return true;
        }
        boolean hasMonitor = false;
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() == Opcodes.MONITORENTER) {
                hasMonitor = true;
                break;
            }
        }
        if (!hasMonitor) {
            return true;
        }
        int[] depth = MonitorDepth.compute(m);
        boolean ok = true;
        Set<Integer> reportedLines = new HashSet<>();
        for (AbstractInsnNode a : awaits) {
            int d = depth[m.instructions.indexOf(a)];
            // javac copies a finally block onto every exit: one await in the source, reported once.
            if (d > 0 && reportedLines.add(lineOf(m, a))) {
                report(m, a, "Await.on(...) inside a synchronized block: a task must not hold a monitor while it"
                        + " is suspended (another task on the same thread could enter it); move the await out of"
                        + " the block, or use dev.weft.Lock");
                ok = false;
            }
        }
        return ok;
    }

    private static AbstractInsnNode first(MethodNode m) {
        return m.instructions == null || m.instructions.size() == 0 ? null : m.instructions.getFirst();
    }

    private void report(MethodNode m, AbstractInsnNode at, String message) {
        problems.add(problem(cn, m, at, message));
    }

    static WeaveProblem problem(ClassNode cn, MethodNode m, AbstractInsnNode at, String message) {
        return new WeaveProblem(cn.name.replace('/', '.'), displayName(cn, m), cn.sourceFile, lineOf(m, at), message);
    }

    /**
     * The method as the user wrote it: a lambda body is named after the method whose code creates the lambda
     * (javac's {@code lambda$main$0} says it; the Eclipse compiler's {@code lambda$0} does not, so the class's
     * {@code invokedynamic} instructions tell).
     */
    static String displayName(ClassNode cn, MethodNode m) {
        if (!m.name.startsWith("lambda$")) {
            return m.name;
        }
        MethodNode creator = lambdaCreator(cn, m);
        if (creator != null && creator != m) {
            String enclosing = displayName(cn, creator);
            return enclosing.endsWith(LAMBDA_SUFFIX) ? enclosing : enclosing + LAMBDA_SUFFIX;
        }
        String rest = m.name.substring("lambda$".length());
        int d = rest.lastIndexOf('$');
        String enclosing = d > 0 ? rest.substring(0, d) : rest;
        if (enclosing.equals("new")) {
            enclosing = "<init>";
        } else if (enclosing.equals("static")) {
            enclosing = "<clinit>";
        }
        return enclosing + LAMBDA_SUFFIX;
    }

    private static final String LAMBDA_SUFFIX = " (in a lambda)";

    /** The method of {@code cn} whose {@code invokedynamic} makes a lambda of {@code body}, or {@code null}. */
    private static MethodNode lambdaCreator(ClassNode cn, MethodNode body) {
        for (MethodNode m : cn.methods) {
            if (m.instructions == null) {
                continue;
            }
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof InvokeDynamicInsnNode) {
                    for (Object arg : ((InvokeDynamicInsnNode) insn).bsmArgs) {
                        // By name alone: compilers give each lambda body a name of its own, and weaving
                        // changes the body's descriptor, not its name.
                        if (arg instanceof Handle && ((Handle) arg).getOwner().equals(cn.name)
                                && ((Handle) arg).getName().equals(body.name)) {
                            return m;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** @return the source line of {@code at} (or of the method's first line when {@code at} has none), or -1 */
    static int lineOf(MethodNode m, AbstractInsnNode at) {
        for (AbstractInsnNode i = at; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode) {
                return ((LineNumberNode) i).line;
            }
        }
        if (m.instructions != null) {
            for (AbstractInsnNode i : m.instructions) {
                if (i instanceof LineNumberNode) {
                    return ((LineNumberNode) i).line;
                }
            }
        }
        return -1;
    }
}

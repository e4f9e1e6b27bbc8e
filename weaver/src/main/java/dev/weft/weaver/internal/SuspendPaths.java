package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spill step of a suspension: out of line, one path per set of values saved in the same fields (and values
 * below the awaitable of the same kinds); each point jumps to its path with the {@code SUSPEND} and its label on
 * the stack. A path calls the frame's static save method, which takes the values below the awaitable, the
 * {@code SUSPEND}, the label, the frame (in a body called directly that may have none yet: {@code null}, then
 * the receiver, the arguments and the task to make it from) and the live locals, stores them (clearing the
 * references it does not save), sets the label, publishes the frame and gives the {@code SUSPEND} back to
 * return.
 */
final class SuspendPaths {
    private final MethodShape shape;
    private final FrameLayout layout;
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, LabelNode> paths = new LinkedHashMap<>();
    private final InsnList code = new InsnList();

    SuspendPaths(MethodShape shape, FrameLayout layout) {
        this.shape = shape;
        this.layout = layout;
    }

    /** The save method: a frame-making one where the body may have no frame yet. */
    private FrameLayout.SaveMethod saveMethod(SuspensionPoint p, boolean hasFrame) {
        boolean adopt = p.direct != null && p.direct.intrinsic == null;
        Type[] lazy = null;
        if (!hasFrame) {
            Type[] ctor = Type.getArgumentTypes(shape.frameConstructorDescriptor());
            lazy = Arrays.copyOf(ctor, ctor.length + 1);
            lazy[ctor.length] = Type.getType(Names.TASK_DESC);
        }
        return layout.saveMethod(p, adopt, lazy);
    }

    private String key(SuspensionPoint p, boolean hasFrame) {
        FrameLayout.SaveMethod save = saveMethod(p, hasFrame);
        StringBuilder key = new StringBuilder(save.name).append(hasFrame ? " framed" : " " + p.zeroedArgs);
        for (SuspensionPoint.Saved s : p.saveLocals) {
            if (!s.alwaysNull) {
                key.append(' ').append(s.slot);
            }
        }
        return key.toString();
    }

    /** First pass: how many points would share each path. */
    void count(SuspensionPoint p, boolean hasFrame) {
        uses.merge(key(p, hasFrame), 1, Integer::sum);
    }

    /**
     * With the {@code SUSPEND} and the label on the stack: jumps to the shared path, or spills right here
     * when no other point has the same path.
     */
    void suspend(SuspensionPoint p, boolean hasFrame, InsnList seq) {
        String key = key(p, hasFrame);
        if (uses.get(key) < 2) {
            spill(p, hasFrame, seq);
            return;
        }
        LabelNode path = paths.get(key);
        if (path == null) {
            path = new LabelNode();
            paths.put(key, path);
            code.add(path);
            spill(p, hasFrame, code);
        }
        seq.add(new JumpInsnNode(Opcodes.GOTO, path));
    }

    /** Calls the save method with the point's values and returns what it gives back. */
    private void spill(SuspensionPoint p, boolean hasFrame, InsnList code) {
        FrameLayout.SaveMethod save = saveMethod(p, hasFrame);
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        if (!hasFrame) {
            // The frame may be null: the save method makes it from these.
            StubBuilder.pushArguments(shape, code, p.zeroedArgs);
            code.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        }
        for (SuspensionPoint.Saved s : p.saveLocals) {
            if (!s.alwaysNull) {
                code.add(new VarInsnNode(FrameLayout.loadOpcode(s.type), s.slot));
            }
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, shape.frameClass, save.name, save.desc, false));
        // It returns SUSPEND, or a primitive body's marker.
        code.add(new InsnNode(shape.result == null ? Opcodes.ARETURN : shape.result.returnOpcode()));
    }

    /** The shared paths, to place after the body. */
    InsnList code() {
        return code;
    }
}

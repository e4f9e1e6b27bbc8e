package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.Map;

/**
 * The restore step of a resume: out of line, outside every try block, one restore path reloads the saved locals
 * of its points from the frame, then jumps back in, to its only point or, switching on the label, to the point
 * being resumed (whose resume step pushes its values below the awaitable back on the stack).
 */
final class RestorePaths {
    private RestorePaths() {
    }

    /**
     * @param resumes where each point resumes
     * @param start the start of the body: the switch's default, never taken (the frame checks its label)
     * @param alwaysSwitch whether a path of one point switches too (it then needs no jump when it comes first)
     */
    static InsnList of(MethodShape shape, RestorePlan.Group g, LabelNode restoreLabel,
                       Map<SuspensionPoint, LabelNode> resumes, LabelNode start, boolean alwaysSwitch) {
        InsnList restore = new InsnList();
        restore.add(restoreLabel);
        reload(shape, restore, g);
        if (g.members.size() == 1 && !alwaysSwitch) {
            restore.add(new JumpInsnNode(Opcodes.GOTO, resumes.get(g.members.get(0))));
        } else {
            LabelNode[] to = new LabelNode[g.members.size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = resumes.get(g.members.get(i));
            }
            restore.add(Insns.frameLabel(shape));
            restore.add(new TableSwitchInsnNode(g.members.get(0).label, g.members.get(to.length - 1).label, start, to));
        }
        return restore;
    }

    /**
     * Reloads a restore path's locals from the frame. The path has no line of its own: it is part of the entry's
     * jump to the resume point, and a line here, before the method's own code, would be where a debugger puts a
     * breakpoint set on the await's line (the first place of the line), which would then stop only after the
     * resume, never before the await.
     */
    static void reload(MethodShape shape, InsnList restore, RestorePlan.Group g) {
        for (SuspensionPoint.Saved s : g.entries.values()) {
            if (s.alwaysNull) {
                restore.add(new InsnNode(Opcodes.ACONST_NULL));
                restore.add(new VarInsnNode(Opcodes.ASTORE, s.slot));
                continue;
            }
            load(shape, restore, s);
            restore.add(new VarInsnNode(FrameLayout.storeOpcode(s.type), s.slot));
        }
    }

    /** Loads a saved value from its frame field, cast back to its type. */
    static void load(MethodShape shape, InsnList code, SuspensionPoint.Saved s) {
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, shape.frameClass, s.field.name, s.field.desc));
        if (SlotKind.of(s.type) == SlotKind.REFERENCE && !s.type.equals(TypeInterpreter.OBJECT)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, s.type.getSort() == Type.ARRAY
                    ? s.type.getDescriptor() : s.type.getInternalName()));
        }
    }
}

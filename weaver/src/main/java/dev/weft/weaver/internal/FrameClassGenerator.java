package dev.weft.weaver.internal;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.HashSet;
import java.util.Set;

/**
 * Generates the frame class of one woven method: a final subclass of {@code AsyncFrame} with one field
 * per saved value (see {@link FrameLayout}), a constructor that stores the receiver and the arguments,
 * and {@code invoke()}, which calls the body with the receiver and the arguments; the body then jumps to
 * its label and restores the values it saved.
 */
final class FrameClassGenerator {
    /** The static factory of a frame for a body called directly ({@code Rt.lazy} claims it for the task). */
    static final String LAZY = "lazy$";
    /** The static method that starts the frame of a body called too deep from the driver ({@code Rt.bounce}). */
    static final String BOUNCE = "bounce$";
    /** The method that tells where the frame's resume points are in the source ({@code AsyncFrame.lineTable}). */
    static final String LINE_TABLE = "lineTable";

    private FrameClassGenerator() {
    }

    static byte[] generate(int version, String host, boolean hostIsInterface, String sourceFile, String methodName,
                           String bodyDesc, String constructorDesc, AsyncMethodWeaver.Result r,
                           ClassHierarchy hierarchy) {
        FrameLayout layout = r.layout;
        ClassWriter cw = new HierarchyClassWriter(ClassWriter.COMPUTE_FRAMES, hierarchy);
        cw.visit((version & 0xFFFF) < Opcodes.V1_8 ? Opcodes.V1_8 : version, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
                layout.frameClass, null, Names.ASYNC_FRAME, null);
        if (sourceFile != null) {
            cw.visitSource(sourceFile, null);
        }
        if (!r.isStatic) {
            cw.visitField(Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, "self", layout.selfDesc, null, null).visitEnd();
        }
        for (FrameLayout.Field f : layout.allFields()) {
            cw.visitField(Opcodes.ACC_SYNTHETIC, f.name, f.desc, null, null).visitEnd();
        }

        // Constructor: store the receiver and the arguments.
        MethodVisitor mv = cw.visitMethod(0, "<init>", constructorDesc, null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, Names.ASYNC_FRAME, "<init>", "()V", false);
        int slot = 1;
        if (!r.isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitFieldInsn(Opcodes.PUTFIELD, layout.frameClass, "self", layout.selfDesc);
            slot = 2;
        }
        for (int i = 0; i < r.argTypes.length; i++) {
            Type t = r.argTypes[i];
            FrameLayout.Field f = layout.argFields.get(i);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            mv.visitFieldInsn(Opcodes.PUTFIELD, layout.frameClass, f.name, f.desc);
            slot += t.getSize();
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // lazy$(receiver, arguments..., task): the frame of a body called directly, made when it must suspend.
        String lazyDesc = lazyDescriptor(constructorDesc, layout.frameClass);
        mv = cw.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, LAZY, lazyDesc, null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, layout.frameClass);
        mv.visitInsn(Opcodes.DUP);
        int arg = 0;
        for (Type t : Type.getArgumentTypes(constructorDesc)) {
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), arg);
            arg += t.getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, layout.frameClass, "<init>", constructorDesc, false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, arg);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "lazy", Names.RT_LAZY_DESC, false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // bounce$(receiver, arguments..., task): a body called directly too deep starts its frame from the driver.
        PrimitiveResult own = PrimitiveResult.ofBody(bodyDesc);
        mv = cw.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, BOUNCE,
                constructorDesc.substring(0, constructorDesc.length() - 2) + Names.TASK_DESC + ")"
                        + (own == null ? Names.OBJECT_DESC : own.returnDescriptor()), null, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, layout.frameClass);
        mv.visitInsn(Opcodes.DUP);
        arg = 0;
        for (Type t : Type.getArgumentTypes(constructorDesc)) {
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), arg);
            arg += t.getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, layout.frameClass, "<init>", constructorDesc, false);
        mv.visitVarInsn(Opcodes.ALOAD, arg);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "bounce", Names.RT_BOUNCE_DESC, false);
        if (own == null) {
            mv.visitInsn(Opcodes.ARETURN);
        } else {
            mv.visitInsn(Opcodes.POP);
            own.marker().accept(mv);
            mv.visitInsn(own.returnOpcode());
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // save$k(values..., label): one per set of fields the body saves at its suspension points.
        for (FrameLayout.SaveMethod save : layout.saveMethods()) {
            mv = cw.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, save.name, save.desc, null, null);
            mv.visitCode();
            Type[] params = Type.getArgumentTypes(save.desc);
            int[] slots = new int[params.length];
            for (int i = 0, slot2 = 0; i < params.length; i++) {
                slots[i] = slot2;
                slot2 += params[i].getSize();
            }
            int n = save.stack.size();
            int suspendSlot = slots[n];
            int labelSlot = slots[n + 1];
            int frameSlot = slots[n + 2];
            int lazyCount = save.lazy == null ? 0 : save.lazy.length;
            if (save.lazy != null) {
                // A body called directly makes its frame only now, when it suspends: lazy$(receiver, args..., task).
                Label have = new Label();
                mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
                mv.visitJumpInsn(Opcodes.IFNONNULL, have);
                for (int i = 0; i < lazyCount; i++) {
                    mv.visitVarInsn(params[n + 3 + i].getOpcode(Opcodes.ILOAD), slots[n + 3 + i]);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, layout.frameClass, LAZY, lazyDesc, false);
                mv.visitVarInsn(Opcodes.ASTORE, frameSlot);
                mv.visitLabel(have);
            }
            if (save.adopt) {
                // A direct call suspended in a frame of its own: link it to this one.
                mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "adopt", Names.RT_FRAME_DESC, false);
            }
            Set<String> saved = new HashSet<>();
            for (int i = 0; i < params.length; i++) {
                FrameLayout.Field f = i < n ? save.stack.get(i) : i < n + 3 + lazyCount ? null
                        : save.locals.get(i - n - 3 - lazyCount);
                if (f == null) {
                    continue;
                }
                mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
                mv.visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), slots[i]);
                mv.visitFieldInsn(Opcodes.PUTFIELD, layout.frameClass, f.name, f.desc);
                saved.add(f.name);
            }
            // Dead references are cleared so a suspended frame retains nothing it no longer needs.
            for (FrameLayout.Field f : layout.referenceFields()) {
                if (!saved.contains(f.name)) {
                    mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
                    mv.visitInsn(Opcodes.ACONST_NULL);
                    mv.visitFieldInsn(Opcodes.PUTFIELD, layout.frameClass, f.name, f.desc);
                }
            }
            mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
            mv.visitVarInsn(Opcodes.ILOAD, labelSlot);
            mv.visitFieldInsn(Opcodes.PUTFIELD, Names.ASYNC_FRAME, Names.FRAME_LABEL, "I");
            mv.visitVarInsn(Opcodes.ALOAD, frameSlot);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "suspended", Names.RT_FRAME_DESC, false);
            if (layout.result == null) {
                mv.visitVarInsn(Opcodes.ALOAD, suspendSlot);
                mv.visitInsn(Opcodes.ARETURN);
            } else {
                // A body returning a primitive returns its marker when it suspends.
                layout.result.marker().accept(mv);
                mv.visitInsn(layout.result.returnOpcode());
            }
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        // clearSaved(): a frame suspended in a tail await keeps no reference its body saved.
        if (layout.tails && !layout.referenceFields().isEmpty()) {
            mv = cw.visitMethod(Opcodes.ACC_PROTECTED, "clearSaved", "()V", null, null);
            mv.visitCode();
            for (FrameLayout.Field f : layout.referenceFields()) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitFieldInsn(Opcodes.PUTFIELD, layout.frameClass, f.name, f.desc);
            }
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        // invoke(): run the body from its label, with the receiver and the arguments.
        mv = cw.visitMethod(Opcodes.ACC_PROTECTED, "invoke", "()Ljava/lang/Object;", null, null);
        mv.visitCode();
        callBody(mv, layout, host, hostIsInterface, methodName, bodyDesc, r);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // lineTable(): where each resume point is in the source, for async stack traces and task dumps.
        mv = cw.visitMethod(Opcodes.ACC_PROTECTED, LINE_TABLE, "()Ljava/lang/String;", null, null);
        mv.visitCode();
        mv.visitLdcInsn(lineTable(sourceFile, r.lines));
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * The constant {@code lineTable()} returns (see {@code AsyncFrame.lineTable}): the source file's name, a newline,
     * then one char per label, the line of its resume point (0 where unknown), and last the lines of the tail awaits,
     * last to first.
     */
    static String lineTable(String sourceFile, int[] lines) {
        StringBuilder sb = new StringBuilder(sourceFile == null ? "" : sourceFile).append('\n');
        for (int line : lines) {
            sb.append(line > 0 && line <= Character.MAX_VALUE ? (char) line : (char) 0);
        }
        return sb.toString();
    }

    private static String lazyDescriptor(String constructorDesc, String frameClass) {
        return constructorDesc.substring(0, constructorDesc.length() - 2) + Names.TASK_DESC + ")L" + frameClass + ";";
    }

    private static void callBody(MethodVisitor mv, FrameLayout layout, String host, boolean hostIsInterface,
                                 String methodName, String bodyDesc, AsyncMethodWeaver.Result r) {
        // The body jumps on its label without a default: a label that is not 0 to the number of its points is
        // refused here (a frame invoked after it ended, or not made by the weaver).
        Label bad = new Label();
        Label ok = new Label();
        // (label | (points - label)) < 0 exactly when label < 0 or label > points: one load, one branch.
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, Names.ASYNC_FRAME, Names.FRAME_LABEL, "I");
        mv.visitInsn(Opcodes.DUP);
        mv.visitLdcInsn(layout.resumePoints);
        mv.visitInsn(Opcodes.SWAP);
        mv.visitInsn(Opcodes.ISUB);
        mv.visitInsn(Opcodes.IOR);
        mv.visitJumpInsn(Opcodes.IFGE, ok);
        mv.visitLabel(bad);
        if (layout.tails) {
            // Suspended in a tail await (AsyncFrame.TAIL, or TAIL - k for the k-th line's): it ends with the value it
            // is resumed with.
            Label notTail = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, Names.ASYNC_FRAME, Names.FRAME_LABEL, "I");
            mv.visitIntInsn(Opcodes.BIPUSH, Names.TAIL_LABEL);
            mv.visitJumpInsn(Opcodes.IF_ICMPGT, notTail);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "resume", Names.RT_RESUME_DESC, false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(notTail);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "badLabel", Names.RT_BAD_LABEL_DESC, false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(ok);
        if (!r.isStatic) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, layout.frameClass, "self", layout.selfDesc);
        }
        for (FrameLayout.Field f : layout.argFields) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, layout.frameClass, f.name, f.desc);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, Names.ASYNC_FRAME, "task", Names.TASK_DESC);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Names.RT, "depth", Names.RT_DEPTH_DESC, false);
        if (r.isStatic) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, host, methodName, bodyDesc, hostIsInterface);
        } else if (hostIsInterface) {
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, host, methodName, bodyDesc, true);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, host, methodName, bodyDesc, false);
        }
        PrimitiveResult result = PrimitiveResult.ofBody(bodyDesc);
        if (result != null) {
            // The primitive, boxed, is the result, unless the body signalled a suspension or a null result.
            LabelNode value = new LabelNode();
            InsnList tail = result.readSignal(() -> {
                InsnList load = new InsnList();
                load.add(new VarInsnNode(Opcodes.ALOAD, 0));
                load.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "task",
                        Names.TASK_DESC));
                return load;
            }, value);
            tail.add(new InsnNode(Opcodes.ARETURN));
            tail.add(value);
            tail.add(result.boxing());
            tail.accept(mv);
        }
        mv.visitInsn(Opcodes.ARETURN);
    }
}

package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Plans each suspension point from the analysis: the operand stack below the awaitable (which stays on the
 * stack: the save method takes it from there) and the locals live after the point, with their exact types. Unmodified parameters are
 * not saved: the frame passes the arguments again on every resume. A frame first made at a point gets
 * zero for every argument the body writes ({@link SuspensionPoint#zeroedArgs}); the others keep their values, dead
 * or not, so that a debugger shows them after a resume, except at a direct call of another body (see
 * {@link SuspensionPoint#deadArgs}).
 */
final class SuspensionPlanner {
    private SuspensionPlanner() {
    }

    static List<SuspensionPoint> plan(MethodShape shape, MethodNode m, MethodAnalysis analysis,
                                      List<AbstractInsnNode> sites, BitSet writtenParams) {
        ClassNode cn = shape.cn;
        int argSize = shape.argSize;
        int frameSlot = shape.frameSlot;
        List<SuspensionPoint> points = new ArrayList<>();
        int label = 1;
        for (AbstractInsnNode site : sites) {
            Frame<BasicValue> f = analysis.frameAt(site);
            if (f == null) {
                continue; // unreachable code: leave it as it is (it can never run)
            }
            SuspensionPoint.Kind kind;
            boolean checked = false;
            if (site.getOpcode() == Opcodes.ARETURN) {
                kind = SuspensionPoint.Kind.RETURN;
            } else {
                String desc = ((MethodInsnNode) site).desc;
                switch (desc) {
                    case Names.AWAIT_ON_AWAITABLE:
                        kind = SuspensionPoint.Kind.AWAITABLE;
                        break;
                    case Names.AWAIT_ON_AWAITABLE_CHECKED:
                        kind = SuspensionPoint.Kind.AWAITABLE;
                        checked = true;
                        break;
                    case Names.AWAIT_ON_STAGE:
                        kind = SuspensionPoint.Kind.STAGE;
                        break;
                    case Names.AWAIT_ON_STAGE_CHECKED:
                        kind = SuspensionPoint.Kind.STAGE;
                        checked = true;
                        break;
                    default:
                        throw new WeaveProblemException(MisuseChecker.problem(cn, m, site,
                                "unknown Await.on overload " + desc + ": the weaver and weft-runtime versions differ"));
                }
            }
            SuspensionPoint p = new SuspensionPoint(label++, kind, site, checked,
                    MisuseChecker.lineOf(m, site));
            int below = f.getStackSize() - 1 - (checked ? 1 : 0);
            for (int i = 0; i < below; i++) {
                BasicValue v = f.getStack(i);
                if (v instanceof TypeInterpreter.Uninitialized || v.getType() == null) {
                    throw new WeaveProblemException(MisuseChecker.problem(cn, m, site,
                            "cannot weave: an uninitialised value is on the operand stack at Await.on"));
                }
                boolean isNull = v.getType().equals(TypeInterpreter.NULL_TYPE);
                p.stack.add(new SuspensionPoint.Saved(SuspensionPoint.Saved.ON_STACK, v.getType(), isNull));
            }
            BitSet live = analysis.liveAt(site);
            for (int slot = shape.isStatic ? 0 : 1; slot < argSize; slot++) {
                if (writtenParams.get(slot)) {
                    p.zeroedArgs.set(slot);
                } else if (!live.get(slot)) {
                    p.deadArgs.set(slot);
                }
            }
            for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1)) {
                if (slot == frameSlot || (slot < argSize && !writtenParams.get(slot))) {
                    continue;
                }
                if (slot >= f.getLocals()) {
                    continue;
                }
                BasicValue v = f.getLocal(slot);
                if (v == null || v.getType() == null || v == BasicValue.UNINITIALIZED_VALUE) {
                    continue; // not definitely assigned here: cannot be read before being written
                }
                if (v instanceof TypeInterpreter.Uninitialized) {
                    throw new WeaveProblemException(MisuseChecker.problem(cn, m, site,
                            "cannot weave: an uninitialised object is stored in a local variable across Await.on"));
                }
                boolean isNull = v.getType().equals(TypeInterpreter.NULL_TYPE);
                p.locals.add(new SuspensionPoint.Saved(slot, v.getType(), isNull));
            }
            points.add(p);
        }
        return points;
    }

}

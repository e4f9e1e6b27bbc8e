package dev.weft.weaver.internal;

import dev.weft.weaver.WeaveProblem;

/**
 * A problem a pass finds in a method it cannot weave (with the method's class, name, file and line), carried out
 * to the pipeline, which reports it as a {@code WeaveException}. Every pass throws this one type.
 */
final class WeaveProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient WeaveProblem problem;

    WeaveProblemException(WeaveProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }
}

package dev.weft.weaver;

import java.util.List;

/** The class cannot be woven: one or more misuses, each located in the source. */
public class WeaveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<WeaveProblem> problems;

    /**
     * @param problems what is wrong, at least one
     */
    public WeaveException(List<WeaveProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * @param problem what is wrong
     * @param cause the underlying failure
     */
    public WeaveException(WeaveProblem problem, Throwable cause) {
        super(format(List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    private static String format(List<WeaveProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (WeaveProblem p : problems) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /** @return the problems, in source order */
    public List<WeaveProblem> problems() {
        return problems;
    }
}

package dev.weft.bench;

/**
 * W1's proof of alternation: the pinger may only pass it when its count is even, the ponger only when it is odd.
 * Every handoff (an Event, a channel, a SynchronousQueue) orders the two, so a plain field is enough.
 */
public final class Baton {
    private int count;

    /** The pinger's move. */
    public void ping() {
        if ((count & 1) != 0) {
            throw new Check.WrongResult("ping out of turn at " + count);
        }
        count++;
    }

    /** The ponger's move. */
    public void pong() {
        if ((count & 1) == 0) {
            throw new Check.WrongResult("pong out of turn at " + count);
        }
        count++;
    }

    /** @return the moves made */
    public int count() {
        return count;
    }
}

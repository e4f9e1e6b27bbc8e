package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The selector found a watched channel ready: its reader or its writer runs in this pass. Off by default. */
@Name("dev.weft.IoReady")
@Label("I/O Ready")
@Category("Weft")
@Description("A watched channel is ready: its reader or writer callback runs in this pass")
@Enabled(false)
@StackTrace(false)
final class IoReadyEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Readable")
    @Description("Ready for reading or accepting, with a reader")
    boolean readable;

    @Label("Writable")
    @Description("Ready for writing, with a writer")
    boolean writable;

    @Label("Loop Thread")
    String loop;
}

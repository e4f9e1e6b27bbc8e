package dev.weft.docs;

import dev.weft.Asyncio;
import dev.weft.Coroutine;
import dev.weft.test.VirtualTime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs a sample's main inside the sample's own class loader, which has its own copy of the runtime: so this class
 * is loaded there too, and a policy it sets (virtual time) is that copy's alone.
 */
public final class SampleLauncher {
    private SampleLauncher() {
    }

    /**
     * @param main {@code static void main(String[])}, or a static {@code main()} returning a coroutine, which is run
     *     as {@code Asyncio.run(main())}
     * @param virtualTime whether every loop the sample makes has a virtual clock (sleeps and timeouts instant and
     *     exact)
     * @throws Throwable what the main threw
     */
    public static void launch(Method main, boolean virtualTime) throws Throwable {
        if (virtualTime) {
            Asyncio.setEventLoopPolicy(VirtualTime::newLoop);
        }
        main.setAccessible(true);
        try {
            if (main.getParameterCount() == 1) {
                main.invoke(null, (Object) new String[0]);
            } else {
                Asyncio.run((Coroutine<?>) main.invoke(null));
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

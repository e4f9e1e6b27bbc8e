package demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppTest {

    @Async
    static Coroutine<Integer> doubledCountdown(int n) {
        int sum = Await.on(App.countdown(n));
        return Coroutine.of(sum * 2);
    }

    @Test
    void printsWhatAsyncioWould() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            App.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        System.out.print(printed);
        assertEquals(String.join("\n",
                "start task",
                "start a",
                "start b",
                "done a",
                "done task",
                "done b",
                "gathered [A, B]",
                "task TASK",
                "ok 0",
                "finally 0",
                "caught odd 1",
                "finally 1",
                "ok 20",
                "finally 2",
                "tick 3",
                "tick 2",
                "tick 1",
                "sum 6",
                "hello weft",
                ""), printed);
    }

    @Test
    void testClassesAreWovenToo() {
        assertEquals(12, Asyncio.run(doubledCountdown(3)));
    }
}

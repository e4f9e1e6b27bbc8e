package dev.weft.bench.weaving;

/** The plain hello-world of the javaagent start-up benchmark: nothing in it needs weaving. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("Hello, world!");
    }
}

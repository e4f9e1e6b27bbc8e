package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the bytes of a class file by its internal name ({@code java/lang/String}) without loading
 * the class. The weaver reads the class hierarchy through it to compute stack map frames.
 */
@FunctionalInterface
public interface ClassFileLocator {

    /**
     * @param internalName e.g. {@code com/acme/Shop}
     * @return the class file's bytes, or {@code null} when there is no such class here
     * @throws IOException when reading fails
     */
    byte[] locate(String internalName) throws IOException;

    /**
     * Reads class files as resources of {@code loader} (the JDK's classes through the system loader
     * when {@code loader} is {@code null}).
     *
     * @param loader the loader, or {@code null} for the boot/system loader
     * @return the locator
     */
    static ClassFileLocator ofClassLoader(ClassLoader loader) {
        return name -> {
            String resource = name + ".class";
            InputStream in = loader != null ? loader.getResourceAsStream(resource)
                    : ClassLoader.getSystemResourceAsStream(resource);
            if (in == null) {
                return null;
            }
            try (InputStream s = in) {
                return s.readAllBytes();
            }
        };
    }

    /**
     * Reads class files from directories and jar files, searched in order. Jar files stay open until
     * {@link Closeable#close()}.
     *
     * @param paths class directories and jar files
     * @return the locator
     */
    static Closeable ofPaths(List<Path> paths) {
        List<Object> roots = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                roots.add(p);
            } else if (Files.isRegularFile(p)) {
                try {
                    roots.add(new ZipFile(p.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open " + p + " to read class files", e);
                }
            }
        }
        return new Closeable() {
            @Override
            public byte[] locate(String internalName) throws IOException {
                String resource = internalName + ".class";
                for (Object root : roots) {
                    if (root instanceof Path) {
                        Path f = ((Path) root).resolve(resource);
                        if (Files.isRegularFile(f)) {
                            return Files.readAllBytes(f);
                        }
                    } else {
                        ZipFile zip = (ZipFile) root;
                        ZipEntry e = zip.getEntry(resource);
                        if (e != null) {
                            try (InputStream in = zip.getInputStream(e)) {
                                return in.readAllBytes();
                            }
                        }
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                for (Object root : roots) {
                    if (root instanceof ZipFile) {
                        ((ZipFile) root).close();
                    }
                }
            }
        };
    }

    /**
     * Asks each locator in turn.
     *
     * @param locators the locators, first match wins
     * @return the combined locator
     */
    static ClassFileLocator firstOf(ClassFileLocator... locators) {
        return name -> {
            for (ClassFileLocator l : locators) {
                byte[] b = l.locate(name);
                if (b != null) {
                    return b;
                }
            }
            return null;
        };
    }

    /** A locator that holds open files. */
    interface Closeable extends ClassFileLocator, java.io.Closeable {
    }
}

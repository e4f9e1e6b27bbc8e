package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.weft.Ascii.b;
import static dev.weft.Ascii.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on streams over 127.0.0.1, with a self-signed certificate for localhost made at test time with the JDK's
 * keytool: a conversation with close_notify, a host name that does not match, an untrusted server, a handshake
 * that never ends, and STARTTLS on a plain connection.
 */
@Timeout(120)
class TlsTest {
    static SSLContext server;
    static SSLContext client;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    /** Echoes lines in upper case until the end of the stream, then closes. */
    @Async
    static Coroutine<Void> upperEcho(StreamReader r, StreamWriter w, List<String> log) {
        try {
            while (true) {
                byte[] line = Await.on(r.readline());
                if (line.length == 0) {
                    log.add("server eof");
                    break;
                }
                w.write(b(s(line).toUpperCase()));
                Await.on(w.drain());
            }
            w.close();
        } catch (IOException e) {
            log.add("server error " + e.getClass().getSimpleName());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> conversation() throws IOException {
        List<String> log = new ArrayList<>();
        Server srv = Await.on(Asyncio.startServer((r, w) -> upperEcho(r, w, log), "127.0.0.1", 0, server));
        Connection c = Await.on(Asyncio.openConnection("localhost", srv.port(), client));
        log.add("engine " + (c.writer().getExtraInfo("ssl_object") instanceof SSLEngine));
        log.add("protocol " + ((SSLEngine) c.writer().getExtraInfo("ssl_object")).getSession().getProtocol()
                .startsWith("TLS"));
        for (String word : List.of("one", "two")) {
            c.writer().write(b(word + "\n"));
            Await.on(c.writer().drain());
            log.add("client " + s(Await.on(c.reader().readline())).trim());
        }
        c.writer().close();
        Await.on(c.writer().waitClosed());
        Await.on(Asyncio.sleep(0.1));
        srv.close();
        Await.on(srv.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aConversationOverTlsEndsWithCloseNotify() throws IOException {
        assertEquals(List.of("engine true", "protocol true", "client ONE", "client TWO", "server eof"),
                Asyncio.run(conversation()));
    }

    @Async
    static Coroutine<List<String>> refusedHandshakes() throws IOException {
        List<String> log = new ArrayList<>();
        Server srv = Await.on(Asyncio.startServer((r, w) -> upperEcho(r, w, log), "127.0.0.1", 0, server));
        try {
            Await.on(Asyncio.openConnection("127.0.0.1", srv.port(),
                    StreamOptions.defaults().withSsl(client).withServerHostname("example.com")));
            log.add("wrong name accepted");
        } catch (SSLHandshakeException e) {
            log.add("wrong name: SSLHandshakeException");
        }
        try {
            Await.on(Asyncio.openConnection("localhost", srv.port(), SSLContext.getDefault()));
            log.add("untrusted accepted");
        } catch (SSLHandshakeException e) {
            log.add("untrusted: SSLHandshakeException");
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        Connection c = Await.on(Asyncio.openConnection("localhost", srv.port(), client));
        c.writer().write(b("still serving\n"));
        log.add(s(Await.on(c.reader().readline())).trim());
        c.writer().close();
        Await.on(c.writer().waitClosed());
        srv.close();
        Await.on(srv.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aWrongNameOrAnUntrustedServerFailsTheHandshakeAndTheServerGoesOn() throws IOException {
        List<String> log = Asyncio.run(refusedHandshakes());
        assertEquals(List.of("wrong name: SSLHandshakeException", "untrusted: SSLHandshakeException",
                "STILL SERVING"), log.subList(0, 3));
    }

    @Async
    static Coroutine<String> silentServer() throws IOException {
        Server plain = Await.on(Asyncio.getRunningLoop().createServer(() -> new Protocol() { }, "127.0.0.1", 0));
        try {
            Await.on(Asyncio.openConnection("localhost", plain.port(),
                    StreamOptions.defaults().withSsl(client).withSslHandshakeTimeout(0.3)));
            return Coroutine.of("connected");
        } catch (SSLHandshakeException e) {
            return Coroutine.of(e.getMessage());
        } finally {
            plain.close();
        }
    }

    @Test
    void aHandshakeThatNeverEndsTimesOut() throws IOException {
        assertEquals("SSL handshake is taking longer than 0.3 seconds: aborting the connection",
                Asyncio.run(silentServer()));
    }

    /** STARTTLS: a plain conversation, then TLS on the same connection, started by each side. */
    @Async
    static Coroutine<Void> starttlsServer(StreamReader r, StreamWriter w, List<String> log) {
        try {
            log.add("server plain " + s(Await.on(r.readline())).trim());
            w.write(b("OK\n"));
            Await.on(w.startTls(server));
            log.add("server tls " + s(Await.on(r.readline())).trim());
            w.write(b("secret received\n"));
            Await.on(w.drain());
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> starttls() throws IOException {
        List<String> log = new ArrayList<>();
        Server srv = Await.on(Asyncio.startServer((r, w) -> starttlsServer(r, w, log), "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", srv.port()));
        c.writer().write(b("STARTTLS\n"));
        log.add("client plain " + s(Await.on(c.reader().readline())).trim());
        Await.on(c.writer().startTls(client, "localhost"));
        log.add("client engine " + (c.writer().getExtraInfo("ssl_object") instanceof SSLEngine));
        c.writer().write(b("secret\n"));
        log.add("client tls " + s(Await.on(c.reader().readline())).trim());
        c.writer().close();
        srv.close();
        Await.on(srv.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void startTlsUpgradesAPlainConnection() throws IOException {
        List<String> log = Asyncio.run(starttls());
        assertEquals(List.of("server plain STARTTLS", "client plain OK", "client engine true", "server tls secret",
                "client tls secret received"), log);
    }
}

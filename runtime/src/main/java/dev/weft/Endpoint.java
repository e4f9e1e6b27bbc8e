package dev.weft;

/**
 * A transport and its protocol, as {@code loop.createConnection} gives them: Python's {@code (transport, protocol)}.
 * When it is given, the protocol's {@code connectionMade} has run.
 *
 * @param transport the transport
 * @param protocol the protocol the factory made
 * @param <T> the transport's type
 * @param <P> the protocol's type
 */
public record Endpoint<T, P>(T transport, P protocol) {
}

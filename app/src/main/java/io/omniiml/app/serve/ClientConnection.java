package io.omniiml.app.serve;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Tells whether the client of a request still being handled has closed its connection.
 *
 * <p>Why a probe: Jetty 12 reads from an HTTP/1.1 connection only while the application demands request content,
 * so once the upload has been read a client that goes away is noticed only when the answer is written, after the
 * analysis. The probe reads (non-blocking) from the request's endpoint: -1 means the client closed its side. A client
 * that sends more bytes instead (a pipelined next request, which browsers and common clients do not send) makes the
 * probe stop looking, and the answer then closes the connection, because the bytes read cannot be given back.
 */
final class ClientConnection {
    private final EndPoint endPoint;
    private boolean extraBytesRead;

    private ClientConnection(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** The probe for a request; one that never reports a disconnect where the endpoint cannot be reached. */
    static ClientConnection of(HttpServletRequest request) {
        EndPoint endPoint = null;
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            if (jetty != null) {
                endPoint = jetty.getConnectionMetaData().getConnection().getEndPoint();
            }
        } catch (RuntimeException e) {
            endPoint = null; // not Jetty's request (another servlet container): only the deadline cancels
        }
        return new ClientConnection(endPoint);
    }

    /** True once the client has closed its connection; reads nothing once it has sent extra bytes. */
    boolean isClosedByClient() {
        if (endPoint == null || extraBytesRead) {
            return false;
        }
        if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
            return true;
        }
        try {
            ByteBuffer probe = ByteBuffer.allocate(1);
            probe.flip(); // Jetty's fill appends after the limit: an empty buffer in flush mode
            int n = endPoint.fill(probe);
            if (n > 0) {
                extraBytesRead = true;
            }
            return n < 0;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }

    /** Whether the probe consumed bytes of a next request, so the connection must not be kept alive. */
    boolean mustClose() {
        return extraBytesRead;
    }
}

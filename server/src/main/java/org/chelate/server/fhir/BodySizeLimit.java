package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.chelate.plugin.http.BodyDrain;

/**
 * The request as HAPI sees it. Caps the body: a declared Content-Length over the limit, or a (chunked) body that
 * grows past it, fails with 413 when HAPI reads it, before it is buffered in full. Turns the container's failures to
 * read parameters into 4xx.
 */
final class BodySizeLimit extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream limited;

    BodySizeLimit(HttpServletRequest request, long maxBytes) {
        super(request);
        this.maxBytes = maxBytes;
    }

    PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("The request body is larger than the limit of " + maxBytes
                + " bytes; split the data (e.g. several smaller Bundles)");
    }

    /**
     * HAPI reads URL (and form) parameters through this; a body the container cannot read as a form (e.g. an unknown
     * charset) becomes a client error here instead of a 500.
     */
    @Override
    public java.util.Map<String, String[]> getParameterMap() {
        try {
            return super.getParameterMap();
        } catch (RuntimeException e) {
            String charsetProblem = ContentTypeCheck.charsetProblem(getContentType());
            if (charsetProblem != null) {
                throw new ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException(415, charsetProblem);
            }
            int status = e instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400
                    && http.getCode() < 500 ? http.getCode() : 400;
            throw ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.newInstance(status,
                    "The request's parameters could not be read: " + e.getMessage());
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (getContentLengthLong() > maxBytes) {
            BodyDrain.drainBounded(super.getInputStream());
            throw tooLarge();
        }
        if (limited == null) {
            limited = new LimitedStream(super.getInputStream());
        }
        return limited;
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
        return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
    }

    private final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private long count;

        LimitedStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

package org.chelate.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Lets a response body go out in large writes. HAPI's JSON encoder flushes after every field (Jackson's
 * FLUSH_AFTER_WRITE_VALUE), and each flush of the servlet output becomes a socket write; here a flush of the body
 * stream or writer does nothing, so Jetty sends its 32 KiB output buffer when it is full and the rest when the
 * response completes. An explicit {@code flushBuffer()} still flushes.
 */
final class CoalescingOutputFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, new CoalescingResponse((HttpServletResponse) response));
    }

    private static final class CoalescingResponse extends HttpServletResponseWrapper {
        private ServletOutputStream stream;
        private PrintWriter writer;

        CoalescingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new NoFlushStream(super.getOutputStream());
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new FilterWriter(super.getWriter()) {
                    @Override
                    public void flush() {
                        // the response's completion sends what is buffered
                    }
                });
            }
            return writer;
        }
    }

    private static final class NoFlushStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        NoFlushStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void flush() {
            // the response's completion sends what is buffered
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}

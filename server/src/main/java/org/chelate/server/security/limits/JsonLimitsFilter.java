package org.chelate.server.security.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.chelate.plugin.cdshooks.ParsedRequestBody;
import org.chelate.plugin.http.BodyDrain;

/**
 * For JSON endpoints outside HAPI ({@code /cds-services}): reads the body up to {@code maxBytes} (413 beyond), refuses
 * too-deep nesting or too many Bundle entries with a JSON error, and hands the servlet a request that replays the body.
 */
public final class JsonLimitsFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBytes;
    private final BodyShapeLimits limits;
    private final Function<byte[], JsonNode> reader;

    /** Streams each body once to check its shape; the servlet then reads it again. */
    public JsonLimitsFilter(long maxBytes, BodyShapeLimits limits) {
        this(maxBytes, limits, null);
    }

    /**
     * Reads each body into a tree with {@code reader} (the CDS Hooks service's own parse), checks the tree's shape and
     * hands the tree on to {@link org.chelate.plugin.cdshooks.CdsHooksServlet}, so that a large prefetch is read once,
     * not twice. A body {@code reader} refuses is streamed for its shape as before and left for the servlet to report.
     */
    public JsonLimitsFilter(long maxBytes, BodyShapeLimits limits, Function<byte[], JsonNode> reader) {
        this.maxBytes = maxBytes;
        this.limits = limits;
        this.reader = reader;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            BodyDrain.drainBounded(request.getInputStream());
            refuse(response, 413, "request_too_large", "body larger than " + maxBytes + " bytes");
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes);
        if (body == null) {
            BodyDrain.drainBounded(request.getInputStream());
            refuse(response, 413, "request_too_large", "body larger than " + maxBytes + " bytes");
            return;
        }
        JsonNode tree = read(body);
        BodyShapeLimits.Finding finding = tree == null ? limits.checkJson(body) : limits.checkTree(tree, body);
        if (finding != null) {
            boolean tooMany = finding.violation() == BodyShapeLimits.Violation.TOO_MANY_ENTRIES;
            refuse(response, tooMany ? 413 : 400, tooMany ? "request_too_large" : "invalid_request", finding.message());
            return;
        }
        HttpServletRequest replaying = new ReplayingRequest(request, body);
        if (tree != null) {
            ParsedRequestBody.attach(replaying, body.length, tree);
        }
        chain.doFilter(replaying, response);
    }

    private JsonNode read(byte[] body) {
        if (reader == null) {
            return null;
        }
        try {
            return reader.apply(body);
        } catch (RuntimeException unreadable) {
            return null; // malformed, or past the reader's own limits: streamed for its shape, reported by the servlet
        }
    }

    /** The whole stream, or null once it passes {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] all = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return all.length > limit ? null : all;
    }

    private static void refuse(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    private static final class ReplayingRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayingRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered: read it synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

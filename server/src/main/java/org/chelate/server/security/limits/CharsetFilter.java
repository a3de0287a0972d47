package org.chelate.server.security.limits;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose {@code Content-Type} names a charset this JVM cannot decode, with 415 and an error body
 * (a FHIR OperationOutcome, or CDS Hooks' JSON error), before the servlet container fails on it (Jetty would otherwise
 * throw while reading parameters, which HAPI reports as a 500).
 */
public final class CharsetFilter implements Filter {

    private static final String MESSAGE = "unsupported charset in Content-Type; use UTF-8";

    private final String contentType;
    private final String body;

    private CharsetFilter(String contentType, String body) {
        this.contentType = contentType;
        this.body = body;
    }

    public static CharsetFilter forFhir() {
        return new CharsetFilter("application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
                + "\"severity\":\"error\",\"code\":\"not-supported\",\"diagnostics\":\"" + MESSAGE + "\"}]}");
    }

    public static CharsetFilter forJson() {
        return new CharsetFilter("application/json",
                "{\"error\":\"unsupported_media_type\",\"error_description\":\"" + MESSAGE + "\"}");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String charset = charsetOf(request.getHeader("Content-Type"));
        if (charset != null && !supported(charset)) {
            HttpServletResponse response = (HttpServletResponse) servletResponse;
            response.setStatus(415);
            response.setContentType(contentType);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(body);
            return;
        }
        chain.doFilter(servletRequest, servletResponse);
    }

    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String trimmed = part.trim();
            if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
                String value = trimmed.substring(8).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static boolean supported(String charset) {
        try {
            return !charset.isEmpty() && Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}

package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * A request body a filter in front of {@link CdsHooksServlet} has already read with {@link CdsHooksService#parse}
 * (for example to check its shape), handed on so that the servlet does not read the same JSON a second time. Request
 * attributes are set only by the server, never by a client.
 *
 * @param bytes the body's size, for the servlet's own size limit
 * @param tree  the parsed body
 */
public record ParsedRequestBody(int bytes, JsonNode tree) {

    private static final String ATTRIBUTE = ParsedRequestBody.class.getName();

    public static void attach(ServletRequest request, int bytes, JsonNode tree) {
        request.setAttribute(ATTRIBUTE, new ParsedRequestBody(bytes, tree));
    }

    static Optional<ParsedRequestBody> of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ParsedRequestBody parsed ? Optional.of(parsed) : Optional.empty();
    }
}

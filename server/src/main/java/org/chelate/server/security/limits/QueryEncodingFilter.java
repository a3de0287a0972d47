package org.chelate.server.security.limits;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.chelate.server.http.ErrorBody;

/**
 * Refuses a request whose query string does not decode to UTF-8 text (a stray {@code %}, {@code %zz}, an encoded lone
 * surrogate) with 400 in the API's error format, before HAPI's decoder fails on it with a 500 or a servlet container
 * silently replaces it with U+FFFD.
 */
public final class QueryEncodingFilter implements Filter {

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String problem = Utf8Text.queryProblem(request.getQueryString());
        if (problem == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        ErrorBody body = ErrorBody.of(request.getRequestURI(), 400, problem);
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        response.setStatus(400);
        response.setContentType(body.contentType());
        response.getOutputStream().write(body.bytes());
    }
}

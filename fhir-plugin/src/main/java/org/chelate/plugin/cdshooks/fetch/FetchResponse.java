package org.chelate.plugin.cdshooks.fetch;

import java.nio.charset.StandardCharsets;

/** A complete, size-checked answer: status, content type (may be null) and body bytes. */
public record FetchResponse(int status, String contentType, byte[] body) {

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}

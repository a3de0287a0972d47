package org.chelate.plugin.knowledge;

/** A knowledge pack that cannot be used; the message names the bad entry. */
public class KnowledgePackException extends RuntimeException {

    public KnowledgePackException(String message) {
        super(message);
    }

    public KnowledgePackException(String message, Throwable cause) {
        super(message, cause);
    }
}

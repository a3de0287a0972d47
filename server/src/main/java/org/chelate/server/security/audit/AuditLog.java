package org.chelate.server.security.audit;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one line per event on the logger {@value #LOGGER}, as {@code key=value} pairs in a fixed order
 * (values with spaces or quotes are quoted). Callers pass identifiers only (resource ids, client ids, token subjects),
 * never resource content or query strings, which may hold PHI.
 */
public final class AuditLog {

    public static final String LOGGER = "org.chelate.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@$|-]*");

    private AuditLog() {
    }

    /** Logs the non-null fields of {@code fields} in their iteration order (use a LinkedHashMap). */
    public static void record(Map<String, Object> fields) {
        LOG.info(format(fields));
    }

    static String format(Map<String, Object> fields) {
        StringJoiner line = new StringJoiner(" ");
        fields.forEach((key, value) -> {
            if (value != null) {
                line.add(key + "=" + quote(String.valueOf(value)));
            }
        });
        return line.toString();
    }

    private static String quote(String value) {
        if (!value.isEmpty() && BARE.matcher(value).matches()) {
            return value;
        }
        String cleaned = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
        if (cleaned.length() > 200) {
            cleaned = cleaned.substring(0, 200) + "...";
        }
        return "\"" + cleaned + "\"";
    }
}

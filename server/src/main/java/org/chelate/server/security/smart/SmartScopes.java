package org.chelate.server.security.smart;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chelate.server.security.smart.SmartScope.Context;
import org.chelate.server.security.smart.SmartScope.Interaction;

/**
 * Parses the {@code scope} of an access token into {@link SmartScope}s (SMART App Launch v1 and v2). Scopes that grant
 * no clinical data ({@code openid}, {@code launch/patient}, {@code offline_access}, ...) are skipped; so are v2 scopes
 * narrowed by a query ({@code patient/Observation.rs?category=...}), since this server cannot enforce the narrowing
 * and granting the unnarrowed scope would grant too much.
 */
public final class SmartScopes {

    private static final Pattern CLINICAL = Pattern.compile(
            "(patient|user|system)/(\\*|[A-Z][A-Za-z]{1,63})\\.(\\*|read|write|c?r?u?d?s?)");

    private SmartScopes() {
    }

    /** @param scope the space-separated scope string; null or blank gives no scopes */
    public static List<SmartScope> parse(String scope) {
        List<SmartScope> scopes = new ArrayList<>();
        if (scope == null || scope.isBlank()) {
            return scopes;
        }
        for (String token : scope.trim().split("\\s+")) {
            SmartScope parsed = parseOne(token);
            if (parsed != null) {
                scopes.add(parsed);
            }
        }
        return scopes;
    }

    /** One scope, or null when it is not a clinical-data scope this server can honour. */
    public static SmartScope parseOne(String token) {
        Matcher matcher = CLINICAL.matcher(token);
        if (!matcher.matches()) {
            return null;
        }
        Set<Interaction> interactions = interactions(matcher.group(3));
        if (interactions.isEmpty()) {
            return null;
        }
        Context context = Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
        return new SmartScope(context, matcher.group(2), interactions);
    }

    private static Set<Interaction> interactions(String permission) {
        return switch (permission) {
            case "*" -> EnumSet.allOf(Interaction.class);
            case "read" -> EnumSet.of(Interaction.READ, Interaction.SEARCH);
            case "write" -> EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
            default -> {
                Set<Interaction> set = EnumSet.noneOf(Interaction.class);
                for (char letter : permission.toCharArray()) {
                    set.add(switch (letter) {
                        case 'c' -> Interaction.CREATE;
                        case 'r' -> Interaction.READ;
                        case 'u' -> Interaction.UPDATE;
                        case 'd' -> Interaction.DELETE;
                        case 's' -> Interaction.SEARCH;
                        default -> throw new IllegalStateException("pattern admits only cruds: " + letter);
                    });
                }
                yield set;
            }
        };
    }
}

package org.chelate.server.security.fuzz;

import java.util.List;
import java.util.Random;

/** Turns valid documents into hostile ones: truncation, deletion, nasty insertions, duplication, deep nesting. */
final class Mutations {

    static final List<String> NASTY = List.of("{", "}", "[", "]", "\"", ",", ":", "null", "true", "-0", "1e999",
            "-1e-999", "99999999999999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "\u0000", "\uFFFF", "é", "💊",
            "\"resourceType\":\"Bundle\"", "\"resourceType\":\"Nope\"", "\"resourceType\":1", "\"id\":\"../../etc\"",
            "\"id\":\"" + "x".repeat(300) + "\"", "\"reference\":\"Patient/\"", "\"reference\":\"http://evil/x\"",
            "\"valueQuantity\":{\"value\":1e308}", "\"entry\":[", "\"contained\":[{\"resourceType\":\"Patient\"}]",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<x>", "</x>", "]]>",
            "\"extension\":[{\"url\":\"\"}]", "\"birthDate\":\"2020-13-45\"", "\"effectiveDateTime\":\"yesterday\"",
            "\"hookInstance\":null", "\"context\":[]", "\"prefetch\":{\"patient\":{\"resourceType\":\"Observation\"}}",
            "\"draftOrders\":\"not a bundle\"", "\"fhirServer\":\"file:///etc/passwd\"", "\"doseQuantity\":{\"value\":-1}");

    private Mutations() {
    }

    static String mutate(String base, Random random) {
        String text = base;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            text = once(text, random);
        }
        return text;
    }

    private static String once(String text, Random random) {
        int length = text.length();
        int at = length == 0 ? 0 : random.nextInt(length + 1);
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, at);
            case 1 -> {
                int end = Math.min(length, at + 1 + random.nextInt(20));
                yield text.substring(0, at) + text.substring(end);
            }
            case 2, 3 -> text.substring(0, at) + NASTY.get(random.nextInt(NASTY.size())) + text.substring(at);
            case 4 -> {
                int end = Math.min(length, at + 1 + random.nextInt(40));
                yield text.substring(0, at) + NASTY.get(random.nextInt(NASTY.size())) + text.substring(end);
            }
            case 5 -> {
                int end = Math.min(length, at + 1 + random.nextInt(60));
                String span = text.substring(at, end);
                yield text.substring(0, end) + span.repeat(1 + random.nextInt(50)) + text.substring(end);
            }
            case 6 -> {
                int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 5_000);
                yield "[".repeat(depth) + text + "]".repeat(random.nextInt(depth + 1));
            }
            default -> text.replaceAll("[0-9]", random.nextBoolean() ? "9" : "-");
        };
    }
}

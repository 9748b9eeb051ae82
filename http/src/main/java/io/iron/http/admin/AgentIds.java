package io.iron.http.admin;

import io.iron.http.ApiError;

import java.util.regex.Pattern;

/** Agent ids in admin paths and command lines: {@code 9999} or {@code agent_9999}, a positive 64-bit integer. */
public final class AgentIds {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private AgentIds() {
    }

    public static long parse(String text) {
        String digits = text != null && text.startsWith("agent_") ? text.substring("agent_".length()) : text;
        if (digits == null || !DIGITS.matcher(digits).matches()) {
            throw ApiError.badRequest("Invalid agent id: expected a positive number such as 42 or agent_42");
        }
        long id;
        try {
            id = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Invalid agent id: outside the 64-bit range");
        }
        if (id <= 0) {
            throw ApiError.badRequest("Invalid agent id: must be positive");
        }
        return id;
    }
}

package io.iron.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The proxy's own error answers, in the OpenAI error shape {@code {"error":{"message","type","param","code"}}} that
 * the reference router uses (PROTOCOL §3.2) and the official SDKs read. On the Anthropic route the body also has a
 * top-level {@code "type":"error"}, which makes it a well-formed Anthropic error too; nothing else differs.
 */
public record ErrorBody(int status, String message, String type, String code) {

    /** The reference's quick-check refusal: nothing left ({@code spent + reserved >= limit}). */
    public static ErrorBody budgetExceeded(long spentMicros, long reservedMicros, long limitMicros) {
        return new ErrorBody(402, "Iron Cage budget limit exceeded. Spent: $" + dollars(spentMicros, 2)
                + ", Reserved: $" + dollars(reservedMicros, 2) + ", Limit: $" + dollars(limitMicros, 2)
                + ". Increase budget with router.set_budget() or check your pricing calculations.",
                "iron_cage_budget_exceeded", "budget_exceeded");
    }

    /** The reference's reservation refusal: the call's upper bound is above what is available. */
    public static ErrorBody insufficientBudget(long availableMicros, long estimatedMaxMicros) {
        return new ErrorBody(402, "Iron Cage insufficient budget for request. Available: $"
                + dollars(availableMicros, 4) + ", Estimated max cost: $" + dollars(estimatedMaxMicros, 4)
                + ". Reduce max_tokens or wait for in-flight requests to complete.",
                "iron_cage_insufficient_budget", "insufficient_budget");
    }

    /** 401 for a missing or refused IC token, worded as OpenAI's own so SDKs raise their auth error. */
    public static ErrorBody invalidApiKey() {
        return new ErrorBody(401, "Invalid API key", "invalid_request_error", "invalid_api_key");
    }

    public static ErrorBody badRequest(String message, String code) {
        return new ErrorBody(400, message, "invalid_request_error", code);
    }

    public static ErrorBody bodyTooLarge(long maxBodyBytes) {
        return new ErrorBody(413, "Request body is larger than the proxy's limit of " + maxBodyBytes
                + " bytes", "invalid_request_error", "request_too_large");
    }

    public static ErrorBody busy(String message) {
        return new ErrorBody(503, message, "iron_busy", "agent_busy");
    }

    public static ErrorBody upstream(int status, String message, String code) {
        return new ErrorBody(status, message, "iron_upstream_error", code);
    }

    public static ErrorBody server(String message, String code) {
        return new ErrorBody(500, message, "iron_server_error", code);
    }

    /** The JSON text; {@code anthropicRoute} adds the top-level {@code "type":"error"}. */
    public String json(boolean anthropicRoute) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message).put("type", type).putNull("param");
        error.put("code", code);
        if (anthropicRoute) {
            root.put("type", "error");
        }
        return root.toString();
    }

    /** Microdollars as dollars with {@code scale} decimals, exactly (no floating point on money). */
    static String dollars(long micros, int scale) {
        return BigDecimal.valueOf(micros, 6).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }
}

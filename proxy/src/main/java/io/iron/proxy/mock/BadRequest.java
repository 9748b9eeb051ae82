package io.iron.proxy.mock;

/** A request the real provider would refuse with 400; {@code param} names the offending field (OpenAI's "param"). */
final class BadRequest extends Exception {
    private final String param;

    BadRequest(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    String param() {
        return param;
    }
}

package io.iron.engine.pricing;

import java.io.Serial;

/**
 * A request body that cannot be given a true upper bound of its cost: a missing or mistyped field, an
 * absurd token count, or a provider-side feature whose cost no request field bounds. Maps to HTTP 400.
 */
public final class InvalidRequestException extends PricingException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String problem) {
        super("Field '" + field + "' " + problem);
        this.field = field;
    }

    /** The JSON path of the field at fault, e.g. {@code max_tokens} or {@code tools[2].type}. */
    public String field() {
        return field;
    }
}

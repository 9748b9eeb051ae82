package io.iron.engine.pricing;

import java.io.Serial;

/**
 * A request or a price file that pricing cannot accept. Each subtype names what is at fault (the model, the
 * request field, or the file, model and field), so a caller can answer with a message the client can act on.
 */
public sealed abstract class PricingException extends RuntimeException
        permits UnknownModelException, InvalidRequestException, PriceFileException {

    @Serial
    private static final long serialVersionUID = 1L;

    PricingException(String message) {
        super(message);
    }

    PricingException(String message, Throwable cause) {
        super(message, cause);
    }
}

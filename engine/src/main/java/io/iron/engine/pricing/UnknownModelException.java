package io.iron.engine.pricing;

import java.io.Serial;

/**
 * The request names a model that has no price. Such a request is refused (HTTP 400 at the proxy), never
 * forwarded for free: spending without a price would break the no-overspend guarantee (PROTOCOL.md D8).
 */
public final class UnknownModelException extends PricingException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String model;

    public UnknownModelException(String model) {
        super("Model '" + model + "' has no price: add it to a price file (--prices) or use a priced model");
        this.model = model;
    }

    /** The model name exactly as the request gave it. */
    public String model() {
        return model;
    }
}

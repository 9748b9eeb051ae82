package io.iron.engine.pricing;

import java.io.Serial;

/**
 * A price file that cannot be read or holds a value that is not a valid price. The message names the file,
 * and where known the model and the field, e.g.
 * {@code Price file 'prices.json': model 'my-model', field 'input_cost_per_token': must be a number, got "cheap"}.
 */
public final class PriceFileException extends PricingException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;

    PriceFileException(String source, String problem) {
        super("Price file '" + source + "': " + problem);
        this.source = source;
    }

    PriceFileException(String source, String problem, Throwable cause) {
        super("Price file '" + source + "': " + problem, cause);
        this.source = source;
    }

    static PriceFileException at(String source, String model, String field, String problem) {
        return new PriceFileException(source, "model '" + model + "', field '" + field + "': " + problem);
    }

    /** The file (path as given, or the bundled resource name) at fault. */
    public String source() {
        return source;
    }
}

package io.iron.engine.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The model price table: the bundled LiteLLM subset (127 entries, 126 of them priced), optionally with a
 * user's price file on top. Immutable and safe to share between threads.
 *
 * <p>Lookup is an exact match on the request's {@code model}, as the reference. A model that is not here has
 * no price and is refused ({@link UnknownModelException}), never served for free.
 *
 * <p>Each entry of a user file replaces the bundled entry of the same name as a whole (no field-by-field
 * merge: a half-old price is worse than either). Entries with zero input and zero output cost and
 * {@code sample_spec} are skipped in every file, as the reference does; such an entry neither adds nor
 * removes a model.
 */
public final class PriceTable {

    private static final String BUNDLED_RESOURCE = "pricing.json";

    private final Map<String, ModelPrice> prices;

    private PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    /** The table bundled with Iron ({@code io/iron/engine/pricing/pricing.json}), parsed once. */
    public static PriceTable bundled() {
        return Bundled.TABLE;
    }

    /**
     * The bundled table with the models of {@code userFile} added or replaced.
     *
     * @throws PriceFileException if the file cannot be read or holds an invalid entry (the message names the
     *                            file, the model and the field)
     */
    public static PriceTable load(Path userFile) {
        return bundled().withOverrides(userFile);
    }

    /** This table with the models of {@code userFile} added or replaced. */
    public PriceTable withOverrides(Path userFile) {
        Objects.requireNonNull(userFile, "userFile");
        try (InputStream in = Files.newInputStream(userFile)) {
            return withOverrides(PriceFile.parse(in, userFile.toString()));
        } catch (IOException e) {
            throw new PriceFileException(userFile.toString(), "cannot be read: " + e, e);
        }
    }

    /** A table from the JSON of one price file, with nothing bundled; {@code source} names it in errors. */
    public static PriceTable parse(InputStream json, String source) {
        return new PriceTable(PriceFile.parse(json, source));
    }

    private PriceTable withOverrides(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(prices);
        merged.putAll(overrides);
        return new PriceTable(merged);
    }

    /** The price of {@code model}, by exact name. */
    public Optional<ModelPrice> find(String model) {
        return Optional.ofNullable(prices.get(model));
    }

    /**
     * The price of {@code model}, by exact name.
     *
     * @throws UnknownModelException if the model has no price
     */
    public ModelPrice require(String model) {
        ModelPrice price = prices.get(model);
        if (price == null) {
            throw new UnknownModelException(model);
        }
        return price;
    }

    /** The priced model names, in file order (bundled first, then models only the user file has). */
    public Set<String> models() {
        return prices.keySet();
    }

    public int size() {
        return prices.size();
    }

    /** Lazy holder: the bundled file is parsed on first use, once. */
    private static final class Bundled {
        static final PriceTable TABLE = load();

        private static PriceTable load() {
            try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled price table " + BUNDLED_RESOURCE + " is missing");
                }
                return parse(in, "bundled " + BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

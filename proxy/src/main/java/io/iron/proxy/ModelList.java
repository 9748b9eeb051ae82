package io.iron.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iron.engine.pricing.ModelPrice;
import io.iron.engine.pricing.PriceTable;

/**
 * {@code GET /v1/models}: the models the proxy has a price for, which are the models an agent can call. In the
 * OpenAI list shape, or in Anthropic's when the client sends {@code anthropic-version} (both SDKs use this path).
 */
final class ModelList {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelList() {
    }

    static String openAi(PriceTable prices) {
        ObjectNode root = NODES.objectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : prices.models()) {
            ModelPrice p = prices.require(model);
            data.addObject().put("id", model).put("object", "model").put("created", 0)
                    .put("owned_by", p.provider().isEmpty() ? "unknown" : p.provider());
        }
        return root.toString();
    }

    static String anthropic(PriceTable prices) {
        ObjectNode root = NODES.objectNode();
        ArrayNode data = root.putArray("data");
        String first = null;
        String last = null;
        for (String model : prices.models()) {
            if (!"anthropic".equals(prices.require(model).provider())) {
                continue;
            }
            data.addObject().put("type", "model").put("id", model).put("display_name", model)
                    .put("created_at", "1970-01-01T00:00:00Z");
            first = first == null ? model : first;
            last = model;
        }
        root.put("has_more", false).put("first_id", first).put("last_id", last);
        return root.toString();
    }
}

package io.iron.proxy.mock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One OpenAI {@code POST /v1/embeddings} request.
 *
 * @param model        echoed back
 * @param inputs       number of vectors to return (1 for a string or a token array, n for an array of those)
 * @param dimensions   vector length: the request's {@code dimensions}, else the mock's default
 * @param base64       {@code encoding_format: "base64"} (the official Java and Python SDKs ask for it by default)
 * @param promptTokens billed tokens: {@code ceil(utf8 bytes of all strings / 4) + 1} plus one per token id given
 */
record EmbeddingCall(String model, int inputs, int dimensions, boolean base64, long promptTokens) {

    static EmbeddingCall parse(JsonNode body, int defaultDimensions, Long promptOverride) throws BadRequest {
        String model = ChatCall.requireModel(body, "you must provide a model parameter");
        JsonNode input = body.get("input");
        if (input == null || input.isNull() || (input.isArray() && input.isEmpty())) {
            throw new BadRequest("'input' : input cannot be an empty string or array", "input");
        }
        long bytes = 0;
        long tokenIds = 0;
        int inputs;
        if (input.isTextual()) {
            inputs = 1;
            bytes = JsonText.utf8Length(input.asText());
        } else if (input.isArray() && input.get(0).isNumber()) {
            inputs = 1;
            tokenIds = input.size();
        } else if (input.isArray()) {
            inputs = input.size();
            for (JsonNode item : input) {
                if (item.isTextual()) {
                    bytes += JsonText.utf8Length(item.asText());
                } else if (item.isArray()) {
                    tokenIds += item.size();
                } else {
                    throw new BadRequest("'input' must be a string, an array of strings or of token arrays", "input");
                }
            }
        } else {
            throw new BadRequest("'input' must be a string, an array of strings or of token arrays", "input");
        }
        int dimensions = defaultDimensions;
        JsonNode dims = body.get("dimensions");
        if (dims != null && !dims.isNull()) {
            if (!dims.canConvertToInt() || dims.asInt() < 1 || dims.asInt() > 4096) {
                throw new BadRequest("Invalid 'dimensions': expected an integer from 1 to 4096, got " + dims,
                        "dimensions");
            }
            dimensions = dims.asInt();
        }
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw new BadRequest("Invalid 'encoding_format': expected 'float' or 'base64', got '" + format + "'",
                    "encoding_format");
        }
        long prompt = promptOverride != null ? promptOverride : ChatCall.promptTokensOf(bytes) + tokenIds;
        return new EmbeddingCall(model, inputs, dimensions, format.equals("base64"), prompt);
    }
}

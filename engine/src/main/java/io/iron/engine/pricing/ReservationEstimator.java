package io.iron.engine.pricing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The reservation of a request: a true upper bound of what the provider can bill for it (PROTOCOL.md D8), so
 * that a lease can never be overspent however the call turns out. Never the reference's {@code bytes/4} guess,
 * which a prompt of digits, CJK or emoji exceeds.
 *
 * <h2>Output bound</h2>
 * The largest of {@code max_tokens}, {@code max_completion_tokens} and Anthropic's {@code thinking.budget_tokens}
 * that the request sets, else the model's maximum output, else {@value #DEFAULT_MAX_OUTPUT_TOKENS}; plus the size
 * of an OpenAI {@code prediction} (rejected predicted tokens are billed as output); times {@code n} choices.
 * When both {@code max_tokens} and {@code max_completion_tokens} are set we do not know which one the provider
 * honours, so the larger counts. A request value above the model's maximum is used as it is, not capped: the
 * table may be older than the provider's limits (output betas raise them), and if the provider honours the larger
 * value a capped reservation would be overspent; if it refuses, nothing is billed and the reservation is released.
 * Embeddings have no output.
 *
 * <h2>Input bound</h2>
 * Every token of a byte-level BPE tokenizer covers at least one UTF-8 byte, so the byte size of the prompt bounds
 * its tokens. The whole body is measured ({@link PromptScan}: message contents, system, tool definitions, tool
 * calls, names, response formats, embedding inputs, and any field we do not know), plus:
 * {@value #PER_REQUEST_TOKENS} tokens per request and {@value #PER_MESSAGE_TOKENS} per message (and per
 * {@code system}) for the chat template's special tokens, which are not in the body (OpenAI uses 3–4 per message
 * and 3 to prime the reply); {@value #TOOLS_PROMPT_TOKENS} tokens when tools or functions are offered, for the
 * tool-use instructions the provider adds (Anthropic documents 159–395 tokens, up to about 500 more with computer
 * use; OpenAI adds a namespace preamble); {@value #PROVIDER_DEFINED_TOOL_TOKENS} per Anthropic-defined tool
 * ({@code computer_*}, {@code text_editor_*}, {@code bash_*}, {@code memory_*}), whose definition is a few bytes
 * in the request but up to 735 tokens in the prompt; per image part {@value #IMAGE_TOKENS} tokens
 * ({@value #IMAGE_TOKENS_GPT_4O_MINI} for the gpt-4o-mini family), see {@link #maxTokensPerImage}; per document
 * part (PDF, file, or an earlier audio answer referenced by id) the model's whole context window, see
 * {@link #maxTokensPerDocument}. The bound is not capped
 * by the context window either: it is never below the truth.
 *
 * <h2>Rates</h2>
 * The standard rates, raised to each {@link SurchargeRates surcharge} the request can trigger: cache writes when
 * any block has {@code cache_control} (the 1-hour rate when a {@code ttl} is {@code "1h"}), priority rates for
 * {@code service_tier: "priority"}, audio rates for {@code input_audio} parts (input) or {@code audio} /
 * {@code modalities: ["audio"]} (output), and long-context rates when the input bound exceeds
 * {@value #LONG_CONTEXT_THRESHOLD_TOKENS} tokens (then every input rate is scaled by the long-context premium,
 * as Anthropic bills it). {@code reserveMicros = Cost.costMicros(inRate, outRate, maxIn, maxOut)}.
 *
 * <h2>Refused</h2>
 * Provider-side tools (web search, web fetch, code execution, MCP servers) bill for work no request field
 * bounds; a request that enables them is refused with {@link InvalidRequestException} naming the field.
 */
public final class ReservationEstimator {

    /** Chat template tokens for the whole request (reply priming, BOS), not present in the body. */
    public static final long PER_REQUEST_TOKENS = 16;
    /** Chat template tokens around each message (start, role separator, end), not present in the body. */
    public static final long PER_MESSAGE_TOKENS = 8;
    /** Tool-use instructions a provider adds to the prompt when tools are offered. */
    public static final long TOOLS_PROMPT_TOKENS = 1_024;
    /** The prompt size of one Anthropic-defined tool (computer use: 683–735 tokens; bash: 245). */
    public static final long PROVIDER_DEFINED_TOOL_TOKENS = 1_024;
    /**
     * One image part. The largest image any model here bills: OpenAI tile models at most 85 + 170 × 8 tiles =
     * 1_445 tokens (o-series 1_275, gpt-5 1_190), OpenAI patch models at most 1_536 patches × 2.46 = 3_779
     * (gpt-4.1-nano, gpt-5-nano), Anthropic about 1_600 (images are resized to about 1.15 megapixels / 750).
     */
    public static final long IMAGE_TOKENS = 6_000;
    /** One image part for gpt-4o-mini, which bills 2_833 + 5_667 per tile: 2_833 + 5_667 × 8 = 48_169 tokens. */
    public static final long IMAGE_TOKENS_GPT_4O_MINI = 50_000;
    /** One document part for a model whose context window is not in the table. */
    public static final long DOCUMENT_TOKENS_UNKNOWN_CONTEXT = 2_000_000;
    /** Output when neither the request nor the table says (the reference's fallback). */
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 128_000;
    /** A larger output request is a bug or an attack (the largest model output today is 128k tokens). */
    public static final long MAX_OUTPUT_TOKENS_LIMIT = 100_000_000;
    /** Largest {@code n} (choices) accepted. */
    public static final long MAX_CHOICES = 128;
    /** Input size above which long-context rates ({@code *_above_200k_tokens}) apply to the whole request. */
    public static final long LONG_CONTEXT_THRESHOLD_TOKENS = 200_000;

    private final PriceTable prices;

    public ReservationEstimator(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * The reservation of a request, with the price of its {@code model} from the table.
     *
     * @throws InvalidRequestException if {@code model} is missing, a field is invalid, or a provider-side tool is
     *                                 enabled (the message names the field)
     * @throws UnknownModelException   if the model has no price
     * @throws ArithmeticException     if the bound exceeds {@code Long.MAX_VALUE} µ$ (only with absurd prices)
     */
    public Reservation estimate(Endpoint endpoint, JsonNode body) {
        return estimate(endpoint, body, prices.require(modelOf(body)));
    }

    /**
     * The reservation of a request at a given price (the body's {@code model} is not looked at).
     *
     * @throws InvalidRequestException if a field is invalid or a provider-side tool is enabled
     * @throws ArithmeticException     if the bound exceeds {@code Long.MAX_VALUE} µ$ (only with absurd prices)
     */
    public static Reservation estimate(Endpoint endpoint, JsonNode body, ModelPrice price) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(price, "price");
        requireObject(body);
        refuseProviderSideTools(body);
        long maxOutput = maxOutputTokens(endpoint, body, price);
        PromptScan scan = PromptScan.of(body);
        long maxInput = maxInputTokens(body, scan, price);
        boolean longContext = maxInput > LONG_CONTEXT_THRESHOLD_TOKENS;
        long reserve = Cost.costMicros(inputRate(price, body, scan, longContext),
                outputRate(price, body, longContext), maxInput, maxOutput);
        return new Reservation(price.model(), maxInput, maxOutput, reserve);
    }

    /**
     * The request's {@code model}.
     *
     * @throws InvalidRequestException naming {@code model} if it is missing, not a string or blank
     */
    public static String modelOf(JsonNode body) {
        requireObject(body);
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new InvalidRequestException("model", "is required: a request without a model cannot be priced");
        }
        if (!model.isTextual() || model.textValue().isBlank()) {
            throw new InvalidRequestException("model", "must be a non-empty string, got " + model);
        }
        return model.textValue();
    }

    /** The largest number of tokens one image part can bill for this model. */
    public static long maxTokensPerImage(ModelPrice price) {
        return price.model().contains("gpt-4o-mini") ? IMAGE_TOKENS_GPT_4O_MINI : IMAGE_TOKENS;
    }

    /**
     * The largest number of tokens one document part (PDF or file) can bill: its text is compressed inside the
     * file and each page is also billed as an image, so no byte count bounds it; the provider refuses a prompt
     * beyond the context window, so the window does (raise {@code max_input_tokens} in a price file for a
     * long-context beta).
     */
    public static long maxTokensPerDocument(ModelPrice price) {
        return price.maxInputTokens().orElse(DOCUMENT_TOKENS_UNKNOWN_CONTEXT);
    }

    private static long maxOutputTokens(Endpoint endpoint, JsonNode body, ModelPrice price) {
        if (endpoint == Endpoint.EMBEDDINGS) {
            return 0;
        }
        OptionalLong requested = larger(larger(
                        tokenCount(body, "max_tokens", "max_tokens"),
                        tokenCount(body, "max_completion_tokens", "max_completion_tokens")),
                tokenCount(body.path("thinking"), "budget_tokens", "thinking.budget_tokens"));
        long perChoice = requested.orElse(price.maxOutputTokens().orElse(DEFAULT_MAX_OUTPUT_TOKENS));
        JsonNode prediction = body.get("prediction");
        if (prediction != null && !prediction.isNull()) {
            perChoice = Math.addExact(perChoice, PromptScan.of(prediction).textBytes);
        }
        return Math.multiplyExact(choices(body), perChoice);
    }

    private static long maxInputTokens(JsonNode body, PromptScan scan, ModelPrice price) {
        long messages = body.path("messages").isArray() ? body.path("messages").size() : 0;
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            messages++;
        }
        long tokens = PER_REQUEST_TOKENS;
        tokens = Math.addExact(tokens, Math.multiplyExact(messages, PER_MESSAGE_TOKENS));
        tokens = Math.addExact(tokens, scan.textBytes);
        tokens = Math.addExact(tokens, Math.multiplyExact(scan.imageParts, maxTokensPerImage(price)));
        tokens = Math.addExact(tokens, Math.multiplyExact(scan.documentParts, maxTokensPerDocument(price)));
        return Math.addExact(tokens, toolTokens(body));
    }

    /** Tool-use instructions plus the prompt size of Anthropic-defined tools; their JSON is in the byte count. */
    private static long toolTokens(JsonNode body) {
        JsonNode tools = body.path("tools");
        boolean offered = tools.isArray() && !tools.isEmpty()
                || body.path("functions").isArray() && !body.path("functions").isEmpty();
        long defined = 0;
        if (tools.isArray()) {
            for (JsonNode tool : tools) {
                if (ToolKind.of(tool.path("type").asText("")) == ToolKind.PROVIDER_DEFINED) {
                    defined++;
                }
            }
        }
        return (offered ? TOOLS_PROMPT_TOKENS : 0) + defined * PROVIDER_DEFINED_TOOL_TOKENS;
    }

    private static void refuseProviderSideTools(JsonNode body) {
        JsonNode tools = body.path("tools");
        if (tools.isArray()) {
            for (int i = 0; i < tools.size(); i++) {
                JsonNode type = tools.get(i).path("type");
                if (type.isMissingNode() || type.isNull()) {
                    continue;
                }
                String field = "tools[" + i + "].type";
                if (!type.isTextual()) {
                    throw new InvalidRequestException(field, "must be a string, got " + type);
                }
                if (ToolKind.of(type.textValue()) == ToolKind.PROVIDER_SIDE) {
                    throw new InvalidRequestException(field, "is '" + type.textValue() + "', a tool that runs at "
                            + "the provider and bills for work no request field bounds; the budget gateway cannot "
                            + "reserve for it (use function tools)");
                }
            }
        }
        for (String field : new String[] {"web_search_options", "mcp_servers"}) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                throw new InvalidRequestException(field, "is not allowed: it makes the provider run searches or "
                        + "tools whose cost no request field bounds, so the budget gateway cannot reserve for it");
            }
        }
    }

    /** Which tools a request may offer. */
    private enum ToolKind {
        /** A function the client runs: its definition is in the body and bounded by its bytes. */
        CLIENT,
        /** A tool the client runs whose definition the provider supplies (Anthropic computer use, bash, ...). */
        PROVIDER_DEFINED,
        /** A tool the provider runs and bills for (web search, web fetch, code execution, ...). */
        PROVIDER_SIDE;

        static ToolKind of(String type) {
            if (type.isEmpty() || type.equals("function") || type.equals("custom")) {
                return CLIENT;
            }
            for (String prefix : new String[] {"computer_", "text_editor_", "bash_", "memory_"}) {
                if (type.startsWith(prefix)) {
                    return PROVIDER_DEFINED;
                }
            }
            return PROVIDER_SIDE;
        }
    }

    private static long choices(JsonNode body) {
        JsonNode n = body.get("n");
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!isInteger(n) || n.longValue() < 1 || n.longValue() > MAX_CHOICES) {
            throw new InvalidRequestException("n", "must be an integer from 1 to " + MAX_CHOICES + ", got " + n);
        }
        return n.longValue();
    }

    /** A token-count field: absent or null is empty; otherwise an integer from 0 to the limit. */
    private static OptionalLong tokenCount(JsonNode parent, String name, String field) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || node.bigIntegerValue().signum() < 0) {
            throw new InvalidRequestException(field, "must be a non-negative integer, got " + node);
        }
        if (!node.canConvertToLong() || node.longValue() > MAX_OUTPUT_TOKENS_LIMIT) {
            throw new InvalidRequestException(field, "is " + node + ", above the limit of "
                    + MAX_OUTPUT_TOKENS_LIMIT + " tokens");
        }
        return OptionalLong.of(node.longValue());
    }

    /** An integral JSON number that fits a long (500 and 500.0 are; 500.5, "500" and 1e30 are not). */
    private static boolean isInteger(JsonNode node) {
        return node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToLong();
    }

    private static long inputRate(ModelPrice price, JsonNode body, PromptScan scan, boolean longContext) {
        SurchargeRates s = price.surcharges();
        long rate = price.inputMicrosPerMillion();
        rate = raise(rate, s.cacheReadMicrosPerMillion());
        if (scan.cacheControl) {
            rate = raise(rate, s.cacheWriteMicrosPerMillion());
        }
        if (scan.cacheControl1h) {
            rate = raise(rate, s.cacheWrite1hMicrosPerMillion());
        }
        if (priority(body)) {
            rate = raise(rate, s.priorityInputMicrosPerMillion());
        }
        if (scan.audioInput) {
            rate = raise(rate, s.audioInputMicrosPerMillion());
        }
        if (longContext) {
            rate = scaleToLongContext(rate, price.inputMicrosPerMillion(), s.longContextInputMicrosPerMillion());
            if (scan.cacheControl) {
                rate = raise(rate, s.longContextCacheWriteMicrosPerMillion());
            }
        }
        return rate;
    }

    private static long outputRate(ModelPrice price, JsonNode body, boolean longContext) {
        SurchargeRates s = price.surcharges();
        long rate = price.outputMicrosPerMillion();
        if (priority(body)) {
            rate = raise(rate, s.priorityOutputMicrosPerMillion());
        }
        if (audioOutput(body)) {
            rate = raise(rate, s.audioOutputMicrosPerMillion());
        }
        if (longContext) {
            rate = scaleToLongContext(rate, price.outputMicrosPerMillion(), s.longContextOutputMicrosPerMillion());
        }
        return rate;
    }

    /**
     * A rate under the long-context premium: the premium is a multiplier on every rate of the request (Anthropic
     * bills 2× input, 2× cache writes and 1.5× output above 200k), so a surcharged rate is scaled by
     * {@code longContext / standard}, rounded up; never below the long-context rate itself.
     */
    private static long scaleToLongContext(long rate, long standard, OptionalLong longContext) {
        if (longContext.isEmpty()) {
            return rate;
        }
        long premium = longContext.getAsLong();
        long scaled = standard == 0 ? rate : Math.ceilDiv(Math.multiplyExact(rate, premium), standard);
        return Math.max(Math.max(rate, premium), scaled);
    }

    private static long raise(long rate, OptionalLong surcharge) {
        return surcharge.isPresent() ? Math.max(rate, surcharge.getAsLong()) : rate;
    }

    private static boolean priority(JsonNode body) {
        return "priority".equals(body.path("service_tier").asText());
    }

    private static boolean audioOutput(JsonNode body) {
        JsonNode audio = body.get("audio");
        if (audio != null && !audio.isNull()) {
            return true;
        }
        for (JsonNode modality : body.path("modalities")) {
            if ("audio".equals(modality.asText())) {
                return true;
            }
        }
        return false;
    }

    private static OptionalLong larger(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object, got "
                    + (body == null ? "nothing" : body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}

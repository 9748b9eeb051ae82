package io.iron.proxy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iron.proxy.usage.Usage;
import io.iron.proxy.usage.UsageRecords;

import java.io.IOException;
import java.util.Optional;

/**
 * OpenAI chat stream: the usage record is the chunk with a non-null {@code usage}, which the proxy asks for with
 * {@code stream_options.include_usage}. Only chunks that mention "usage" are parsed.
 */
public final class OpenAiStreamMeter implements StreamMeter {
    private final ObjectMapper json;
    private Usage usage;
    private boolean generated;
    /** Set by {@link #observe} for the chunk just seen: it carries usage and no choices. */
    private boolean lastWasUsageOnly;

    public OpenAiStreamMeter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void observe(SseEvent event) {
        lastWasUsageOnly = false;
        String data = event.data();
        if (data == null || data.equals("[DONE]")) {
            return;
        }
        generated = true;
        if (!data.contains("\"usage\"")) {
            return;
        }
        try {
            JsonNode chunk = json.readTree(data);
            Optional<Usage> u = UsageRecords.openAi(chunk.get("usage"));
            if (u.isPresent()) {
                usage = u.get();
                JsonNode choices = chunk.path("choices");
                lastWasUsageOnly = !choices.isArray() || choices.isEmpty();
            }
        } catch (IOException e) {
            // Not JSON: not a usage record either.
        }
    }

    /** The chunk just observed is the usage-only final chunk. */
    public boolean lastWasUsageOnly() {
        return lastWasUsageOnly;
    }

    @Override
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    @Override
    public boolean generated() {
        return generated;
    }
}

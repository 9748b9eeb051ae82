package io.iron.proxy.stream;

/**
 * An OpenAI stream sent on as it is, except the usage-only final chunk when the client did not ask for usage: the
 * proxy asked for it (to settle from it) and the client should see the stream it asked for.
 */
public final class OpenAiPassThrough implements StreamTransform {
    private final OpenAiStreamMeter meter;
    private final boolean clientAskedForUsage;

    public OpenAiPassThrough(OpenAiStreamMeter meter, boolean clientAskedForUsage) {
        this.meter = meter;
        this.clientAskedForUsage = clientAskedForUsage;
    }

    @Override
    public String onEvent(SseEvent event) {
        if (!clientAskedForUsage && meter.lastWasUsageOnly()) {
            return null;
        }
        return event.wireText();
    }

    @Override
    public String errorEvent(String message) {
        return ErrorEvents.openAi(message);
    }
}

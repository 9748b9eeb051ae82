package io.iron.proxy.stream;

/** An Anthropic stream sent on exactly as it came. */
public final class AnthropicPassThrough implements StreamTransform {

    @Override
    public String onEvent(SseEvent event) {
        return event.wireText();
    }

    @Override
    public String errorEvent(String message) {
        return ErrorEvents.anthropic(message);
    }
}

package io.iron.proxy.stream;

/** What the client is sent for each upstream event; the meter has already seen the event. */
public interface StreamTransform {

    /** The SSE text for this event (ending with a blank line), or null to send nothing. */
    String onEvent(SseEvent event);

    /** An error event in the client's format, telling it the stream broke ({@code message} says why). */
    String errorEvent(String message);
}

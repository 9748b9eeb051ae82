package io.iron.proxy.mock;

/**
 * A streamed answer cut into the pieces the mock writes and flushes one at a time.
 *
 * @param opening       frames before any text (OpenAI role chunk; Anthropic message_start, content_block_start, ping)
 * @param content       one frame per text piece
 * @param contentTokens completion tokens carried by each content frame (what is billed if the stream is cut)
 * @param closing       frames after the text (finish chunk, usage chunk, [DONE]; or content_block_stop,
 *                      message_delta, message_stop)
 */
record StreamFrames(byte[] opening, byte[][] content, int[] contentTokens, byte[] closing) {
}

package io.iron.proxy.budget;

/**
 * What a settled call was, for usage reports to a control server: the request's model, the provider's wire name
 * and the tokens billed (the reservation's token bound when the call had no usage record).
 */
public record CallFacts(String model, String provider, long tokens) {
}

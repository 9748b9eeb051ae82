/**
 * Pricing: the model price table ({@link io.iron.engine.pricing.PriceTable}, LiteLLM's JSON format), the cost
 * formula in integer microdollars ({@link io.iron.engine.pricing.Cost}) and the reservation of a request, a true
 * upper bound of its cost ({@link io.iron.engine.pricing.ReservationEstimator}, PROTOCOL.md D8).
 */
package io.iron.engine.pricing;

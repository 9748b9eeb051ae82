package io.iron.proxy;

import io.iron.engine.token.IcTokens;

import java.util.OptionalLong;

/**
 * Turns the IC token an agent presents ({@code Authorization: Bearer} or {@code x-api-key}) into its agent id. The
 * server's implementation verifies the token, checks that the agent exists and that the token is its current one
 * (D15); an empty answer is a 401 whatever the reason, so agents cannot be enumerated.
 */
@FunctionalInterface
public interface AgentAuthenticator {

    /** The agent {@code icToken} belongs to, or empty when the token must be refused. */
    OptionalLong agentFor(String icToken);

    /** Signature, issuer, expiry and claims only: no lookup of the agent (tests, and an edge proxy's own token). */
    static AgentAuthenticator signatureOnly(IcTokens tokens) {
        return icToken -> {
            try {
                return OptionalLong.of(tokens.verify(icToken).agentNumber());
            } catch (RuntimeException e) {
                return OptionalLong.empty();
            }
        };
    }
}

package io.iron.http.agentproxy;

import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.token.IcTokens;
import io.iron.proxy.AgentAuthenticator;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's IC-token check in {@code iron serve}: signature and claims, the agent exists, and the token is the
 * agent's current one when a hash is set (D15: regenerated and revoked tokens stop working at once). Every refusal is
 * the same empty answer (a 401), so agents cannot be enumerated. The agent's row is at most
 * {@link AgentRows#CACHE_MILLIS} old: a regenerated or revoked token stops working on the proxy within that time (at
 * once on the budget protocol, which does not cache).
 *
 * <p>What a valid token without an expiry says (its agent and hash) never changes, so its signature is checked once
 * and remembered; a token with an expiry is verified on every call.
 */
final class DirectoryAuthenticator implements AgentAuthenticator {
    private static final System.Logger LOG = System.getLogger(DirectoryAuthenticator.class.getName());
    private static final int MAX_REMEMBERED = 100_000;

    private final IcTokens icTokens;
    private final AgentRows agents;
    private final ConcurrentHashMap<String, Signed> signed = new ConcurrentHashMap<>();

    /** A token whose signature and claims were verified: its agent and its SHA-256 hex. */
    private record Signed(long agentId, String tokenHash) { }

    DirectoryAuthenticator(IcTokens icTokens, AgentRows agents) {
        this.icTokens = icTokens;
        this.agents = agents;
    }

    @Override
    public OptionalLong agentFor(String icToken) {
        Signed s = signed.get(icToken);
        if (s == null) {
            s = verify(icToken);
            if (s == null) {
                return OptionalLong.empty();
            }
        }
        long agentId = s.agentId();
        Optional<AgentRow> row = agents.find(agentId);
        if (row.isEmpty() || !row.get().acceptsTokenHash(s.tokenHash())) {
            LOG.log(Level.DEBUG, () -> "proxy: IC token of agent " + agentId + " refused (unknown agent or old token)");
            return OptionalLong.empty();
        }
        return OptionalLong.of(agentId);
    }

    private Signed verify(String icToken) {
        Signed s;
        boolean expires;
        try {
            IcTokens.Verified v = icTokens.verify(icToken);
            s = new Signed(v.agentNumber(), IcTokens.tokenHash(icToken));
            expires = v.expSecs() != null;
        } catch (RuntimeException e) {
            return null;
        }
        if (!expires) {
            if (signed.size() >= MAX_REMEMBERED) {
                signed.clear();
            }
            signed.put(icToken, s);
        }
        return s;
    }
}

package io.iron.http.agentproxy;

import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.token.IcTokens;
import io.iron.proxy.AgentAuthenticator;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The proxy's IC-token check in {@code iron serve}: signature and claims, the agent exists, and the token is the
 * agent's current one when a hash is set (D15: regenerated and revoked tokens stop working at once). Every refusal is
 * the same empty answer (a 401), so agents cannot be enumerated. Answers are remembered for
 * {@link #CACHE_MILLIS}: a regenerated or revoked token stops working on the proxy within that time (at once on the
 * budget protocol, which does not cache).
 */
final class DirectoryAuthenticator implements AgentAuthenticator {
    private static final System.Logger LOG = System.getLogger(DirectoryAuthenticator.class.getName());

    static final long CACHE_MILLIS = 1_000;

    private final IcTokens icTokens;
    private final Directory directory;
    private final ShortCache<String, OptionalLong> answers = new ShortCache<>(CACHE_MILLIS, 100_000);

    DirectoryAuthenticator(IcTokens icTokens, Directory directory) {
        this.icTokens = icTokens;
        this.directory = directory;
    }

    @Override
    public OptionalLong agentFor(String icToken) {
        return answers.get(icToken, this::check);
    }

    private OptionalLong check(String icToken) {
        long agentId;
        try {
            agentId = icTokens.verify(icToken).agentNumber();
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        Optional<AgentRow> row = directory.agents().find(agentId);
        if (row.isEmpty() || !row.get().acceptsTokenHash(IcTokens.tokenHash(icToken))) {
            LOG.log(Level.DEBUG, () -> "proxy: IC token of agent " + agentId + " refused (unknown agent or old token)");
            return OptionalLong.empty();
        }
        return OptionalLong.of(agentId);
    }
}

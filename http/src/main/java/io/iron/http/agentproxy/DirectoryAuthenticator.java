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
 * the same empty answer (a 401), so agents cannot be enumerated.
 */
final class DirectoryAuthenticator implements AgentAuthenticator {
    private static final System.Logger LOG = System.getLogger(DirectoryAuthenticator.class.getName());

    private final IcTokens icTokens;
    private final Directory directory;

    DirectoryAuthenticator(IcTokens icTokens, Directory directory) {
        this.icTokens = icTokens;
        this.directory = directory;
    }

    @Override
    public OptionalLong agentFor(String icToken) {
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

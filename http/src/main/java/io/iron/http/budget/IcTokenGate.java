package io.iron.http.budget;

import io.helidon.http.Status;
import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.token.IcTokens;
import io.iron.engine.token.InvalidAgentIdException;
import io.iron.engine.token.InvalidIcTokenException;
import io.iron.http.ApiError;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Turns an IC token into the agent it speaks for (D2, D15): signature and claims, the numeric agent id, the agent
 * row, and the agent's current token hash when one is set. An unknown agent and a replaced or revoked token get the
 * same 401 as a forged one, so nothing can be enumerated. Logs say why, never the token.
 */
final class IcTokenGate {
    private static final System.Logger LOG = System.getLogger(IcTokenGate.class.getName());
    static final String INVALID = InvalidIcTokenException.CLIENT_MESSAGE;

    private final IcTokens icTokens;
    private final Directory directory;

    IcTokenGate(IcTokens icTokens, Directory directory) {
        this.icTokens = icTokens;
        this.directory = directory;
    }

    /** Handshake rules: a bad agent id is a 400 with the reference's message. */
    AgentRow forHandshake(String icToken) {
        return agent(icToken, false);
    }

    /** Refresh rules: a bad agent id is a 401 "Invalid agent ID in IC Token". */
    AgentRow forRefresh(String icToken) {
        return agent(icToken, true);
    }

    private AgentRow agent(String icToken, boolean refresh) {
        long agentId;
        try {
            agentId = icTokens.verify(icToken).agentNumber();
        } catch (InvalidIcTokenException e) {
            LOG.log(Level.DEBUG, () -> "IC token refused: " + e.logMessage());
            throw ApiError.of(Status.UNAUTHORIZED_401, INVALID);
        } catch (InvalidAgentIdException e) {
            throw refresh ? ApiError.of(Status.UNAUTHORIZED_401, "Invalid agent ID in IC Token")
                    : ApiError.badRequest(e.getMessage());
        }
        Optional<AgentRow> row = directory.agents().find(agentId);
        if (row.isEmpty()) {
            LOG.log(Level.DEBUG, () -> "IC token refused: agent " + agentId + " does not exist");
            throw ApiError.of(Status.UNAUTHORIZED_401, INVALID);
        }
        if (!row.get().acceptsTokenHash(IcTokens.tokenHash(icToken))) {
            LOG.log(Level.DEBUG, () -> "IC token refused: agent " + agentId + " has a newer token or was revoked");
            throw ApiError.of(Status.UNAUTHORIZED_401, INVALID);
        }
        return row.get();
    }
}

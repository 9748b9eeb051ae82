package io.iron.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.iron.engine.bank.BankAccount;
import io.iron.engine.bank.UnknownAgentException;
import io.iron.engine.store.db.SeededRows;
import io.iron.engine.store.directory.AgentRow;
import io.iron.engine.store.directory.ProviderKeyRow;
import io.iron.http.ApiError;
import io.iron.http.JsonCodec;
import io.iron.http.ServerParts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Agents and their budgets, for operators: create (with its account and its first IC token), list, show, delete,
 * set the allocation, top up. Budget changes are single atomic steps on the account, safe while the agent's actor
 * draws leases from it.
 */
public final class AgentAdmin {
    /** No agent budget above $1,000,000: a larger figure is a typo, not a budget. */
    public static final long MAX_BUDGET_MICROS = 1_000_000_000_000L;
    static final int NAME_MAX = 200;

    private final ServerParts parts;
    private final TokenAdmin tokens;

    public AgentAdmin(ServerParts parts, TokenAdmin tokens) {
        this.parts = parts;
        this.tokens = tokens;
    }

    /**
     * What a new agent is made of.
     *
     * @param agentId        the id to take (e.g. the seed's 9999), or null for the next free one
     * @param provider       openai or anthropic: the agent's provider, and the key it is assigned
     * @param providerKeyId  the key to assign, or null for the provider's first usable key (none yet is fine)
     */
    public record NewAgent(Long agentId, String name, long budgetMicros, String provider, Long providerKeyId) { }

    public Views.CreatedAgent create(NewAgent spec) {
        if (spec.name() == null || spec.name().strip().isEmpty()) {
            throw ApiError.badRequest("name cannot be empty");
        }
        if (spec.name().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            throw ApiError.badRequest("name too long (max " + NAME_MAX + " characters)");
        }
        checkBudget("budget_microdollars", spec.budgetMicros(), true);
        String provider = spec.provider() == null ? "openai" : spec.provider();
        if (!provider.equals("openai") && !provider.equals("anthropic")) {
            throw ApiError.badRequest("Unsupported provider: " + provider + " (openai or anthropic)");
        }
        if (spec.agentId() != null && spec.agentId() <= 0) {
            throw ApiError.badRequest("Invalid id: must be positive");
        }
        if (spec.agentId() != null && parts.directory().agents().find(spec.agentId()).isPresent()) {
            throw ApiError.of(Status.CONFLICT_409, "Agent " + spec.agentId() + " already exists");
        }
        Long keyId = spec.providerKeyId();
        if (keyId != null) {
            long wanted = keyId;
            ProviderKeyRow key = parts.directory().providerKeys().find(wanted)
                    .orElseThrow(() -> ApiError.of(Status.NOT_FOUND_404, "Provider key " + wanted + " not found"));
            if (!key.provider().equals(provider)) {
                throw ApiError.badRequest("Provider key " + wanted + " is for " + key.provider() + ", not " + provider);
            }
        } else {
            keyId = parts.directory().providerKeys().firstFor(provider)
                    .filter(k -> k.enabled() && !k.isPlaceholder()).map(ProviderKeyRow::id).orElse(null);
        }
        long now = parts.nowMillis();
        AgentRow row = parts.directory().agents().create(spec.agentId(), spec.name().strip(),
                JsonCodec.writeString(List.of(provider)), SeededRows.ADMIN_USER_ID, keyId, now);
        parts.budgetBook().open(row.id(), spec.budgetMicros(), now);
        Views.IcToken token = tokens.issue(row.id());
        return new Views.CreatedAgent(show(row.id()), token.icToken(), TokenAdmin.WARNING);
    }

    public List<Views.Agent> list() {
        List<Views.Agent> out = new ArrayList<>();
        for (AgentRow row : parts.directory().agents().list()) {
            out.add(view(row));
        }
        return out;
    }

    public Views.Agent show(long agentId) {
        return view(require(agentId));
    }

    /** Refused while the agent has money out on active leases: reclaim them first. */
    public void delete(long agentId) {
        require(agentId);
        int active = parts.directory().agents().activeLeaseCount(agentId);
        if (active > 0) {
            throw ApiError.of(Status.CONFLICT_409, "Agent " + agentId + " has " + active
                    + " active lease(s); return or reclaim them first (iron lease reclaim LEASE --reason R)");
        }
        parts.directory().agents().delete(agentId);
    }

    public Views.Budget setBudget(long agentId, long allocatedMicros) {
        require(agentId);
        checkBudget("total_allocated_microdollars", allocatedMicros, true);
        try {
            return Views.Budget.of(parts.budgetBook().setAllocation(agentId, allocatedMicros, parts.nowMillis()));
        } catch (UnknownAgentException e) {
            parts.budgetBook().open(agentId, allocatedMicros, parts.nowMillis());
            return Views.Budget.of(account(agentId).orElseThrow());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    public Views.Budget topUp(long agentId, long deltaMicros) {
        require(agentId);
        if (deltaMicros <= 0) {
            throw ApiError.badRequest("Invalid amount_microdollars: must be positive");
        }
        checkBudget("amount_microdollars", deltaMicros, false);
        long allocated = account(agentId).map(BankAccount::allocatedMicros).orElse(0L);
        if (allocated + deltaMicros > MAX_BUDGET_MICROS) {
            throw ApiError.badRequest("Invalid amount_microdollars: the allocation would exceed " + MAX_BUDGET_MICROS
                    + " microdollars ($1,000,000)");
        }
        try {
            return Views.Budget.of(parts.budgetBook().topUp(agentId, deltaMicros, parts.nowMillis()));
        } catch (UnknownAgentException e) {
            throw ApiError.of(Status.NOT_FOUND_404, "Agent " + agentId + " has no budget yet; set one first");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    AgentRow require(long agentId) {
        return parts.directory().agents().find(agentId)
                .orElseThrow(() -> ApiError.of(Status.NOT_FOUND_404, "Agent " + agentId + " not found"));
    }

    private Optional<BankAccount> account(long agentId) {
        return parts.bank().account(agentId);
    }

    private Views.Agent view(AgentRow row) {
        return new Views.Agent(row.id(), row.name(), providers(row.providersJson()), row.createdAtMillis(),
                row.ownerId(), row.providerKeyId(), row.hasIcToken(),
                row.hasIcToken() ? row.icTokenCreatedAtSecs() : null, Views.Budget.of(account(row.id()).orElse(null)));
    }

    private static List<String> providers(String json) {
        try {
            JsonNode node = JsonCodec.readTree(json);
            List<String> out = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(n -> out.add(n.asText()));
                return out;
            }
        } catch (RuntimeException ignored) {
            // a hand-made row with something else in it: show it as it is
        }
        return json == null ? List.of() : List.of(json);
    }

    static void checkBudget(String field, long micros, boolean zeroAllowed) {
        if (micros < 0 || (!zeroAllowed && micros == 0)) {
            throw ApiError.badRequest("Invalid " + field + ": must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
        if (micros > MAX_BUDGET_MICROS) {
            throw ApiError.badRequest("Invalid " + field + ": exceeds maximum (" + MAX_BUDGET_MICROS
                    + " microdollars / $1,000,000)");
        }
    }
}

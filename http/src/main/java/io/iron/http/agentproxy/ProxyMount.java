package io.iron.http.agentproxy;

import io.helidon.webserver.http.HttpRouting;
import io.iron.engine.pricing.PriceTable;
import io.iron.http.ServerParts;
import io.iron.proxy.AgentProxy;
import io.iron.proxy.ProxyOptions;
import io.iron.proxy.budget.ActorBudgetGate;

import java.util.function.BiConsumer;

/**
 * Mounts the agent proxy (OpenAI- and Anthropic-compatible routes) on the control server: it spends through the same
 * actors, bank and journal as the budget protocol, authenticates IC tokens against the directory and takes provider
 * keys from the vault.
 */
public final class ProxyMount {
    private ProxyMount() {
    }

    public static BiConsumer<ServerParts, HttpRouting.Builder> routes(PriceTable prices, ProxyOptions options) {
        return (parts, routing) -> {
            AgentRows agents = new AgentRows(parts.directory());
            new AgentProxy(
                    new DirectoryAuthenticator(parts.icTokens(), agents),
                    new DirectoryProviderKeys(parts.directory(), parts.vault(), agents),
                    new MeteredBudgetGate(new ActorBudgetGate(parts.registry(), parts.bank()), parts.metrics()),
                    prices, options).register(routing);
        };
    }
}

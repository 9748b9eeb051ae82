package io.iron.http;

import io.iron.engine.actor.ActorRegistry;
import io.iron.engine.bank.Bank;
import io.iron.engine.config.Secrets;
import io.iron.engine.store.db.Database;
import io.iron.engine.store.directory.Directory;
import io.iron.engine.token.IcTokens;
import io.iron.engine.vault.IpTokens;
import io.iron.engine.vault.ProviderKeyVault;
import io.iron.http.observe.ServerMetrics;

import java.util.function.LongSupplier;

/**
 * Everything a route needs, assembled once by {@link IronServer}. Handed to the extra routing (the proxy's routes) as
 * well, so the proxy spends through the same actors, directory and metrics as the budget protocol.
 *
 * @param leaseTtlMillis time to live of REST leases (0 = none), extended by use (D13)
 * @param clockMillis    the time source of the protocol (ms since the epoch)
 */
public record ServerParts(Database database, Directory directory, Secrets secrets, Bank bank, BudgetBook budgetBook,
                          ActorRegistry registry, ServerMetrics metrics, IcTokens icTokens, ProviderKeyVault vault,
                          IpTokens ipTokens, long leaseTtlMillis, LongSupplier clockMillis) {

    public long nowMillis() {
        return clockMillis.getAsLong();
    }
}

package io.iron.engine.actor;

import io.iron.engine.bank.Bank;
import io.iron.engine.journal.Journal;
import io.iron.engine.journal.LedgerStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Finds or starts the actor of an agent and delivers messages to it. All of one agent's money moves through its
 * actor; actors of different agents run in parallel on virtual threads.
 */
public final class ActorRegistry implements AutoCloseable {
    private final Bank bank;
    private final Journal journal;
    private final LedgerStore ledgerStore;
    private final ActorOptions options;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<Long, AgentActor> actors = new ConcurrentHashMap<>();
    private final boolean unserialized;

    public ActorRegistry(Bank bank, Journal journal, LedgerStore ledgerStore, ActorOptions options,
                         LongSupplier clockMillis) {
        this(bank, journal, ledgerStore, options, clockMillis, false);
    }

    private ActorRegistry(Bank bank, Journal journal, LedgerStore ledgerStore, ActorOptions options,
                          LongSupplier clockMillis, boolean unserialized) {
        this.unserialized = unserialized;
        this.bank = bank;
        this.journal = journal;
        this.ledgerStore = ledgerStore;
        this.options = options;
        this.clockMillis = clockMillis;
    }

    public ActorRegistry(Bank bank, Journal journal, LedgerStore ledgerStore, ActorOptions options) {
        this(bank, journal, ledgerStore, options, System::currentTimeMillis);
    }

    /**
     * Sends a command and waits (cheaply, callers are virtual threads) for its durable answer. When the agent's actor
     * is idle the caller's own thread applies the command (see {@link AgentActor}), so there is nothing to wait for.
     */
    public <R> R ask(long agentId, AgentCommand<R> command) {
        try {
            return send(agentId, command).join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Sends a command; the future completes once its records are durable. Throws {@link ActorBusyException}. */
    public <R> CompletableFuture<R> send(long agentId, AgentCommand<R> command) {
        AgentActor.Envelope<R> envelope = new AgentActor.Envelope<>(command);
        while (true) {
            AgentActor actor = actors.get(agentId); // lock-free; computeIfAbsent only to start one
            if (actor == null) {
                actor = actors.computeIfAbsent(agentId, this::startActor);
            }
            switch (actor.offer(envelope)) {
                case ACCEPTED -> {
                    return envelope;
                }
                case BUSY -> throw new ActorBusyException(agentId, options.mailboxCapacity());
                // It is passivating: once it has left the map (ledger back in the store) the next lookup starts a
                // fresh one. Waiting, not spinning: spinning callers could hold every carrier it needs to finish.
                case RETIRED -> actor.awaitGone();
            }
        }
    }

    /**
     * A deliberately broken registry whose actors apply commands on the callers' threads with no mailbox: it exists
     * only so the concurrency tests can show that they fail when serialization is removed. Never use it otherwise.
     */
    public static ActorRegistry withoutSerializationForTests(Bank bank, Journal journal, LedgerStore ledgerStore,
                                                             ActorOptions options) {
        return new ActorRegistry(bank, journal, ledgerStore, options, System::currentTimeMillis, true);
    }

    boolean unserialized() {
        return unserialized;
    }

    /** Number of live (not passivated) actors. */
    public int liveActors() {
        return actors.size();
    }

    private AgentActor startActor(long agentId) {
        AgentActor a = new AgentActor(agentId, this);
        a.start();
        return a;
    }

    void retired(AgentActor actor) {
        actors.remove(actor.agentId(), actor);
    }

    Bank bank() {
        return bank;
    }

    Journal journal() {
        return journal;
    }

    LedgerStore ledgerStore() {
        return ledgerStore;
    }

    ActorOptions options() {
        return options;
    }

    long nowMillis() {
        return clockMillis.getAsLong();
    }

    /**
     * Shuts down: every live actor hands its house lease back to the bank (so a stopped gateway holds no money), then
     * the actors are dropped. Leases of REST clients stay as they are: their holders return them.
     */
    @Override
    public void close() {
        long returned = 0;
        int agents = 0;
        for (Long agentId : java.util.List.copyOf(actors.keySet())) {
            try {
                returned += send(agentId, new AgentCommand.ReturnHouseLease())
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                agents++;
            } catch (Exception | Error e) {
                System.getLogger(ActorRegistry.class.getName()).log(System.Logger.Level.WARNING,
                        "agent " + agentId + ": house lease not returned at shutdown (" + e + "); it stays drawn"
                                + " until it lapses or is reclaimed");
            }
        }
        if (agents > 0) {
            System.getLogger(ActorRegistry.class.getName()).log(System.Logger.Level.INFO,
                    "shutdown: " + agents + " agents returned " + returned + " µ$ of house leases to the bank");
        }
        actors.clear();
    }
}

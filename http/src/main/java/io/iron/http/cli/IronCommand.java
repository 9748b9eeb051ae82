package io.iron.http.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;

/** The {@code iron} command: the server and the operators' commands. */
@Command(name = "iron", mixinStandardHelpOptions = true, version = "iron 0.1.0",
        description = "Iron: an LLM budget gateway. Start it with `iron serve` (or `iron serve --demo`); the other"
                + " commands talk to a running server's admin API with IRON_ADMIN_TOKEN.",
        subcommands = {ServeCli.class, AgentCli.class, KeyCli.class, TokenCli.class, BudgetCli.class, UsageCli.class,
                LeaseCli.class, ProxyCli.class})
public final class IronCommand implements Runnable {
    private final CliContext ctx;

    public IronCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        new CommandLine(this, factory(ctx)).usage(ctx.out());
    }

    /** Runs one command line; answers the process exit code. User errors print one line on stderr and exit 1. */
    public static int run(CliContext ctx, String... args) {
        CommandLine cl = new CommandLine(new IronCommand(ctx), factory(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException || e instanceof io.iron.engine.config.ConfigException
                    || e instanceof io.iron.engine.store.db.DatabaseException) {
                ctx.err().println("iron: " + e.getMessage());
                ctx.err().flush();
                return 1;
            }
            throw e;
        });
        int code = cl.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /** Builds commands with the context when they take one. */
    static CommandLine.IFactory factory(CliContext ctx) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                    return c.newInstance(ctx);
                } catch (NoSuchMethodException e) {
                    return fallback.create(cls);
                }
            }
        };
    }
}

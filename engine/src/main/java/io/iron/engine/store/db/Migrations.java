package io.iron.engine.store.db;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;

import static io.iron.engine.store.db.DatabaseException.Reason.FOREIGN_SCHEMA;
import static io.iron.engine.store.db.DatabaseException.Reason.MIGRATION_FAILED;
import static io.iron.engine.store.db.DatabaseException.Reason.OTHER;
import static io.iron.engine.store.db.DatabaseException.Reason.SCHEMA_TOO_NEW;

/** Brings a database to this build's schema with Flyway, refusing one that a newer Iron has migrated. */
final class Migrations {

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /**
     * Applies the pending migrations of {@code dialect} and returns the schema version afterwards.
     *
     * @param source an unpooled data source: Flyway may open more than one connection at a time, which a
     *               one-connection writer pool would deadlock on
     */
    static String migrate(DataSource source, Dialect dialect, Failures failures) {
        try {
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(source)
                    .locations("classpath:" + dialect.migrationFolder())
                    .failOnMissingLocations(true)   // a jar without its migrations must not start on a blank schema
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load();
            refuseNewerSchema(flyway.info(), failures.location());
            MigrateResult result = flyway.migrate();
            String version = currentVersion(flyway.info());
            LOG.log(System.Logger.Level.INFO, "database {0}: {1} migration(s) applied, schema version {2}",
                    failures.location(), result.migrationsExecuted, version);
            return version;
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e, failures);
        }
    }

    /**
     * Flyway by default ignores applied migrations it does not know ("future" ones) and carries on; an older Iron
     * would then run on a schema it does not understand, so this refuses instead.
     */
    private static void refuseNewerSchema(MigrationInfoService info, String location) {
        MigrationInfo[] all = info.all();
        Optional<MigrationVersion> newestApplied = Arrays.stream(all)
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder());
        if (newestApplied.isEmpty()) {
            return;
        }
        String newestKnown = Arrays.stream(all)
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("none");
        throw new DatabaseException(SCHEMA_TOO_NEW,
                "database schema version " + newestApplied.get().getVersion()
                        + " is newer than this Iron build supports (" + newestKnown + "); upgrade Iron (database: " + location + ")");
    }

    private static String currentVersion(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
    }

    private static DatabaseException translate(RuntimeException failure, Failures failures) {
        DatabaseException specific = failures.classify(failure, "migrating the schema").orElse(null);
        if (specific != null) {
            return specific;
        }
        String message = Failures.rootMessage(failure);
        if (failure instanceof FlywayValidateException) {
            return new DatabaseException(MIGRATION_FAILED, "database " + failures.location()
                    + ": its applied migrations do not match this Iron build's (" + message
                    + "). Restore the database from a backup taken with this build, or run the Iron build that migrated it.", failure);
        }
        if (failure instanceof FlywayException && message.contains("no schema history table")) {
            return new DatabaseException(FOREIGN_SCHEMA, "database " + failures.location()
                    + " already has tables but no Iron schema history (flyway_schema_history): it was not created by Iron. "
                    + "Point DATABASE_URL at a new file or an empty database.", failure);
        }
        if (failure instanceof FlywayException) {
            return new DatabaseException(MIGRATION_FAILED, "database " + failures.location()
                    + ": migrating the schema failed: " + message, failure);
        }
        return new DatabaseException(OTHER, "database " + failures.location() + ": migrating the schema failed: " + message, failure);
    }
}

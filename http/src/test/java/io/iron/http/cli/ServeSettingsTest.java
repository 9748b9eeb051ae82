package io.iron.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** `iron serve` refuses to start on a missing or bad setting, naming the variable; --demo fills in dev values. */
class ServeSettingsTest {

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("IC_TOKEN_SECRET", "an-ic-token-secret-of-enough-length-000000");
        env.put("IRON_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("IP_TOKEN_KEY", "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
        env.put("JWT_SECRET", "a-jwt-secret-of-enough-length-00000000000000");
        env.put("IRON_ADMIN_TOKEN", "admin-token-0123456789abcdef");
        return env;
    }

    @Test
    void aCompleteEnvironmentStarts() {
        Map<String, String> env = production();
        env.put("SERVER_PORT", "4000");
        env.put("DATABASE_URL", "sqlite://./x.db");
        env.put("IRON_LEASE_TTL_SECONDS", "120");
        ServeSettings s = ServeSettings.read(env, null, null, false);
        assertEquals(4000, s.port());
        assertEquals("sqlite://./x.db", s.databaseUrl());
        assertEquals(Duration.ofSeconds(120), s.leaseTtl());
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = production();
        env.put("SERVER_PORT", "4000");
        ServeSettings s = ServeSettings.read(env, 5000, "sqlite://./y.db", false);
        assertEquals(5000, s.port());
        assertEquals("sqlite://./y.db", s.databaseUrl());
    }

    @Test
    void eachMissingSecretIsNamed() {
        for (String name : new String[] {"IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET",
                "IRON_ADMIN_TOKEN"}) {
            Map<String, String> env = production();
            env.remove(name);
            ConfigException e = assertThrows(ConfigException.class, () -> ServeSettings.read(env, null, null, false));
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.problems().getFirst().startsWith(name + " is not set"), e.getMessage());
        }
    }

    @Test
    void theDevDefaultsAreRefusedOutsideTheDemo() {
        Map<String, String> env = production();
        env.put("IC_TOKEN_SECRET", "dev-ic-token-secret-change-in-production");
        env.put("IRON_ADMIN_TOKEN", ServeSettings.DEMO_ADMIN_TOKEN);
        ConfigException e = assertThrows(ConfigException.class, () -> ServeSettings.read(env, null, null, false));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void badNumbersAreNamed() {
        Map<String, String> env = production();
        env.put("SERVER_PORT", "http");
        env.put("IRON_LEASE_TTL_SECONDS", "-1");
        ConfigException e = assertThrows(ConfigException.class, () -> ServeSettings.read(env, null, null, false));
        assertTrue(e.getMessage().contains("SERVER_PORT must be a port number"), e.getMessage());
        assertTrue(e.getMessage().contains("IRON_LEASE_TTL_SECONDS must be 0"), e.getMessage());
    }

    @Test
    void theDemoNeedsNothing() {
        ServeSettings s = ServeSettings.read(Map.of(), null, null, true);
        assertEquals(3001, s.port());
        assertEquals(ServeSettings.DEMO_DB, s.databaseUrl());
        assertEquals(ServeSettings.DEMO_ADMIN_TOKEN, s.adminToken());
        assertEquals(Duration.ofHours(1), s.leaseTtl());
        assertEquals(4, s.secrets().defaultsUsed().size());
    }
}
